import type { EmulatorClock } from "../kit/clock";
import type { VspcKnobs } from "./knobs";

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterSeconds?: number };

/**
 * VSPC's two throttling limits: requests in progress at once, and requests per time unit
 * (fixed windows; a rejection names the seconds until the next window as `retryAfter`).
 */
export class Throttle {
  private inFlight = 0;
  private windowStart = 0;
  private inWindow = 0;
  rejected = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly knobs: () => VspcKnobs,
  ) {}

  admit(): ThrottleVerdict {
    const { maxParallel, maxPerWindow, windowMs } = this.knobs();
    const now = this.clock.now();
    const start = Math.floor(now / windowMs) * windowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.inWindow = 0;
    }
    if (maxPerWindow > 0 && this.inWindow >= maxPerWindow) {
      this.rejected++;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1_000)) };
    }
    if (maxParallel > 0 && this.inFlight >= maxParallel) {
      this.rejected++;
      return { ok: false };
    }
    this.inWindow++;
    this.inFlight++;
    return { ok: true };
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}
