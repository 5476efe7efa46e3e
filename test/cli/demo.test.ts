import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "../../harness/audit-trail";
import { REPO_ROOT, requireBuilt } from "../e2e/project";
import { pulumiBinDir } from "./kit/pulumi-bin";

const run = promisify(execFile);
const DEMO_MS = 180_000;
const emptyCache = mkdtempSync(join(tmpdir(), "backup-infra-no-cli-"));
afterAll(() => rmSync(emptyCache, { recursive: true, force: true }));

async function demo(env: NodeJS.ProcessEnv): Promise<string> {
  requireBuilt();
  const { stdout, stderr } = await run(process.execPath, ["--require", join(REPO_ROOT, "dist/harness/audit-hook.js"), join(REPO_ROOT, "dist/examples/demo/main.js")], { cwd: REPO_ROOT, env, timeout: DEMO_MS, maxBuffer: 64 * 1024 * 1024 });
  // The demo's emulators note their secrets in the whole-suite audit trail; its output is scanned against them.
  audit({ kind: "text", source: "cli", text: stdout + stderr });
  return stdout + stderr;
}

/** What each step of the demo reported (its summary line follows the step's heading). */
function steps(output: string): string[] {
  return [...output.matchAll(/^(\d\/4) .*$/gm)].map((m) => m[1]);
}

describe("npm run demo", () => {
  it("applies, re-applies, updates and destroys the estate with the real CLI when pulumi:bin has one", async () => {
    const bin = pulumiBinDir();
    const output = await demo({ ...process.env, PATH: process.env.PATH });
    expect(output).toContain(`Using the real Pulumi CLI in ${bin}: Pulumi CLI 3.219.0`);
    expect(steps(output)).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    // The stack, 5 components and 13 resources (the proxy image's upload into the second pool and the guest VM's license since issue 16).
    expect(output).toMatch(/^ {4}19 create$/m);
    expect(output).toMatch(/^ {4}19 same$/m);
    expect(output).toMatch(/^ {4}18 same, 1 update$/m);
    // The policy pack in policies/ gated every up.
    expect(output.match(/✅ backup-infra@v0\.1\.0 \(local: .*\/policies\)/g)?.length).toBe(3);
    expect(output).toMatch(/Demo finished in [\d.]+ s; stopping the emulators\./);
  }, DEMO_MS);

  it("says how to get the CLI and applies through the provider-host harness when there is none", async () => {
    const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.includes("pulumi")).join(delimiter);
    const output = await demo({ ...process.env, PATH: path, BACKUP_INFRA_PULUMI_CACHE: emptyCache });
    expect(output).toContain("No Pulumi CLI at hand (no Pulumi CLI on PATH or in");
    expect(output).toContain("run `npm run pulumi:bin` to build one");
    expect(output).toContain("Applying the estate through the engine-protocol harness");
    expect(steps(output)).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    expect(output).toMatch(/Demo finished in [\d.]+ s/);
  }, DEMO_MS);
});
