import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";

const REPO_ROOT = dirname(require.resolve("pulumi-backup-infra/package.json"));

/** The CLI's cold build plus the hosts' (measured: about 1.5 min with the CLI built, more with a cold Go cache). */
const BUILD_MS = 45 * 60_000;
const cached = new Map<string, string>();

function run(mode: "--with-cli" | "--codegen"): string {
  const hit = cached.get(mode);
  if (hit) return hit;
  try {
    const out = execFileSync("bash", [join(REPO_ROOT, "scripts/pulumi-hosts.sh"), mode], { encoding: "utf8", timeout: BUILD_MS, stdio: ["ignore", "pipe", "pipe"] });
    const dir = out.trim().split("\n").at(-1) ?? "";
    cached.set(mode, dir);
    return dir;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-5).join("\n") ?? "";
    throw new Error(`the Python, Go and YAML language hosts could not be had (scripts/pulumi-hosts.sh ${mode}): ${stderr || (error as Error).message}`);
  }
}

/**
 * One directory with `pulumi` (scripts/pulumi-bin.sh), its Node.js plugins and the language hosts for
 * Python, Go and YAML programs, built on first use. Put it first on PATH. Python programs run in the
 * virtualenv {@link pythonVirtualenv} (or BACKUP_INFRA_PYTHON_VIRTUALENV); Go programs need `go` and a
 * go.mod with github.com/pulumi/pulumi/sdk/v3.
 */
export function languageHostsBinDir(): string {
  return run("--with-cli");
}

/** A directory with `pulumi` whose python, go and nodejs language plugins only serve `pulumi package gen-sdk`. */
export function codegenBinDir(): string {
  return run("--codegen");
}

/** The virtualenv (with the `pulumi` Python SDK) that the Python host of {@link languageHostsBinDir} uses. */
export function pythonVirtualenv(): string {
  return join(languageHostsBinDir(), "..", "venv");
}
