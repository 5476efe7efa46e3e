import { describe, expect, it } from "vitest";
import { PLACEHOLDER_REFS, scpBackupProxyImage } from "../fixtures";
import { urnOf, useEngine } from "./engine";
import { SCP } from "./lifecycles/scp";

const engine = useEngine(SCP);

describe("SCP resources through @pulumi/pulumi's dynamic-provider host", () => {
  for (const { name, run } of SCP.lifecycles) {
    it(`${name}, keeping passwords, tokens and script secrets out of the host's output`, async () => {
      const ctx = engine();
      await run(ctx);
      for (const secret of SCP.secrets(ctx)) expect(ctx.host.output()).not.toContain(secret);
    });
  }

  it("leaves no orphan when a create task fails in the provider host", async () => {
    const ctx = engine();
    const source = ctx.emu.seedServer({ name: "template-2", osName: "Backup Proxy" });
    const image = await ctx.capture("ScpBackupProxyImage", scpBackupProxyImage.args("fail-engine-image", { ...PLACEHOLDER_REFS, scpSourceVmId: source }));
    await expect(ctx.host.create(urnOf("ScpBackupProxyImage"), image.inputs)).rejects.toThrow(/task .* failed: the image store ran out of space/);
    expect(scpBackupProxyImage.objects(ctx.emu)).toEqual([]);
  });
});
