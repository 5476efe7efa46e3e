import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { onEmulatorSecret } from "../emulators/kit/secrets";

/**
 * A test suite's secrets audit trail. When `BACKUP_INFRA_AUDIT_DIR` is set, the emulators note
 * every credential and token they hold or hand out (once `installEmulatorAudit` has run), captures note which inputs a program marked
 * secret, and provider hosts note everything a person or the engine could see: their stdout and
 * stderr, error messages, the `__provider` text and the outputs. A scan at the end of the run
 * looks for the secrets in the rest. Without the variable nothing is written.
 */
export const AUDIT_DIR_ENV = "BACKUP_INFRA_AUDIT_DIR";

export type AuditEntry =
  | { kind: "secret"; value: string }
  | { kind: "secret-inputs"; type: string; names: string[] }
  | { kind: "text"; source: "host-output" | "error" | "provider" | "cli"; text: string }
  | { kind: "outputs"; type: string; props: Record<string, unknown> }
  | { kind: "host"; event: "started" | "closed"; pid: number };

export function auditing(): boolean {
  return Boolean(process.env[AUDIT_DIR_ENV]);
}

export function audit(entry: AuditEntry): void {
  const dir = process.env[AUDIT_DIR_ENV];
  if (!dir) return;
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

/** Notes secrets held or issued (an emulator's password, a token it hands out). */
export function auditSecrets(...values: (string | undefined)[]): void {
  for (const value of values) if (value) audit({ kind: "secret", value });
}

/** The resource type in a URN (`…::pulumi-nodejs:dynamic/spp:SppHypervisor::name` → `SppHypervisor`). */
export function typeOfUrn(urn: string): string {
  return bareType(urn.split("::")[2] ?? "");
}

/** `pulumi-nodejs:dynamic/spp:SppHypervisor` → `SppHypervisor`. */
export function bareType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

/** Every string inside a value (a secret object's leaves are secrets too). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Notes the inputs a program marked secret: their names (for the type) and their values. */
export function auditSecretInputs(type: string, inputs: Record<string, unknown>, names: readonly string[]): void {
  if (!auditing() || names.length === 0) return;
  audit({ kind: "secret-inputs", type: bareType(type), names: [...names] });
  for (const name of names) auditSecrets(...strings(inputs[name]));
}

/**
 * Has the emulators in this process note their secrets in the trail (when it is on). Vitest's
 * setup file runs it in every test worker; a process the tests start that runs emulators is
 * started with `--require dist/harness/audit-hook.js`.
 */
export function installEmulatorAudit(): void {
  onEmulatorSecret(auditing() ? (value) => auditSecrets(value) : undefined);
}
