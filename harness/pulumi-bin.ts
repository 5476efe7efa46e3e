import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";

const REPO_ROOT = dirname(require.resolve("pulumi-backup-infra/package.json"));

/** A cold build of the CLI from the Go module proxy (measured: about 4 min on 2 cores, more with a cold module cache). */
const BUILD_MS = 40 * 60_000;
let cached: string | undefined;

/**
 * The directory that holds `pulumi` and its plugins (`npm run pulumi:bin`), built on first use.
 * Throws with the script's own reason when there is none: the CLI tier fails, it never skips.
 */
export function pulumiBinDir(): string {
  if (cached) return cached;
  try {
    const out = execFileSync("bash", [join(REPO_ROOT, "scripts/pulumi-bin.sh")], { encoding: "utf8", timeout: BUILD_MS, stdio: ["ignore", "pipe", "pipe"] });
    cached = out.trim().split("\n").at(-1) ?? "";
    return cached;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-5).join("\n") ?? "";
    throw new Error(`the CLI tier needs the Pulumi CLI and could not get it (scripts/pulumi-bin.sh): ${stderr || (error as Error).message}`);
  }
}
