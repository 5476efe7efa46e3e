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

/** What the engine would receive for a `className` resource built in `projectDir` with its installed packages. */
export async function captureResource(projectDir: string, className: string, args: Record<string, unknown>): Promise<Registration> {
  const fixture = join(__dirname, "fixtures/capture.js");
  // Modules resolve from the script's own folder, so a temporary project gets its own copy.
  const script = projectDir === REPO_ROOT ? fixture : join(projectDir, "capture.js");
  if (script !== fixture) copyFileSync(fixture, script);
  const { stdout } = await run(process.execPath, [script, className, JSON.stringify(args)], { cwd: projectDir, timeout: 60_000 });
  return JSON.parse(stdout) as Registration;
}

export const captureSpp = (projectDir: string, args: Record<string, unknown>): Promise<Registration> => captureResource(projectDir, "SppHypervisor", args);
