import { describe, expect, it } from "vitest";
import { useEngine } from "./engine";
import { COMPANY_URN, KEY_URN, VSPC, companyArgs } from "./lifecycles/vspc";

const engine = useEngine(VSPC);

describe("VspcCompany and VspcApiKey through @pulumi/pulumi's dynamic-provider host", () => {
  for (const { name, run } of VSPC.lifecycles) {
    it(`${name}, keeping the key and the owner password out of the host's output`, async () => {
      const ctx = engine();
      await run(ctx);
      for (const secret of VSPC.secrets(ctx)) expect(ctx.host.output()).not.toContain(secret);
    });
  }

  it("returns check failures with property paths and sends nothing", async () => {
    const ctx = engine();
    const { host, emu } = ctx;
    emu.clearLog();
    const bad = await ctx.capture("VspcCompany", { ...companyArgs, organization: { name: "", email: "nope" } });
    const failures = (await host.check(COMPANY_URN, {}, bad.inputs)).failures.map((f) => f.property).sort();
    expect(failures).toEqual(["organization.email", "organization.name"]);
    const badKey = await ctx.capture("VspcApiKey", { userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000", scopes: ["shell"] });
    expect((await host.check(KEY_URN, {}, badKey.inputs)).failures.map((f) => f.property)).toEqual(["scopes[0]"]);
    expect(emu.requests()).toHaveLength(0);
  });
});
