export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 15_000 };

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504, 520]);

export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** The most added on top of a server's `Retry-After`. */
export const RETRY_AFTER_JITTER_MS = 50;

/**
 * Delay before attempt `attempt + 1`: exponential backoff with full jitter, or, when the server
 * named a time (`Retry-After`), that time plus at most 50 ms so that clients throttled together do
 * not return in the same instant. The spread stays small on purpose: servers round their hint up
 * to whole seconds, and every millisecond added to it moves the next attempt later into the next
 * window; over a few windows a larger jitter drifted into wasting one (bench/RESULTS.md).
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(random() * Math.min(RETRY_AFTER_JITTER_MS, retryAfterMs * 0.05 + 1));
  return Math.floor(random() * cap);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
