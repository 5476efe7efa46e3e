import { z } from "zod";
import { oneLine, VendorApiError } from "../core/errors";
import { redact } from "../core/redact";

export const VSPC_VENDOR = "Veeam Service Provider Console";

const errorItem = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.number().nullish(),
  propertyName: z.string().nullish(),
  parameterName: z.string().nullish(),
  retryAfter: z.number().nullish(),
});
/** VSPC's error body, `{errors:[{message, type, code, propertyName|parameterName, retryAfter}]}` (seed, Errors). */
const vspcErrorBody = z.looseObject({ errors: z.array(errorItem).min(1) });

/** VSPC's errors in a body as one line, with the first one's code, type and property. */
export function vspcErrorsOf(body: unknown): { detail: string; code?: number; type?: string; property?: string } | undefined {
  const parsed = vspcErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const first = parsed.data.errors[0];
  const detail = parsed.data.errors.map((e) => `${e.message ?? e.type ?? "error"}${e.propertyName || e.parameterName ? ` (${e.propertyName ?? e.parameterName})` : ""}`).join("; ");
  return { detail, code: first.code ?? undefined, type: first.type ?? undefined, property: first.propertyName ?? first.parameterName ?? undefined };
}

/** VSPC's throttling hint: `errors[].retryAfter` seconds. */
export function retryAfterFromBody(body: unknown): number | undefined {
  const parsed = vspcErrorBody.safeParse(body);
  const seconds = parsed.success ? parsed.data.errors.find((e) => typeof e.retryAfter === "number")?.retryAfter : undefined;
  return typeof seconds === "number" ? seconds * 1_000 : undefined;
}

export class VspcApiError extends VendorApiError {
  constructor(
    status: number,
    readonly errorCode: number | undefined,
    readonly errorType: string | undefined,
    readonly property: string | undefined,
    method: string,
    path: string,
    /** The vendor's own words: each error's message with its propertyName or parameterName. */
    readonly detail: string,
  ) {
    super(VSPC_VENDOR, status, errorCode === undefined ? undefined : String(errorCode), method, path, detail);
    this.name = "VspcApiError";
  }
}

/**
 * A 409 that names something other than a company the program could adopt (the owner login, another
 * property, or a name whose holder is not found): VSPC's words, what to change, then who answered.
 */
export class VspcConflictError extends VendorApiError {
  /** The property VSPC names as the conflict, when it names one. */
  readonly property: string | undefined;

  constructor(
    /** VSPC's answer. */
    readonly conflict: VspcApiError,
    /** What to change, e.g. `choose another ownerUserName`. */
    readonly advice: string,
  ) {
    super(VSPC_VENDOR, conflict.status, conflict.code, conflict.method, conflict.path, `${conflict.detail} ${advice}`);
    this.name = "VspcConflictError";
    this.property = conflict.property;
  }
}

/** An async action that ended failed or canceled, with the reason its result gives. */
export class VspcActionError extends Error {
  constructor(
    readonly actionId: string,
    readonly actionStatus: "failed" | "canceled",
    readonly errorCode: number | undefined,
    reason: string,
    actionName: string | undefined,
  ) {
    const where = [errorCode === undefined ? VSPC_VENDOR : `${VSPC_VENDOR} ${errorCode}`, actionName].filter(Boolean).join(", ");
    super(redact(oneLine(`async action ${actionId} ${actionStatus}: ${reason} [${where}]`)));
    this.name = "VspcActionError";
  }
}

