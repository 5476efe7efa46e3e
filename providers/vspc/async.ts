import { z } from "zod";
import type { Deadline } from "../core/deadline";
import type { HttpResponse } from "../core/transport";
import { VSPC_PATHS, VspcApiError, type VspcClient } from "./client";

const action = z.looseObject({
  data: z.looseObject({
    status: z.enum(["running", "succeed", "failed", "canceled"]),
    errors: z.array(z.looseObject({ message: z.string().nullish() })).nullish(),
  }),
});
const dataEnvelope = z.looseObject({ data: z.unknown() });

/** The action id from a 202's `Location: …/asyncActions/{id}`. */
export function asyncActionId(location: string | undefined): string | undefined {
  return location?.match(/\/asyncActions\/([^/?#]+)/)?.[1];
}

/**
 * The `data` of a response that may have been accepted asynchronously: 200 answers directly;
 * 202 names an async action, polled (promptly: results are kept only 5 minutes) until it
 * succeeds, and then its result is fetched. A failed or canceled action becomes an error.
 */
export async function resultData(client: VspcClient, res: HttpResponse, what: string, deadline: Deadline, onWait?: (message: string) => void): Promise<unknown> {
  if (res.status !== 202) return dataEnvelope.parse(res.body).data;
  const id = asyncActionId(res.headers.location);
  if (!id) throw new Error(`${what}: the server accepted the request (202) but named no async action`);
  onWait?.(`accepted as async action ${id}; waiting for it`);
  let delay = 200;
  for (;;) {
    const polled = action.parse((await client.send("GET", VSPC_PATHS.asyncAction(id), { deadline })).body);
    const { status, errors } = polled.data;
    if (status === "succeed") break;
    if (status === "failed" || status === "canceled") {
      const reason = errors?.map((e) => e.message).filter(Boolean).join("; ") || status;
      throw new VspcApiError(200, undefined, "logical", undefined, "GET", VSPC_PATHS.asyncAction(id), `${what}: async action ${id} ${status}: ${reason}`);
    }
    await deadline.sleep(delay);
    delay = Math.min(delay * 2, 3_000);
  }
  return dataEnvelope.parse((await client.send("GET", VSPC_PATHS.asyncResult(id), { deadline })).body).data;
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
    const body = page.parse((await client.send("GET", path, { query: { ...query, offset, limit }, deadline })).body);
    const before = items.size;
    for (const item of body.data) items.set(key(item), item);
    const total = body.meta?.pagingInfo?.total;
    offset += body.data.length;
    if (body.data.length === 0 || items.size === before || (total !== undefined && offset >= total)) break;
  }
  return [...items.values()];
}
