import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../emulators";
import type { ProviderHost } from "../../harness";
import { runSppLifecycle } from "./lifecycle";
import { REPO_ROOT, requireBuilt } from "./project";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let emu: SppEmulator;
const projects: string[] = [];
const hosts: ProviderHost[] = [];

const manifest = require(join(REPO_ROOT, "package.json")) as { peerDependencies: Record<string, string> };
/** The oldest @pulumi/pulumi the peer range admits (its ">=" bound). */
const OLDEST_PULUMI = /^>=(\S+)/.exec(manifest.peerDependencies["@pulumi/pulumi"])?.[1] ?? "";
const DEV_PULUMI = (require(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json")) as { version: string }).version;

/** A user's project: `npm pack` of this repository installed next to the given @pulumi/pulumi. */
async function installPackedProject(pulumiVersion: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "backup-infra-user-"));
  await run(npm, ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, timeout: 120_000 });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "user-project", private: true, dependencies: { "pulumi-backup-infra": `file:./${tarball}`, "@pulumi/pulumi": pulumiVersion } }),
  );
  await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, timeout: 300_000 });
  return dir;
}

beforeAll(async () => {
  requireBuilt();
  emu = await startSppEmulator({ knobs: { inventoryMs: 50 } });
}, 60_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await emu?.close();
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe("the npm pack tarball, installed as a user would", () => {
  it("ships the build, the emulator CLI and the docs, and no sources or tests", async () => {
    const { stdout } = await run(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, timeout: 120_000 });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["dist/providers/index.js", "dist/providers/index.d.ts", "dist/emulators/cli.js", "README.md", "LICENSE", "CHANGELOG.md", "package.json"]));
    expect(files.filter((f) => /^(test|providers|emulators|harness|examples)\//.test(f) || f.startsWith("dist/examples/"))).toEqual([]);
  });

  it.each([
    ["the development", DEV_PULUMI],
    ["the oldest supported", OLDEST_PULUMI],
  ])("runs the full SppHypervisor lifecycle from the installed package with %s @pulumi/pulumi (%s)", async (_label, version) => {
    expect(version).toMatch(/^3\.\d+\.\d+$/);
    const project = await installPackedProject(version);
    projects.push(project);
    expect((require(join(project, "node_modules/@pulumi/pulumi/package.json")) as { version: string }).version).toBe(version);
    const result = await runSppLifecycle(project, emu);
    hosts.push(result.host);
    expect(result.providerText).not.toContain(project);
  }, 360_000);
});
