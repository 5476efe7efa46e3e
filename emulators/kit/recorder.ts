export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  /** The route pattern that served it, e.g. "/api/hypervisor/:id". */
  route: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  /** The answer's body, kept for error answers (4xx/5xx) only. */
  responseBody?: unknown;
  receivedAt: number;
  respondedAt?: number;
}

const SENSITIVE = new Set(["authorization", "x-endeavour-sessionid", "x-auth-token", "x-subject-token", "cookie"]);

export function redactHeaderValue(name: string, value: string): string {
  if (!SENSITIVE.has(name)) return value;
  const scheme = value.match(/^(Basic|Bearer|Token)\s/i)?.[1];
  return scheme ? `${scheme} <redacted>` : "<redacted>";
}

/** The emulator's request log, with credentials redacted, and per-route counters. */
export class RequestRecorder {
  private log: RecordedRequest[] = [];
  private seq = 0;

  record(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const recorded = { ...entry, seq: ++this.seq };
    this.log.push(recorded);
    return recorded;
  }

  requests(): RecordedRequest[] {
    return this.log.map((r) => ({ ...r }));
  }

  /** Requests of `method` whose route pattern or path equals `route`. */
  count(method: string, route: string): number {
    return this.log.filter((r) => r.method === method.toUpperCase() && (r.route === route || r.path === route)).length;
  }

  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log) out[`${r.method} ${r.route}`] = (out[`${r.method} ${r.route}`] ?? 0) + 1;
    return out;
  }

  clear(): void {
    this.log = [];
  }
}
