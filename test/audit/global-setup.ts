import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUDIT_DIR_ENV, type AuditEntry } from "../../harness/audit-trail";
import { scanAudit } from "./secrets-scan";

/** Each exported resource class's declared secret outputs, by type name. */
async function declaredSecretOutputs(): Promise<Record<string, readonly string[]>> {
  const exported = (await import("../../providers")) as Record<string, unknown>;
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(exported)) {
    const declared = (value as { secretOutputs?: unknown } | undefined)?.secretOutputs;
    if (typeof value === "function" && Array.isArray(declared)) out[name] = declared as string[];
  }
  return out;
}

function readTrail(dir: string): AuditEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as AuditEntry));
}

/**
 * The whole-suite secrets audit: every test process (and every provider host, capture and demo
 * they start) writes its trail to one folder; after the last test the trail is scanned. A leak, or
 * a provider host whose output was never collected, fails the run.
 */
export default function setup(): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "backup-infra-audit-"));
  process.env[AUDIT_DIR_ENV] = dir;
  return async () => {
    const report = scanAudit(readTrail(dir), await declaredSecretOutputs());
    rmSync(dir, { recursive: true, force: true });
    const texts = Object.entries(report.texts).map(([k, n]) => `${n} ${k}`).join(", ") || "no texts";
    process.stdout.write(
      `\nsecrets audit: ${report.secrets} secrets against ${texts}, ${report.outputs} output sets; provider hosts ${report.hostsClosed}/${report.hostsStarted} collected; leaks: ${report.leaks.length}\n`,
    );
    for (const leak of report.leaks) process.stdout.write(`  LEAK: ${leak}\n`);
    if (report.leaks.length > 0 || report.hostsClosed !== report.hostsStarted) {
      process.stdout.write("secrets audit FAILED\n");
      process.exitCode = 1;
    }
  };
}
