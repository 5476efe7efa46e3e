import * as pulumi from "@pulumi/pulumi";
import { ProgramEngine } from "../../harness/program";
import { startProviderHost } from "../../harness";
import type { DemoRunner, UpSummary } from "./runner";
import type { ConfigEntry } from "./stack-config";

const PROJECT = "backup-infra-estate";
const STACK = "demo";

/**
 * The no-CLI path: the program runs under mocks in this process, and every resource goes to
 * @pulumi/pulumi's real dynamic-provider host over gRPC — a fresh host per `up`, as the engine does.
 */
export async function createHarnessRunner(opts: { repoRoot: string; program: string; onOutput?: (text: string) => void }): Promise<DemoRunner> {
  const engine = new ProgramEngine(pulumi, PROJECT, STACK);
  let config: Record<string, ConfigEntry> = {};

  const withHost = async <R>(body: (host: Awaited<ReturnType<typeof startProviderHost>>) => Promise<R>): Promise<R> => {
    const plain = Object.fromEntries(Object.entries(config).map(([k, e]) => [k, e.value]));
    const host = await startProviderHost({ cwd: opts.repoRoot, project: PROJECT, config: plain, onOutput: opts.onOutput });
    try {
      await host.configure(plain);
      return await body(host);
    } finally {
      await host.close();
    }
  };

  const runProgram = async (): Promise<Record<string, unknown>> => {
    delete require.cache[require.resolve(opts.program)];
    return { ...(require(opts.program) as Record<string, unknown>) };
  };

  const runner: DemoRunner = {
    name: "the engine-protocol harness (harness/: @pulumi/pulumi's dynamic-provider host over gRPC)",
    async setConfig(next) {
      config = next;
    },
    async up(): Promise<UpSummary> {
      const result = await withHost((host) => engine.up(host, runProgram, config));
      return { changes: result.changes, outputs: result.outputs };
    },
    async destroy() {
      await withHost((host) => engine.destroy(host));
    },
    async close() {
      if (engine.resources().length > 0) await runner.destroy();
    },
  };
  return runner;
}
