import { z } from "zod";
import type { Deadline } from "../core/deadline";
import { Heartbeat } from "../core/heartbeat";
import type { HttpResponse } from "../core/transport";
import { VSPC_PATHS, vspcAnswer, type VspcClient } from "./client";
import { VspcActionError, VspcApiError, vspcErrorsOf } from "./errors";

/** `GET /asyncActions/{id}`: `{data: AsyncActionInfo}` (Cenvora/veeam-spc v3_6_1/models/async_action_info.py). */
const actionInfo = z.looseObject({
  data: z.looseObject({
    status: z.enum(["running", "succeed", "failed", "canceled"]),
    actionName: z.string().nullish(),
  }),
});
const dataEnvelope = z.looseObject({ data: z.unknown() });

/** The action id from a 202's Location: the seed's `…/asyncAction/{id}` or the generated clients' `…/asyncActions/{id}`. */
export function asyncActionId(location: string | undefined): string | undefined {
  return location?.match(/\/asyncActions?\/([^/?#]+)/)?.[1];
}

export interface Wait {
  deadline: Deadline;
  /** Progress lines: that the action was accepted, and the heartbeat of a long wait for it. */
  onWait?: (message: string) => void;
}

/**
 * Why an action failed: its result, which VSPC keeps for failures too ("error results of actions
 * are kept", 1 hour). The error body may come with an error status or with 200; a 520 here is the
 * failure itself, so the read is not retried as a passing fault would be.
 */
async function failureReason(client: VspcClient, id: string, deadline: Deadline): Promise<{ reason: string; code?: number }> {
  const path = VSPC_PATHS.asyncResult(id);
  try {
    const res = await client.send("GET", path, { deadline, allow404: true, idempotent: false });
    if (res.status === 404) return { reason: "VSPC holds no result for it (failures are kept for 1 hour)" };
    const errors = vspcErrorsOf(res.body);
    return errors ? { reason: errors.detail, code: errors.code } : { reason: "its result names no reason" };
  } catch (error) {
    if (!(error instanceof VspcApiError)) throw error;
    return { reason: error.detail, code: error.errorCode };
  }
}

/**
 * Polls an async action (promptly: a success's result is kept only 5 minutes) until it ends, and
 * returns its result's `data`; a failed or canceled action becomes a VspcActionError with the reason.
 */
export async function followAction(client: VspcClient, id: string, wait: Wait): Promise<unknown> {
  const beat = new Heartbeat(`async action ${id}`, wait.onWait ?? (() => undefined));
  let delay = 200;
  try {
    for (;;) {
      const request = `GET ${VSPC_PATHS.asyncAction(id)}`;
      const { status, actionName } = vspcAnswer(request, actionInfo, (await client.send("GET", VSPC_PATHS.asyncAction(id), { deadline: wait.deadline })).body).data;
      const ended = status === "succeed" || status === "failed" || status === "canceled";
      if (ended) beat.end(status);
      if (status === "succeed") break;
      if (ended) {
        const { reason, code } = await failureReason(client, id, wait.deadline);
        throw new VspcActionError(id, status, code, reason, actionName ?? undefined);
      }
      beat.check(status);
      await wait.deadline.sleep(delay);
      delay = Math.min(delay * 2, 3_000);
    }
  } finally {
    beat.abandon();
  }
  const path = VSPC_PATHS.asyncResult(id);
  const res = await client.send("GET", path, { deadline: wait.deadline, allow404: true });
  if (res.status === 404) throw new Error(`async action ${id} succeeded, but VSPC no longer holds its result (kept 5 minutes)`);
  return vspcAnswer(`GET ${path}`, dataEnvelope, res.body).data;
}

/**
 * The `data` of an answer to `request` that may have been accepted asynchronously: 200 answers
 * directly; 202 names an async action in Location, which is followed to its result.
 */
export async function resultData(client: VspcClient, request: string, res: HttpResponse, wait: Wait): Promise<unknown> {
  if (res.status !== 202) return vspcAnswer(request, dataEnvelope, res.body).data;
  const id = asyncActionId(res.headers.location);
  if (!id) throw new Error(`VSPC accepted ${request} (202) but named no async action in Location`);
  wait.onWait?.(`accepted as async action ${id}; waiting for it`);
  return followAction(client, id, wait);
}

const page = z.looseObject({
  meta: z.looseObject({ pagingInfo: z.looseObject({ total: z.number(), count: z.number() }).nullish() }).nullish(),
  data: z.array(z.unknown()),
});

/**
 * Every item of a paged collection. Paging stops at `total`, or when a page adds nothing new:
 * some filter/expand combinations make the server ignore `offset` (seen by the VeeamSPC module).
 */
export async function listAll(client: VspcClient, path: string, query: Record<string, string>, deadline: Deadline, key: (item: unknown) => string, limit = 500): Promise<unknown[]> {
  const items = new Map<string, unknown>();
  for (let offset = 0; offset < 100_000; ) {
    const body = vspcAnswer(`GET ${path}`, page, (await client.send("GET", path, { query: { ...query, offset, limit }, deadline })).body);
    const before = items.size;
    for (const item of body.data) items.set(key(item), item);
    const total = body.meta?.pagingInfo?.total;
    offset += body.data.length;
    if (body.data.length === 0 || items.size === before || (total !== undefined && offset >= total)) break;
  }
  return [...items.values()];
}
