import type { RecordedRequest } from "../emulators";

/** What an emulator offers for reading its request log. */
export interface RequestLog {
  requests(): RecordedRequest[];
  clearLog(): void;
}

/** Login and token requests of each vendor: excluded from request counts (auth is amortised). */
const AUTH_ROUTES = new Set(["POST /api/endeavour/session", "POST /api/v3/token", "POST /v3/auth/tokens", "GET /janus/public-key", "POST /janus/authenticate"]);

export function isAuth(r: Pick<RecordedRequest, "method" | "route">): boolean {
  return AUTH_ROUTES.has(`${r.method} ${r.route}`);
}

export interface Timed<T> {
  value: T;
  /** Wall time of `run`, in ms (performance.now). */
  ms: number;
  /** The emulator's requests received while `run` ran. */
  log: RecordedRequest[];
}

/** Runs `run` with the emulator's log cleared first; one operation at a time per emulator. */
export async function timed<T>(emu: RequestLog, run: () => Promise<T>): Promise<Timed<T>> {
  emu.clearLog();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  return { value, ms, log: emu.requests() };
}

/** Time the emulator spent handling the requests (respondedAt − receivedAt), overlapping intervals counted once. */
export function emulatorMs(log: readonly RecordedRequest[]): number {
  const spans = log
    .filter((r) => r.respondedAt !== undefined)
    .map((r) => [r.receivedAt, r.respondedAt ?? r.receivedAt] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

const NOISE = [/^\/v1\.0\/:tenantId/, /^\/api\/v3/, /^\/janus\/\d{8}/];

/** "4× GET /servers/:id" style summary of a log, in order of first appearance (common base paths dropped). */
export function routeSummary(log: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of log) {
    const route = NOISE.reduce((path, re) => path.replace(re, ""), r.route) || "/";
    const key = `${r.method} ${route}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => (n > 1 ? `${n}× ${key}` : key)).join(", ");
}
