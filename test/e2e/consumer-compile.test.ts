import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, requireBuilt } from "./project";

/**
 * The package as a user's TypeScript sees it: the `npm pack` tarball installed into a project made
 * the way `pulumi new typescript` makes one (its package.json ranges), a program and a policy pack
 * written from the README, each type-checked with its template's tsconfig exactly as generated —
 * strict, no skipLibCheck, no esModuleInterop. `pulumi up` type-checks TypeScript programs, so an
 * error here stops a user's first `pulumi up`.
 */
const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const INSTALL_MS = 180_000;
const COMPILE_MS = 120_000;
const FIXTURES = join(__dirname, "consumer");
const TEMPLATES = join(FIXTURES, "templates");

const version = (dir: string, pkg: string): string => (require(join(dir, "node_modules", pkg, "package.json")) as { version: string }).version;

/** The tsconfigs, each from the template repository at the commit named (files in test/e2e/consumer/templates). */
const PROGRAM_TEMPLATES = [
  // pulumi/templates 81e65225 (2026-03-25, still HEAD at 65db26bf): typescript/tsconfig.json, module and moduleResolution nodenext.
  { label: "pulumi new typescript (pulumi/templates since 2026-03, nodenext)", file: "typescript-2026-03.tsconfig.json" },
  // pulumi/templates a3029400 (2024-04-12): module commonjs, moduleResolution node; the projects made until 2026-03.
  { label: "pulumi new typescript (pulumi/templates 2024-04 to 2026-03, moduleResolution node)", file: "typescript-2024-04.tsconfig.json" },
];
// pulumi/templates-policy 14aff5c7: aws-typescript/tsconfig.json (commonjs, moduleResolution node, noImplicitAny, strictNullChecks).
const POLICY_TEMPLATE = "policy-aws-typescript.tsconfig.json";

/**
 * @pulumi/policy 1.21.0 (the newest release) ships an index.d.ts that re-exports two names from a
 * proxy.d.ts that is empty (`export {}`), so every project that imports @pulumi/policy without
 * skipLibCheck gets these two errors, ours or not. Exactly these are tolerated, in that file only.
 */
const POLICY_UPSTREAM_ERRORS = [
  `node_modules/@pulumi/policy/index.d.ts(2,10): error TS2305: Module '"./proxy"' has no exported member 'unknownCheckingProxy'.`,
  `node_modules/@pulumi/policy/index.d.ts(2,32): error TS2305: Module '"./proxy"' has no exported member 'UnknownValueError'.`,
];

let project = "";
let installLog = "";
const temporary: string[] = [];

async function tsc(dir: string): Promise<{ code: number; lines: string[] }> {
  const tscBin = join(project, "node_modules/typescript/bin/tsc");
  try {
    await run(process.execPath, [tscBin, "-p", dir, "--noEmit", "--pretty", "false"], { cwd: project, timeout: COMPILE_MS, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, lines: [] };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: e.code ?? -1, lines: (e.stdout ?? "").split("\n").filter((l) => l.trim() !== "") };
  }
}

/** The declaration files a compile of `dir` loads, relative to the project. */
async function loadedFiles(dir: string): Promise<string[]> {
  const tscBin = join(project, "node_modules/typescript/bin/tsc");
  const { stdout } = await run(process.execPath, [tscBin, "-p", dir, "--noEmit", "--listFilesOnly"], { cwd: project, timeout: COMPILE_MS, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split("\n").filter(Boolean).map((f) => f.replace(`${project}/`, ""));
}

function withTemplate(name: string, source: string, template: string): string {
  const dir = join(project, name);
  cpSync(join(FIXTURES, source), dir, { recursive: true });
  copyFileSync(join(TEMPLATES, template), join(dir, "tsconfig.json"));
  return dir;
}

beforeAll(async () => {
  requireBuilt();
  const packDir = mkdtempSync(join(tmpdir(), "backup-infra-pack-"));
  project = mkdtempSync(join(tmpdir(), "backup-infra-consumer-"));
  temporary.push(packDir, project);
  await run(npm, ["pack", "--ignore-scripts", "--pack-destination", packDir], { cwd: REPO_ROOT, timeout: 60_000 });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  // The template's package.json (pulumi/templates typescript/package.json), plus what the README's install lines add.
  const manifest = {
    name: "consumer",
    main: "index.ts",
    devDependencies: { "@types/node": "^18", typescript: "^5.0.0" },
    dependencies: {
      "@pulumi/pulumi": version(REPO_ROOT, "@pulumi/pulumi"),
      "@pulumi/policy": version(REPO_ROOT, "@pulumi/policy"),
      "pulumi-backup-infra": `file:${join(packDir, tarball)}`,
    },
  };
  writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  const { stdout, stderr } = await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project, timeout: INSTALL_MS });
  installLog = `${stdout}\n${stderr}`;
}, INSTALL_MS + 60_000);

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("a user's project with the packed package", () => {
  it("installs on this Node without an engine warning, and without the emulators' server", () => {
    expect(installLog).not.toMatch(/EBADENGINE/);
    expect(() => require.resolve("fastify", { paths: [project] })).toThrow();
    expect(() => require.resolve("selfsigned", { paths: [project] })).toThrow();
  });

  for (const template of PROGRAM_TEMPLATES) {
    it(`type-checks the README's program under ${template.label}`, async () => {
      const dir = withTemplate(template.file.replace(".tsconfig.json", ""), "program", template.file);
      const { code, lines } = await tsc(dir);
      expect(lines).toEqual([]);
      expect(code).toBe(0);
      // The declarations hold no zod or fastify types: theirs need esModuleInterop under moduleResolution node.
      const loaded = await loadedFiles(dir);
      expect(loaded.filter((f) => /node_modules\/(zod|fastify|pino|selfsigned)\//.test(f))).toEqual([]);
      expect(loaded.some((f) => f.startsWith("node_modules/pulumi-backup-infra/dist/emulators/"))).toBe(true);
    }, COMPILE_MS * 2);
  }

  it("type-checks the README's company policy pack under the policy template's tsconfig (only @pulumi/policy's own two errors)", async () => {
    // Its package.json spells the version "v1.21.0".
    expect(version(project, "@pulumi/policy")).toMatch(/^v?1\.21\.0$/);
    const dir = withTemplate("policy-pack", "policy-pack", POLICY_TEMPLATE);
    const { lines } = await tsc(dir);
    expect(lines).toEqual(POLICY_UPSTREAM_ERRORS);
  }, COMPILE_MS);

  it("says what to install when a program starts the emulators without their peers", async () => {
    const script = `require("pulumi-backup-infra/emulators")`;
    await expect(run(process.execPath, ["-e", script], { cwd: project, timeout: 30_000 })).rejects.toMatchObject({
      stderr: expect.stringContaining("pulumi-backup-infra/emulators needs fastify and selfsigned, which are optional peer dependencies of pulumi-backup-infra: npm install --save-dev fastify@^5 selfsigned@^5"),
    });
  }, 60_000);
});
