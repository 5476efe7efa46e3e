import { z } from "zod";
import { UnexpectedAnswerError, requestName } from "../core/answer";
import type { Deadline } from "../core/deadline";
import type { ScpClient } from "./client";
import { SCP_VENDOR } from "./errors";

/** The most the SDK asks for a page (erelbi/sangfor-scp `sangfor_scp/base.py`: "max 100"). */
export const PAGE_SIZE = 100;

/**
 * One page of an SCP list (erelbi/sangfor-scp `sangfor_scp/base.py`, "SCP standard pagination"):
 * `{total_size, page_num, page_size, next_page_num, data: [...]}`, next_page_num "" on the last
 * page (absent reads as "" there too).
 */
const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    total_size: z.number().int().min(0).optional(),
    page_num: z.number().int().min(0).optional(),
    page_size: z.number().int().min(0).optional(),
    next_page_num: z.union([z.string().regex(/^\d*$/, { message: 'expected a page number or ""' }), z.number().int().min(0)]).optional(),
    data: z.array(item),
  });

/**
 * Every item of a paged list, page after page from page 0 (as the SDK's `list_all`), fetched
 * only as far as the caller reads: a lookup that finds its object stops there.
 */
export async function* listAll<T extends z.ZodType>(client: ScpClient, path: string, query: Record<string, string>, item: T, deadline: Deadline): AsyncGenerator<z.output<T>> {
  for (let pageNum = 0; ; ) {
    const q = { ...query, page_num: String(pageNum), page_size: String(PAGE_SIZE) };
    const page = await client.call("GET", path, pageOf(item), { query: q, deadline });
    yield* page.data;
    const next = page.next_page_num ?? "";
    if (next === "" || page.data.length === 0) return;
    if (Number(next) <= pageNum) throw new UnexpectedAnswerError(SCP_VENDOR, requestName("GET", path, q), `next_page_num: expected a page after ${pageNum}, got ${JSON.stringify(next)}`);
    pageNum = Number(next);
  }
}

/** The first listed item `match` accepts, reading no further pages than needed. */
export async function findListed<T>(items: AsyncIterable<T>, match: (item: T) => boolean): Promise<T | undefined> {
  for await (const item of items) if (match(item)) return item;
  return undefined;
}
