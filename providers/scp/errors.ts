import { z } from "zod";
import { DeadlineExceededError, type Deadline } from "../core/deadline";
import { VendorApiError } from "../core/errors";
import type { HttpResponse } from "../core/transport";

export const SCP_VENDOR = "Sangfor Cloud Platform";

/**
 * An SCP error body: `{code, errcode, message}` (erelbi/sangfor-scp `sangfor_scp/exceptions.py`
 * raise_for_status: errcode is the API's own "0x..." code, `code` the older field).
 */
const errorBody = z.looseObject({ code: z.union([z.number(), z.string()]).nullish(), errcode: z.union([z.string(), z.number()]).nullish(), message: z.string().nullish() });

const present = (v: string | number | null | undefined): string | undefined => (v === null || v === undefined || v === "" ? undefined : String(v));

export class ScpApiError extends VendorApiError {
  constructor(
    status: number,
    /** The body's `code`. */
    readonly scpCode: string | undefined,
    /** The body's `errcode` ("0x..."). */
    readonly errcode: string | undefined,
    method: string,
    path: string,
    detail: string,
  ) {
    const label = [scpCode && `code ${scpCode}`, errcode && `errcode ${errcode}`].filter(Boolean).join(", ");
    super(SCP_VENDOR, status, label || undefined, method, path, detail);
    this.name = "ScpApiError";
  }
}

export function toScpError(method: string, path: string, res: HttpResponse): ScpApiError {
  const parsed = errorBody.safeParse(res.body);
  const body = parsed.success ? parsed.data : undefined;
  const detail = body?.message ? body.message : typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
  return new ScpApiError(res.status, present(body?.code), present(body?.errcode), method, path, detail);
}

export class ScpTaskError extends Error {
  constructor(
    readonly taskId: string,
    reason: string,
  ) {
    super(`task ${taskId} failed: ${reason}`);
    this.name = "ScpTaskError";
  }
}

/** The deadline came while the object was still busy (409): a deadline error that says so. */
export class ScpBusyError extends DeadlineExceededError {
  constructor(deadline: Deadline, busy: ScpApiError) {
    super(deadline.what, deadline.budgetMs);
    this.message = `${this.message}: the object was still busy: ${busy.message}`;
    this.name = "ScpBusyError";
  }
}
