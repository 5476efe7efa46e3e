import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, projectRoot } from "../../harness/cli-project";
import { codegenBinDir } from "../../harness/language-hosts";
import { pulumiBinDir } from "../../harness/pulumi-bin";
import type { PackageSpec } from "../../providers/plugin/schema/spec";
import { REPO_ROOT, requireBuilt } from "../e2e/project";
import { COMMAND_MS } from "./kit/project";

/**
 * The plugin as the CLI sees it: `pulumi package get-schema` asks the plugin for its schema (the
 * one the build derived), and `pulumi package gen-sdk` makes a Node.js SDK from it that compiles.
 * (The Python and Go SDKs are generated and run by plugin-python.test.ts and plugin-go.test.ts.)
 */
const run = promisify(execFile);
const PLUGIN = join(REPO_ROOT, "bin/pulumi-resource-backupinfra");
let root: string;
let env: Record<string, string>;

beforeAll(() => {
  requireBuilt();
  const made = projectRoot("plugin-sdks");
  root = made.root;
  env = cliEnv(root, made.stateDir);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe("the plugin through `pulumi package`", () => {
  it("serves the schema the build derived", async () => {
    const { stdout } = await run(join(pulumiBinDir(), "pulumi"), ["package", "get-schema", PLUGIN], { cwd: root, env, timeout: COMMAND_MS, maxBuffer: 64 * 1024 * 1024 });
    // The CLI binds the schema and prints it again (keys sorted, defaults dropped): the same package.
    const served = JSON.parse(stdout) as PackageSpec;
    const built = JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")) as PackageSpec;
    expect(served).toMatchObject({ name: "backupinfra", version: built.version });
    expect(Object.keys(served.resources).sort()).toEqual(Object.keys(built.resources).sort());
    expect(Object.keys(served.functions).sort()).toEqual(Object.keys(built.functions).sort());
    expect(Object.keys(served.types).sort()).toEqual(Object.keys(built.types).sort());
    for (const [token, r] of Object.entries(built.resources)) {
      expect(Object.keys(served.resources[token].inputProperties).sort(), token).toEqual(Object.keys(r.inputProperties).sort());
      expect(served.resources[token].properties.connection?.secret ?? false, token).toBe(r.properties.connection?.secret ?? false);
    }
    expect(served.config.variables.sppPassword).toMatchObject({ type: "string", secret: true });
  }, COMMAND_MS);

  it("generates a Node.js SDK that compiles", async () => {
    const out = mkdtempSync(join(tmpdir(), "backup-infra-sdk-nodejs-"));
    try {
      await run(join(codegenBinDir(), "pulumi"), ["package", "gen-sdk", PLUGIN, "--language", "nodejs", "--out", out], { cwd: root, env: { ...env, PATH: `${codegenBinDir()}:${env.PATH}` }, timeout: COMMAND_MS });
      const sdk = join(out, "nodejs");
      expect(readFileSync(join(sdk, "spp/hypervisor.ts"), "utf8")).toMatch(/["']backupinfra:spp:Hypervisor["']/);
      symlinkSync(join(REPO_ROOT, "node_modules"), join(sdk, "node_modules"));
      await run(join(REPO_ROOT, "node_modules/.bin/tsc"), ["-p", sdk, "--noEmit"], { timeout: COMMAND_MS });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 2 * COMMAND_MS);
});
