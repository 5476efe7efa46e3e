import type { Deadline } from "../core/deadline";
import { pollUntil } from "../core/poll";
import { TASK_POLL } from "./client";

/**
 * Waits for an object whose create was found by lookup (its answer, and so its task id, was lost)
 * to reach one of `settled` statuses: SCP publishes no way from an object to its running task, so
 * its status stands in for the task. `failed` among them throws, as a failed task would. `say`
 * takes the heartbeat lines of a long wait.
 */
export async function untilSettled<T extends { status?: string | null }>(
  what: string,
  probe: () => Promise<T | undefined>,
  statuses: { settled: readonly string[]; failed: readonly string[] },
  deadline: Deadline,
  say: (message: string) => void,
): Promise<T> {
  const done = (v: T | undefined): boolean => v === undefined || [...statuses.settled, ...statuses.failed].includes(v.status ?? "");
  const { value } = await pollUntil(probe, done, deadline, TASK_POLL, { what, say, status: (v) => (v ? (v.status ?? "unreported") : "gone") });
  if (!value) throw new Error(`${what} disappeared while it was being made`);
  if (statuses.failed.includes(value.status ?? "")) throw new Error(`${what} ended in status "${value.status}"`);
  return value;
}
