import { describe, expect, it } from "vitest";
import { cliWorkspaceEnv, toConfigMap } from "../../examples/demo/cli-runner";
import type { DemoRunner, UpSummary } from "../../examples/demo/runner";
import { DEMO_CHANGE, emulatorStackConfig } from "../../examples/demo/stack-config";
import { runDemoSteps } from "../../examples/demo/steps";

const endpoint = { url: "https://127.0.0.1:1", credentials: { username: "admin", password: "pw-secret" } };
const endpoints = (caCertPath?: string) => ({
  spp: { ...endpoint, caCertPath },
  vspc: { ...endpoint, url: "https://127.0.0.1:2/api/v3" },
  sdp: { ...endpoint, url: "https://127.0.0.1:3/v3", credentials: { ...endpoint.credentials, tenantId: "t-1" } },
  scp: { ...endpoint, url: "https://127.0.0.1:4" },
  proxySourceVmId: "vm-1",
});

describe("demo stack config", () => {
  it("points the estate at the emulators with every credential marked secret", () => {
    const config = emulatorStackConfig(endpoints("/tmp/ca.pem"));
    expect(config["spp:url"]).toEqual({ value: "https://127.0.0.1:1", secret: false });
    expect(config["spp:caCert"]).toEqual({ value: "/tmp/ca.pem", secret: false });
    expect(config["sdp:tenantId"]).toEqual({ value: "t-1", secret: false });
    const secrets = Object.entries(config).filter(([, e]) => e.secret).map(([k]) => k).sort();
    expect(secrets).toEqual(["estate:esxiAdminPassword", "estate:tenantOwnerPassword", "estate:vcenterPassword", "scp:password", "sdp:password", "spp:password", "vspc:password"]);
    expect(emulatorStackConfig(endpoints())["spp:caCert"]).toBeUndefined();
    expect(config[DEMO_CHANGE.key].value).not.toBe(DEMO_CHANGE.value);
  });

  it("builds the Automation API's config map and a throw-away backend with the CLI's plugins on PATH", () => {
    expect(toConfigMap({ a: { value: "1", secret: true } })).toEqual({ a: { value: "1", secret: true } });
    const env = cliWorkspaceEnv("/x/state", "/opt/pulumi/bin");
    expect(env).toMatchObject({ PULUMI_BACKEND_URL: "file:///x/state", PULUMI_CONFIG_PASSPHRASE: expect.any(String), PULUMI_SKIP_UPDATE_CHECK: "true" });
    expect(env.PATH.split(":")[0]).toBe("/opt/pulumi/bin");
  });
});

function fakeRunner(ups: UpSummary[]): DemoRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: "fake",
    calls,
    setConfig: async (c) => void calls.push(`config ${c[DEMO_CHANGE.key]?.value}`),
    up: async () => {
      calls.push("up");
      const next = ups.shift();
      if (!next) throw new Error("no more ups");
      return next;
    },
    destroy: async () => void calls.push("destroy"),
    close: async () => undefined,
  };
}

describe("runDemoSteps", () => {
  const config = emulatorStackConfig(endpoints());

  it("creates, re-applies without changes, updates in place and destroys", async () => {
    const runner = fakeRunner([
      { changes: { create: 1 }, outputs: { id: "1001" } },
      { changes: { same: 1 }, outputs: {} },
      { changes: { update: 1, same: 0 }, outputs: {} },
    ]);
    const lines: string[] = [];
    await runDemoSteps(runner, config, (l) => lines.push(l));
    expect(runner.calls).toEqual(["config 3", "up", "up", `config ${DEMO_CHANGE.value}`, "up", "destroy"]);
    expect(lines.join("\n")).toContain('id = "1001"');
  });

  it("fails loudly when the second up is not a no-op", async () => {
    const runner = fakeRunner([
      { changes: { create: 1 }, outputs: {} },
      { changes: { update: 1 }, outputs: {} },
    ]);
    await expect(runDemoSteps(runner, config, () => undefined)).rejects.toThrow(/demo step "no-op" did not do what it should: 1 update/);
  });

  it("fails when the change replaces instead of updating", async () => {
    const runner = fakeRunner([
      { changes: { create: 1 }, outputs: {} },
      { changes: { same: 1 }, outputs: {} },
      { changes: { replace: 1 }, outputs: {} },
    ]);
    await expect(runDemoSteps(runner, config, () => undefined)).rejects.toThrow(/"update"/);
  });
});
