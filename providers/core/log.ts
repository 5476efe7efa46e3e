import { redact } from "./redact";

type Level = "debug" | "info" | "warn";
const ORDER: Record<Level | "silent", number> = { debug: 0, info: 1, warn: 2, silent: 3 };

function threshold(): number {
  const wanted = (process.env.BACKUP_INFRA_LOG ?? "info").toLowerCase();
  return wanted in ORDER ? ORDER[wanted as keyof typeof ORDER] : ORDER.info;
}

/**
 * Progress lines from the provider host. They go to stderr, which the Pulumi CLI shows as they
 * arrive and again under Diagnostics, filed under the stack (the engine relays the dynamic provider
 * plugin's stderr; test/cli/heartbeat.test.ts); every line is redacted. `BACKUP_INFRA_LOG=debug|info|warn|silent` picks the level.
 */
export function log(level: Level, scope: string, message: string): void {
  if (ORDER[level] < threshold()) return;
  process.stderr.write(`[pulumi-backup-infra] ${level} ${scope}: ${redact(message)}\n`);
}
