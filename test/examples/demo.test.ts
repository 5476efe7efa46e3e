import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliWorkspaceEnv, toConfigMap } from "../../examples/demo/cli-runner";
import { findPulumiCli } from "../../examples/demo/pulumi-cli";
import type { DemoRunner, UpSummary } from "../../examples/demo/runner";
import { DEMO_CHANGE, emulatorStackConfig } from "../../examples/demo/stack-config";
import { runDemoSteps } from "../../examples/demo/steps";

const scratch = mkdtempSync(join(tmpdir(), "demo-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

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

  it("builds the Automation API's config map and a throw-away backend", () => {
    expect(toConfigMap({ a: { value: "1", secret: true } })).toEqual({ a: { value: "1", secret: true } });
    expect(cliWorkspaceEnv("/x/state")).toMatchObject({ PULUMI_BACKEND_URL: "file:///x/state", PULUMI_CONFIG_PASSPHRASE: expect.any(String) });
  });
});

describe("findPulumiCli", () => {
  it("finds an executable pulumi on PATH and ignores a non-executable one", () => {
    const withCli = join(scratch, "bin");
    const without = join(scratch, "nobin");
    for (const dir of [withCli, without]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "pulumi"), "#!/bin/sh\n");
    }
    chmodSync(join(withCli, "pulumi"), 0o755);
    chmodSync(join(without, "pulumi"), 0o644);
    expect(findPulumiCli(`${without}:${withCli}`, false)).toBe(join(withCli, "pulumi"));
    expect(findPulumiCli(without, false)).toBeUndefined();
    expect(findPulumiCli("", false)).toBeUndefined();
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

describe("the demo's Pulumi CLI path, up to the CLI call", () => {
  it("selects a throw-away stack in the repository with a file backend and passphrase, sets the config, runs the policy pack, and cleans up", async () => {
    const { createCliRunner } = await import("../../examples/demo/cli-runner");
    const calls: unknown[][] = [];
    let backend = "";
    const fakeStack = {
      setAllConfig: async (config: unknown) => void calls.push(["setAllConfig", config]),
      up: async (o: { policyPacks?: string[] }) => {
        calls.push(["up", o.policyPacks]);
        return { outputs: { id: { value: "1001", secret: false }, key: { value: "k", secret: true } }, summary: { resourceChanges: { create: 2 } } };
      },
      destroy: async () => void calls.push(["destroy"]),
      workspace: { removeStack: async (name: string) => void calls.push(["removeStack", name]) },
    };
    const runner = await createCliRunner({
      workDir: "/repo",
      policyPacks: ["/repo/policies"],
      onOutput: () => undefined,
      selectStack: async (args, opts) => {
        calls.push(["select", args]);
        backend = opts.envVars.PULUMI_BACKEND_URL;
        expect(opts.envVars.PULUMI_CONFIG_PASSPHRASE).toBeTruthy();
        return fakeStack as never;
      },
    });
    await runner.setConfig({ "spp:password": { value: "pw", secret: true } });
    expect(await runner.up()).toEqual({ changes: { create: 2 }, outputs: { id: "1001", key: "[secret]" } });
    await runner.destroy();
    await runner.close();
    expect(calls).toEqual([
      ["select", { stackName: "demo", workDir: "/repo" }],
      ["setAllConfig", { "spp:password": { value: "pw", secret: true } }],
      ["up", ["/repo/policies"]],
      ["destroy"],
      ["removeStack", "demo"],
    ]);
    expect(backend).toMatch(/^file:\/\/.*backup-infra-demo-/);
    expect(existsSync(backend.replace("file://", ""))).toBe(false);
  });
});
