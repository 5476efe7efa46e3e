import { execFile } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Registration } from "../../harness";

export const REPO_ROOT = resolve(__dirname, "../..");
const run = promisify(execFile);

export function requireBuilt(): void {
  if (!existsSync(join(REPO_ROOT, "dist/providers/spp/hypervisor.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  }
}

/** Where a program runs: its directory (whose installed packages it uses) and the node binary that runs it and its provider host. */
export interface Runtime {
  dir: string;
  /** Absent: this process's own node. */
  nodePath?: string;
}
export const REPO: Runtime = { dir: REPO_ROOT };

async function runCapture(projectDir: string, nodePath: string, args: string[]): Promise<unknown> {
  const fixture = join(__dirname, "fixtures/capture.js");
  // Modules resolve from the script's own folder, so a temporary project gets its own copy.
  const script = projectDir === REPO_ROOT ? fixture : join(projectDir, "capture.js");
  if (script !== fixture) copyFileSync(fixture, script);
  const env = { ...process.env, BACKUP_INFRA_CAPTURE_HARNESS: join(REPO_ROOT, "dist/harness/capture.js") };
  const { stdout } = await run(nodePath, [script, ...args], { cwd: projectDir, env, timeout: 60_000 });
  return JSON.parse(stdout);
}

/** What the engine would receive for a `className` resource built in `projectDir` with its installed packages. */
export async function captureResource(projectDir: string, className: string, args: Record<string, unknown>, nodePath = process.execPath): Promise<Registration> {
  return (await runCapture(projectDir, nodePath, [className, JSON.stringify(args)])) as Registration;
}

/** The same for several resources, built by one program (one process): in the order given. */
export async function captureResources(projectDir: string, resources: [className: string, args: Record<string, unknown>][], nodePath = process.execPath): Promise<Registration[]> {
  return (await runCapture(projectDir, nodePath, ["--many", JSON.stringify(resources)])) as Registration[];
}
