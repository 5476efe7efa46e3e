import { nextPollDelay, type PollSchedule } from "../providers/core/poll";
import { TASK_POLL } from "../providers/scp/client";

const MAX_POLLS = 10_000;

/** SCP's task waiter's schedule, the one `ScpClient.waitTask` uses. */
export const SCP_TASK_POLL: PollSchedule = TASK_POLL;

/**
 * Polls a `pollUntil` waiter (sleep on the schedule, then check) makes to see a change that
 * happens `waitMs` after it started, with instant answers: the checks the schedule itself needs.
 */
export function pollsToSee(schedule: PollSchedule, waitMs: number): number {
  let t = 0;
  for (let polls = 1; polls <= MAX_POLLS; polls++) {
    t += nextPollDelay(schedule, t);
    if (t >= waitMs) return polls;
  }
  return MAX_POLLS;
}

/**
 * SPP's inventory waiter (providers/spp/inventory.ts): checks the job at once, then after 250 ms,
 * doubling up to 5 s between checks.
 */
export function inventoryPolls(waitMs: number): number {
  let t = 0;
  let delay = 250;
  for (let polls = 1; polls <= MAX_POLLS; polls++) {
    if (t >= waitMs) return polls;
    t += delay;
    delay = Math.min(delay * 2, 5_000);
  }
  return MAX_POLLS;
}
