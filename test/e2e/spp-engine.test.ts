import { beforeEach, describe, expect, it } from "vitest";
import { useEngine } from "./engine";
import { BASE_ARGS, SPP, URN } from "./lifecycles/spp";
import { REPO_ROOT } from "./project";

const engine = useEngine(SPP);
beforeEach(() => {
  engine().emu.clearLog();
  engine().emu.clearFaults();
});

describe("SppHypervisor through @pulumi/pulumi's dynamic-provider host", () => {
  for (const { name, run } of SPP.lifecycles) {
    it(`${name}, with one login for the whole provider process`, async () => {
      const ctx = engine();
      await run(ctx);
      for (const secret of SPP.secrets(ctx)) expect(ctx.host.output()).not.toContain(secret);
    });
  }

  it("serialises a small provider with no absolute path and no secret", async () => {
    const ctx = engine();
    const { providerText, inputs } = await ctx.capture("SppHypervisor", BASE_ARGS);
    expect(Buffer.byteLength(providerText ?? "")).toBeLessThan(4 * 1024);
    expect(providerText).not.toMatch(/\/(work|home|tmp|usr|root)\//);
    expect(providerText).not.toContain(REPO_ROOT);
    expect(providerText).not.toContain(String(inputs.password));
    expect(providerText).toContain('require("pulumi-backup-infra/registry").providerFor(token)');
  });

  it("returns check failures by property and sends nothing", async () => {
    const ctx = engine();
    const { emu } = ctx;
    const { inputs } = await ctx.capture("SppHypervisor", BASE_ARGS);
    const cases: [Record<string, unknown>, string][] = [
      [{ portNumber: 0 }, "portNumber"],
      [{ type: "xen" }, "type"],
      [{ hostAddress: 7 }, "hostAddress"],
      [{ username: undefined, password: undefined }, "username"],
      [{ identityUserHref: "https://spp/api/identity/user/1" }, "identityUserHref"],
    ];
    for (const [patch, property] of cases) {
      const news = JSON.parse(JSON.stringify({ ...inputs, ...patch })) as Record<string, unknown>;
      const { failures } = await ctx.host.check(URN, {}, news);
      expect(failures.map((f) => f.property)).toContain(property);
    }
    expect(emu.requests()).toHaveLength(0);
  });

  it("records a partial create as init-failed with the hypervisor's id", async () => {
    const ctx = engine();
    const { emu } = ctx;
    emu.setKnobs({ inventoryFails: true });
    try {
      const { inputs } = await ctx.capture("SppHypervisor", { ...BASE_ARGS, hostAddress: "vc-initfail.example", waitForInventory: true });
      const error = await ctx.host.create(URN, inputs).catch((e: unknown) => e);
      expect(error).toMatchObject({ initFailed: { id: expect.stringMatching(/^\d+$/), reasons: [expect.stringContaining("first inventory")] } });
      const { id, properties } = (error as { initFailed: { id: string; properties: Record<string, unknown> } }).initFailed;
      expect(emu.inventory().hypervisors.map((h) => h.id)).toContain(id);
      // The engine records these properties as the outputs and hands them back to read and delete:
      // the host must be able to load the provider from them.
      expect(properties.__provider).toBe(inputs.__provider);
      expect((await ctx.host.read(id, URN, properties)).properties).toMatchObject({ hostAddress: "vc-initfail.example", inventoryStatus: "FAILED" });
      await ctx.host.delete(id, URN, properties);
      expect(emu.inventory().hypervisors.map((h) => h.id)).not.toContain(id);
    } finally {
      emu.setKnobs({ inventoryFails: false });
    }
  });

  it("reports SPP's 401 through the host as one line without the password", async () => {
    const ctx = engine();
    const { inputs } = await ctx.capture("SppHypervisor", { ...BASE_ARGS, hostAddress: "vc-401.example", password: "wrong-password" });
    const error = (await ctx.host.create(URN, inputs).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^SppHypervisor "vc-401\.example" create failed: the hypervisor rejected the credentials — Authentication failed\. .* \[Spectrum Protect Plus HypervisorConnectionAuthException, HTTP 401, POST \/ngp\/hypervisor\]$/);
    expect(error.message).not.toContain("wrong-password");
    expect(ctx.host.output()).not.toContain("wrong-password");
  });
});
