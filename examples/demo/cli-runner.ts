import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import type { DemoRunner, UpSummary } from "./runner";
import type { ConfigEntry } from "./stack-config";

export const DEMO_STACK = "demo";

/** Settings for a throw-away stack: a local file backend in a temp dir and passphrase secrets. */
export function cliWorkspaceEnv(stateDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "backup-infra-demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}

export function toConfigMap(config: Record<string, ConfigEntry>): ConfigMap {
  const out: ConfigMap = {};
  for (const [key, entry] of Object.entries(config)) out[key] = { value: entry.value, secret: entry.secret };
  return out;
}

/** The part of the Automation API the demo uses (a stand-in in tests). */
export type SelectStack = (args: { stackName: string; workDir: string }, opts: { envVars: Record<string, string> }) => Promise<Pick<Stack, "setAllConfig" | "up" | "destroy" | "workspace">>;

const selectWithCli: SelectStack = async (args, opts) => {
  const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
  return LocalWorkspace.createOrSelectStack(args, opts);
};

/** The Pulumi CLI path, through the Automation API. */
export async function createCliRunner(opts: { workDir: string; policyPacks: string[]; onOutput: (line: string) => void; selectStack?: SelectStack }): Promise<DemoRunner> {
  const stateDir = mkdtempSync(join(tmpdir(), "backup-infra-demo-"));
  const stack = await (opts.selectStack ?? selectWithCli)({ stackName: DEMO_STACK, workDir: opts.workDir }, { envVars: cliWorkspaceEnv(stateDir) });
  return {
    name: "Pulumi CLI (Automation API, file backend in a temp dir, passphrase secrets)",
    async setConfig(config) {
      await stack.setAllConfig(toConfigMap(config));
    },
    async up(): Promise<UpSummary> {
      const result = await stack.up({ onOutput: opts.onOutput, policyPacks: opts.policyPacks });
      const outputs: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(result.outputs)) outputs[k] = v.secret ? "[secret]" : v.value;
      return { changes: { ...(result.summary.resourceChanges ?? {}) }, outputs };
    },
    async destroy() {
      await stack.destroy({ onOutput: opts.onOutput });
    },
    async close() {
      await stack.workspace.removeStack(DEMO_STACK).catch(() => undefined);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
