import type { AuditEntry } from "../../harness/audit-trail";

/** Shorter values (a username-like "admin") would match by chance; every real secret here is longer. */
export const MIN_SECRET_LENGTH = 8;

export interface AuditReport {
  hostsStarted: number;
  hostsClosed: number;
  secrets: number;
  texts: Record<string, number>;
  outputs: number;
  leaks: string[];
}

const SOURCE_LABEL = { "host-output": "the provider host's output", error: "an error message", provider: "a __provider text", cli: "the Pulumi CLI's output or state" } as const;

const mask = (secret: string): string => `${secret.slice(0, 3)}…(${secret.length} chars)`;

/**
 * Looks for every secret of the trail in everything that is not secret: host output, errors,
 * `__provider` texts, and outputs other than those the engine keeps secret (named like a secret
 * input of the type, or a type's declared secret outputs).
 */
export function scanAudit(entries: readonly AuditEntry[], secretOutputs: Readonly<Record<string, readonly string[]>>): AuditReport {
  const secrets = new Set<string>();
  const secretNames = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.kind === "secret" && e.value.length >= MIN_SECRET_LENGTH) secrets.add(e.value);
    if (e.kind === "secret-inputs") {
      const names = secretNames.get(e.type) ?? new Set<string>();
      for (const n of e.names) names.add(n);
      secretNames.set(e.type, names);
    }
  }
  const report: AuditReport = { hostsStarted: 0, hostsClosed: 0, secrets: secrets.size, texts: {}, outputs: 0, leaks: [] };
  const look = (where: string, text: string): void => {
    for (const secret of secrets) if (text.includes(secret)) report.leaks.push(`${where} holds the secret ${mask(secret)}`);
  };
  for (const e of entries) {
    if (e.kind === "host" && e.event === "started") report.hostsStarted++;
    if (e.kind === "host" && e.event === "closed") report.hostsClosed++;
    if (e.kind === "text") {
      report.texts[e.source] = (report.texts[e.source] ?? 0) + 1;
      look(SOURCE_LABEL[e.source], e.text);
    }
    if (e.kind === "outputs") {
      report.outputs++;
      const hidden = new Set([...(secretNames.get(e.type) ?? []), ...(secretOutputs[e.type] ?? []), "__provider"]);
      for (const [key, value] of Object.entries(e.props)) if (!hidden.has(key)) look(`${e.type}.${key} (not a secret output)`, JSON.stringify(value) ?? "");
    }
  }
  report.leaks = [...new Set(report.leaks)];
  return report;
}
