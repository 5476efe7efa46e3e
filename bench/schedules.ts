import { ADAPTIVE_POLL, nextPollDelay } from "../providers/core/poll";

export interface Timeline {
  /** When the waiter saw the server ready, in ms after the create returned. */
  doneAtMs: number;
  polls: number;
}

/** This package's wait for a build of `buildMs`: adaptive polling (providers/core/poll.ts). */
export function adaptiveTimeline(buildMs: number): Timeline {
  let t = 0;
  for (let polls = 1; ; polls++) {
    t += nextPollDelay(ADAPTIVE_POLL, t);
    if (t >= buildMs) return { doneAtMs: t, polls };
  }
}

/**
 * terraform-provider-ecl's wait for the same build: the plugin SDK's StateChangeConf with
 * Delay 10 s and MinTimeout 3 s — sleep the delay, then refresh, doubling the wait from 100 ms but
 * never below MinTimeout nor above 10 s.
 */
export function terraformEclTimeline(buildMs: number, delayMs = 10_000, minTimeoutMs = 3_000): Timeline {
  let t = delayMs;
  let wait = 100;
  for (let polls = 1; ; polls++) {
    if (t >= buildMs) return { doneAtMs: t, polls };
    wait *= 2;
    wait = Math.min(10_000, Math.max(minTimeoutMs, wait));
    t += wait;
  }
}
