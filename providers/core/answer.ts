import type { z } from "zod";
import { oneLine } from "./errors";
import { redact } from "./redact";
import { queryString, type HttpRequest } from "./transport";

/** A vendor answered with a body of a shape the provider cannot read: one line, no schema dump. */
export class UnexpectedAnswerError extends Error {
  constructor(
    readonly vendor: string,
    readonly request: string,
    readonly expected: string,
  ) {
    super(redact(oneLine(`${vendor} answered ${request} with an unexpected shape: ${expected}`)));
    this.name = "UnexpectedAnswerError";
  }
}

/**
 * Parses a vendor's answer with `schema`; a mismatch names the request (e.g. "GET /janus/…/images")
 * and the first field that differs, with what was expected there and what came instead.
 */
export function parseAnswer<S extends z.ZodType>(vendor: string, request: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "the body";
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : "";
  throw new UnexpectedAnswerError(vendor, request, `${where}: ${issue?.message ?? "invalid"}${more}`);
}

/** How a request is named in messages: method, path and the query as sent, e.g. "GET /images?name=a". */
export function requestName(method: string, path: string, query?: HttpRequest["query"]): string {
  return `${method} ${path}${queryString(query)}`;
}
