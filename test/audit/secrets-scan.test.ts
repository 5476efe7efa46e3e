import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../harness/audit-trail";
import { scanAudit } from "./secrets-scan";

const SECRET = "Audit-Passw0rd-42";
const base: AuditEntry[] = [
  { kind: "secret", value: SECRET },
  { kind: "secret", value: "short" },
  { kind: "secret-inputs", type: "SppHypervisor", names: ["password"] },
  { kind: "host", event: "started", pid: 1 },
  { kind: "host", event: "closed", pid: 1 },
];

describe("the secrets audit scan", () => {
  it("passes a trail where secrets sit only in secret outputs", () => {
    const report = scanAudit(
      [
        ...base,
        { kind: "outputs", type: "SppHypervisor", props: { hostAddress: "vc", password: SECRET } },
        { kind: "outputs", type: "VspcApiKey", props: { apiKey: SECRET } },
        { kind: "text", source: "host-output", text: "registered vc; password [redacted]" },
      ],
      { VspcApiKey: ["apiKey"] },
    );
    expect(report).toMatchObject({ hostsStarted: 1, hostsClosed: 1, secrets: 1, outputs: 2, leaks: [] });
  });

  it("reports a secret in host output, an error, a provider text and a non-secret output, without printing it", () => {
    const report = scanAudit(
      [
        ...base,
        { kind: "text", source: "host-output", text: `debug: body {"password":"${SECRET}"}` },
        { kind: "text", source: "error", text: `login failed for ${SECRET}` },
        { kind: "text", source: "provider", text: `exports.handler = () => "${SECRET}"` },
        { kind: "outputs", type: "SppHypervisor", props: { note: { nested: SECRET } } },
        { kind: "outputs", type: "VspcApiKey", props: { apiKey: SECRET } },
      ],
      {},
    );
    expect(report.leaks).toEqual([
      "the provider host's output holds the secret Aud…(17 chars)",
      "an error message holds the secret Aud…(17 chars)",
      "a __provider text holds the secret Aud…(17 chars)",
      "SppHypervisor.note (not a secret output) holds the secret Aud…(17 chars)",
      "VspcApiKey.apiKey (not a secret output) holds the secret Aud…(17 chars)",
    ]);
    expect(report.leaks.join("\n")).not.toContain(SECRET);
  });
});
