import { z } from "zod";
import { Heartbeat } from "../core/heartbeat";
import type { OperationContext } from "../core/provider";
import { SPP_PATHS, type SppClient } from "./client";

export const INVENTORY_JOB_NAME = "Hypervisor Inventory";
const RUNNING = new Set(["RUNNING", "PENDING", "STARTING", "ACTIVE", "HELD", "WAITING"]);

const job = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string(),
  currentStatus: z.string().nullish(),
  lastrun: z.looseObject({ sessionId: z.union([z.string(), z.number()]).transform(String).nullish() }).nullish(),
  links: z.looseObject({ start: z.looseObject({ href: z.string() }).nullish() }).nullish(),
});
const jobList = z.looseObject({ jobs: z.array(job) });
const jobSession = z.looseObject({ status: z.string() });

export type InventoryStatus = "COMPLETED" | "PARTIAL" | "FAILED" | string;

/**
 * Waits for a "Hypervisor Inventory" run that covers the new registration: the run SPP started on
 * registration if it is still going, otherwise a fresh run started here, with heartbeat lines
 * during a long one. Returns its final status.
 */
export async function waitForInventory(client: SppClient, ctx: OperationContext): Promise<InventoryStatus> {
  const { deadline } = ctx;
  const listed = await client.read(jobList, "GET", SPP_PATHS.jobs, { deadline });
  const found = listed.jobs.find((j) => j.name === INVENTORY_JOB_NAME);
  if (!found) throw new Error(`Spectrum Protect Plus has no "${INVENTORY_JOB_NAME}" job`);

  let previousSession = found.lastrun?.sessionId ?? undefined;
  if (!RUNNING.has(found.currentStatus ?? "")) {
    const href = found.links?.start?.href;
    if (!href) throw new Error(`the "${INVENTORY_JOB_NAME}" job offers no start link`);
    const start = new URL(href, client.origin);
    ctx.log(`starting "${INVENTORY_JOB_NAME}" (job ${found.id})`);
    await client.call("POST", `${start.pathname}${start.search}`, { deadline, idempotent: false });
  } else {
    ctx.log(`waiting for the running "${INVENTORY_JOB_NAME}" (job ${found.id})`);
    previousSession = undefined;
  }

  const beat = new Heartbeat(`"${INVENTORY_JOB_NAME}" (job ${found.id})`, ctx.log);
  let delay = 250;
  try {
    for (;;) {
      const current = await client.read(job, "GET", SPP_PATHS.job(found.id), { deadline });
      const sessionId = current.lastrun?.sessionId ?? undefined;
      if (!RUNNING.has(current.currentStatus ?? "") && sessionId && sessionId !== previousSession) {
        const result = await client.read(jobSession, "GET", SPP_PATHS.jobSession(sessionId), { deadline });
        beat.end(result.status);
        return result.status;
      }
      beat.check(current.currentStatus ?? "unreported");
      await deadline.sleep(delay);
      delay = Math.min(delay * 2, 5_000);
    }
  } finally {
    beat.abandon();
  }
}
