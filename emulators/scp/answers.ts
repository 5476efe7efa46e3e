import { z } from "zod";

/**
 * Success envelope `{code: 0, message: "", data}`: erelbi/sangfor-scp `sangfor_scp/client.py`
 * `_handle_response` (the "old format"; its "new format" has `errcode: ""` in place of `code: 0`),
 * whose callers read `data`.
 */
export const ok = (data: unknown) => ({ code: 0, message: "", data });

/**
 * errcode per kind of error. erelbi/sangfor-scp `sangfor_scp/exceptions.py` documents errcode only
 * as the API's own error code, "0x..." (a hex string); the values here are the emulator's.
 */
export const ERRCODE = {
  badRequest: "0x01000400",
  unauthorized: "0x01000401",
  notFound: "0x01000404",
  /** The object has a task running (SCPConflictError, HTTP 409). */
  busy: "0x01000409",
  /** What the object is in does not allow the request (e.g. vmtools not ready). */
  notReady: "0x0100040A",
} as const;

/**
 * Error body `{code, errcode, message}`: `raise_for_status` in erelbi/sangfor-scp
 * `sangfor_scp/exceptions.py` reads `message` and `errcode` (falling back to `code`).
 */
export const scpError = (status: number, errcode: string, message: string) => ({ code: status, errcode, message });

/** The SDK never asks for more than 100 a page (erelbi/sangfor-scp `sangfor_scp/base.py`: "max 100"). */
export const MAX_PAGE_SIZE = 100;

const pageQuery = z.object({
  page_num: z.coerce.number().int().min(0, { message: "page_num must be 0 or more" }).default(0),
  page_size: z.coerce.number().int().min(1, { message: "page_size must be 1 to 100" }).max(MAX_PAGE_SIZE, { message: "page_size must be 1 to 100" }).optional(),
});

export interface Paging {
  /** Page size when the request names none. */
  pageSize: number;
  /** The most a page holds, whatever the request asks. */
  maxPageSize: number;
}

/**
 * One page of `items` as SCP answers a list (erelbi/sangfor-scp `sangfor_scp/base.py`,
 * PaginatedResource): `{total_size, page_num, page_size, next_page_num, data}`, page_num from 0,
 * next_page_num the next page's number as a string, "" on the last page.
 */
export function page<T>(items: readonly T[], query: unknown, paging: Paging): { page: unknown } | { error: string } {
  const q = pageQuery.safeParse(query);
  if (!q.success) return { error: q.error.issues.map((i) => i.message).join("; ") };
  const size = Math.min(q.data.page_size ?? paging.pageSize, paging.maxPageSize);
  const start = q.data.page_num * size;
  const last = start + size >= items.length;
  return { page: { total_size: items.length, page_num: q.data.page_num, page_size: size, next_page_num: last ? "" : String(q.data.page_num + 1), data: items.slice(start, start + size) } };
}

/** The SDK's `name` filter is a partial match ("Kısmi ad araması", sangfor_scp/resources/images.py and servers.py). */
export const nameMatches = (name: string, filter: string | undefined): boolean => filter === undefined || name.includes(filter);
