import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { DemoRunner, UpSummary } from "./runner";
import type { ConfigEntry } from "./stack-config";

export const DEMO_STACK = "demo";

/** Settings for a throw-away stack: a local file backend in a temp dir and passphrase secrets. */
export function cliWorkspaceEnv(stateDir: string, binDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "backup-infra-demo",
    PULUMI_HOME: join(stateDir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
  };
}

export function toConfigMap(config: Record<string, ConfigEntry>): ConfigMap {
  const out: ConfigMap = {};
  for (const [key, entry] of Object.entries(config)) out[key] = { value: entry.value, secret: entry.secret };
  return out;
}

/** The real Pulumi CLI in `binDir`, driven through the Automation API on the program in `workDir`. */
export async function createCliRunner(opts: { workDir: string; binDir: string; policyPacks: string[]; onOutput: (line: string) => void }): Promise<DemoRunner> {
  const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
  const stateDir = mkdtempSync(join(tmpdir(), "backup-infra-demo-"));
  const pulumiCommand = await PulumiCommand.get({ root: dirname(opts.binDir), skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: DEMO_STACK, workDir: opts.workDir }, { envVars: cliWorkspaceEnv(stateDir, opts.binDir), pulumiCommand });
  return {
    name: `Pulumi CLI ${pulumiCommand.version?.toString() ?? ""} (Automation API, file backend in a temp dir, passphrase secrets)`,
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
