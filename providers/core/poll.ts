import type { Deadline } from "./deadline";
import { Heartbeat, type HeartbeatOptions } from "./heartbeat";

export interface PollSchedule {
  /** Delay before the first check, and the smallest delay. */
  minMs: number;
  /** Each delay is this fraction of the time waited so far: the answer is seen at most that much late. */
  fraction: number;
  maxMs: number;
}

/**
 * Adaptive polling: soon at first, then in proportion to the time already spent, so a wait of any
 * length ends at most `fraction` (plus `minMs`) after the thing became ready, with few requests.
 */
export const ADAPTIVE_POLL: PollSchedule = { minMs: 500, fraction: 0.2, maxMs: 60_000 };

export function nextPollDelay(schedule: PollSchedule, elapsedMs: number): number {
  return Math.min(schedule.maxMs, Math.max(schedule.minMs, Math.round(elapsedMs * schedule.fraction)));
}

/** Heartbeat lines for a wait: what it is, where lines go, and the vendor's status in a probed value. */
export interface PollProgress<T> {
  what: string;
  say: (message: string) => void;
  status: (value: T) => string;
  heartbeat?: HeartbeatOptions;
}

/** Calls `probe` on the schedule until `done` says so; the deadline bounds the whole wait. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  deadline: Deadline,
  schedule: PollSchedule = ADAPTIVE_POLL,
  progress?: PollProgress<T>,
): Promise<{ value: T; polls: number }> {
  const started = Date.now();
  const beat = progress && { heartbeat: new Heartbeat(progress.what, progress.say, progress.heartbeat), status: progress.status };
  try {
    for (let polls = 1; ; polls++) {
      await deadline.sleep(nextPollDelay(schedule, Date.now() - started));
      const value = await probe();
      if (done(value)) {
        beat?.heartbeat.end(beat.status(value));
        return { value, polls };
      }
      beat?.heartbeat.check(beat.status(value));
    }
  } finally {
    // A no-op after `end`: the wait ended on its own.
    beat?.heartbeat.abandon();
  }
}
