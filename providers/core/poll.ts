import type { Deadline } from "./deadline";

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

/** Calls `probe` on the schedule until `done` says so; the deadline bounds the whole wait. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  deadline: Deadline,
  schedule: PollSchedule = ADAPTIVE_POLL,
): Promise<{ value: T; polls: number }> {
  const started = Date.now();
  for (let polls = 1; ; polls++) {
    await deadline.sleep(nextPollDelay(schedule, Date.now() - started));
    const value = await probe();
    if (done(value)) return { value, polls };
  }
}
