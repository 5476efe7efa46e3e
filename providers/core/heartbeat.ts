/**
 * Progress lines during a long wait (a build, a task, an inventory, an async action): at most one
 * per interval, so an hour's wait at any poll rate prints a bounded number, and none for a wait
 * shorter than the first delay.
 */

/** The one place the interval is read from the environment: milliseconds between heartbeat lines. */
export const HEARTBEAT_ENV = "BACKUP_INFRA_HEARTBEAT_MS";
export const DEFAULT_HEARTBEAT = { firstMs: 10_000, everyMs: 30_000 } as const;

export interface HeartbeatOptions {
  /** Quiet this long from the start of the wait. */
  firstMs?: number;
  /** At most one line per this interval. */
  everyMs?: number;
  now?: () => number;
}

/** The interval from BACKUP_INFRA_HEARTBEAT_MS (a positive number of ms; the first line comes no later than one interval), else the defaults. */
export function heartbeatTiming(env: NodeJS.ProcessEnv = process.env): { firstMs: number; everyMs: number } {
  const raw = env[HEARTBEAT_ENV];
  const everyMs = raw && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : 0;
  if (everyMs <= 0) return { ...DEFAULT_HEARTBEAT };
  return { firstMs: Math.min(DEFAULT_HEARTBEAT.firstMs, everyMs), everyMs };
}

/** Elapsed time as people read it: "0.4s", "45s", "3m10s", "1h5m0s". */
export function formatElapsed(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1_000).toFixed(1).replace(/\.0$/, "")}s`;
  const total = Math.floor(ms / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

const checksText = (n: number): string => `${n} ${n === 1 ? "check" : "checks"}`;

export class Heartbeat {
  private readonly now: () => number;
  private readonly firstMs: number;
  private readonly everyMs: number;
  private readonly started: number;
  private nextAt: number;
  private checks = 0;
  private shown = false;
  private closed = false;
  private last: string | undefined;

  /** `what` names the wait, e.g. `server 1f3c build`; `say` takes each line (a resource's `ctx.log`). */
  constructor(
    readonly what: string,
    private readonly say: (message: string) => void,
    options: HeartbeatOptions = {},
  ) {
    const timing = heartbeatTiming();
    this.now = options.now ?? Date.now;
    this.everyMs = options.everyMs ?? timing.everyMs;
    this.firstMs = options.firstMs ?? Math.min(timing.firstMs, this.everyMs);
    this.started = this.now();
    this.nextAt = this.started + this.firstMs;
  }

  /** One status check that did not end the wait: a line when the interval since the last one has passed. */
  check(status: string): void {
    this.checks += 1;
    this.last = status;
    const now = this.now();
    if (now < this.nextAt) return;
    this.say(`${this.what}: still ${status} after ${formatElapsed(now - this.started)} (${checksText(this.checks)})`);
    this.shown = true;
    this.nextAt = now + this.everyMs;
  }

  /** The check that ended the wait: a closing line, unless the wait was too short to be heard of. */
  end(status: string): void {
    this.checks += 1;
    this.last = status;
    this.close(`ended ${status}`);
  }

  /** The wait stopped without an end (its deadline, an error): a closing line with the last status seen. */
  abandon(): void {
    this.close(`stopped waiting${this.last === undefined ? "" : ` while ${this.last}`}`);
  }

  private close(outcome: string): void {
    if (this.closed) return;
    this.closed = true;
    const elapsed = this.now() - this.started;
    if (!this.shown && elapsed < this.firstMs) return;
    this.say(`${this.what}: ${outcome} after ${formatElapsed(elapsed)} (${checksText(this.checks)})`);
  }
}
