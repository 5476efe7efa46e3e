import { formatDuration, parseDuration, type Timeouts } from "./duration";

export type Operation = "create" | "update" | "delete" | "read";

export class DeadlineExceededError extends Error {
  constructor(what: string, budgetMs: number) {
    super(`${what} did not finish within ${formatDuration(budgetMs)} (raise it with the \`timeouts\` input)`);
    this.name = "DeadlineExceededError";
  }
}

/** A time budget for one provider operation, enforced through an AbortSignal. */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly expiresAt: number;

  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    this.expiresAt = Date.now() + budgetMs;
    this.signal = AbortSignal.timeout(budgetMs);
  }

  static forOperation(what: string, op: Operation, timeouts: Timeouts | undefined, defaultMs: number): Deadline {
    const given = timeouts?.[op];
    return new Deadline(`${what} ${op}`, given ? parseDuration(given) : defaultMs);
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  expired(): DeadlineExceededError {
    return new DeadlineExceededError(this.what, this.budgetMs);
  }

  /** Throws the deadline error when the budget is spent. */
  check(): void {
    if (this.signal.aborted || this.remainingMs() === 0) throw this.expired();
  }

  /** Sleeps `ms`, or rejects with the deadline error if the budget ends first. */
  async sleep(ms: number): Promise<void> {
    this.check();
    if (ms >= this.remainingMs()) {
      await sleepFor(this.remainingMs(), this.signal);
      throw this.expired();
    }
    await sleepFor(ms, this.signal);
    this.check();
  }
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
