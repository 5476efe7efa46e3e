import { describe, expect, it } from "vitest";
import { useEngine } from "./engine";
import { SDP } from "./lifecycles/sdp";

const engine = useEngine(SDP);

describe("SDP resources through @pulumi/pulumi's dynamic-provider host", () => {
  for (const { name, run } of SDP.lifecycles) {
    it(name, async () => {
      await run(engine());
    });
  }

  it("keeps every password, key and token out of the host's output", () => {
    const ctx = engine();
    expect(ctx.emu.issuedTokens().length).toBeGreaterThan(0);
    for (const secret of SDP.secrets(ctx)) expect(ctx.host.output()).not.toContain(secret);
  });
});
