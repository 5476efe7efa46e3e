import { execFileSync } from "node:child_process";
import { join } from "node:path";

export type CliAtHand = { binDir: string } | { missing: string };

/**
 * The Pulumi CLI that `npm run pulumi:bin` has at hand (on PATH, or built and cached), without
 * building one: a cold build takes minutes, so the demo only says how to get it.
 */
export function pulumiCliAtHand(repoRoot: string): CliAtHand {
  try {
    const out = execFileSync("bash", [join(repoRoot, "scripts/pulumi-bin.sh"), "--cached-only"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    return { binDir: out.trim().split("\n").at(-1) ?? "" };
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim().replace(/^pulumi:bin: /gm, "");
    return { missing: said || (error as Error).message };
  }
}
