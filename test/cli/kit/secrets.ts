import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { audit, AUDIT_DIR_ENV, type AuditEntry } from "../../../harness/audit-trail";
import { MIN_SECRET_LENGTH } from "../../audit/secrets-scan";
import type { CliProject } from "./project";

/** Every secret the emulators of this run have held or issued so far (passwords, tokens, sessions, keys). */
export function notedSecrets(): string[] {
  const dir = process.env[AUDIT_DIR_ENV];
  if (!dir) throw new Error(`${AUDIT_DIR_ENV} is not set: the CLI tier's secrets scan runs under vitest's global setup`);
  const values = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n").filter(Boolean)) {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry.kind === "secret" && entry.value.length >= MIN_SECRET_LENGTH) values.add(entry.value);
    }
  }
  return [...values];
}

const mask = (secret: string): string => `${secret.slice(0, 3)}…(${secret.length} chars)`;

/**
 * No secret in plain text anywhere a person or a backup of the state could see it: the whole
 * output of every command the project ran (except those `shown` on purpose, such as
 * `stack output --show-secrets`), every file of the state backend, and `pulumi stack export`.
 * Everything scanned also goes to the whole-suite audit trail.
 */
export async function expectNoPlaintextSecrets(project: CliProject, stack: string, opts: { extra?: string[]; shown?: (args: string[]) => boolean } = {}): Promise<{ secrets: number; texts: number }> {
  const exported = (await project.exportState(stack)).text;
  const texts = [
    ...project.transcripts.filter((t) => !opts.shown?.(t.args)).map((t) => ({ where: `the output of \`pulumi ${t.args.join(" ")}\``, text: t.output })),
    ...project.stateFiles().map((f) => ({ where: `the state file ${f.path.slice(project.stateDir.length)}`, text: f.text })),
    { where: "pulumi stack export", text: exported },
  ];
  const secrets = [...new Set([...notedSecrets(), ...(opts.extra ?? [])])].filter((s) => s.length >= MIN_SECRET_LENGTH);
  expect(secrets.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const { where, text } of texts) {
    audit({ kind: "text", source: "cli", text });
    for (const secret of secrets) if (text.includes(secret)) leaks.push(`${where} holds the secret ${mask(secret)}`);
  }
  expect(leaks).toEqual([]);
  return { secrets: secrets.length, texts: texts.length };
}
