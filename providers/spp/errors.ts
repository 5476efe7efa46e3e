import { z } from "zod";
import { VendorApiError } from "../core/errors";
import type { HttpResponse } from "../core/transport";

export const SPP_VENDOR = "Spectrum Protect Plus";

/** SPP's error body: `{id, description, title}` (the seed's 400/401 examples, inside the /ngp/ envelope). */
const errorBody = z.object({ id: z.string(), description: z.string().optional(), title: z.string().optional() });

/**
 * SPP's /ngp/ service answers `{statusCode, response}` (seed: the 201/400/401 of POST /ngp/hypervisor;
 * IBM/sppclient reads `['response']` of /ngp/ answers); /api/ answers are bare. Both are read here.
 */
export function unwrapSppBody(body: unknown): unknown {
  if (body && typeof body === "object" && "statusCode" in body && "response" in body) return body.response;
  return body;
}

export class SppApiError extends VendorApiError {
  constructor(status: number, readonly errorId: string | undefined, method: string, path: string, detail: string) {
    super(SPP_VENDOR, status, errorId, method, path, detail);
    this.name = "SppApiError";
  }
}

/** SPP could not reach the hypervisor it was asked to register or modify (`HypervisorConnectionException`, HTTP 400). */
export class SppHypervisorUnreachableError extends SppApiError {
  constructor(status: number, errorId: string, method: string, path: string, detail: string) {
    super(status, errorId, method, path, `Spectrum Protect Plus could not connect to the hypervisor — ${detail}`);
    this.name = "SppHypervisorUnreachableError";
  }
}

/** The hypervisor refused the credentials SPP was given for it (`HypervisorConnectionAuthException`, `HypervisorAuthException`, HTTP 401). */
export class SppHypervisorCredentialsError extends SppApiError {
  constructor(status: number, errorId: string, method: string, path: string, detail: string) {
    super(status, errorId, method, path, `the hypervisor rejected the credentials — ${detail}`);
    this.name = "SppHypervisorCredentialsError";
  }
}

const BY_ERROR_ID: Readonly<Record<string, typeof SppHypervisorUnreachableError>> = {
  HypervisorConnectionException: SppHypervisorUnreachableError,
  HypervisorConnectionAuthException: SppHypervisorCredentialsError,
  HypervisorAuthException: SppHypervisorCredentialsError,
};

/** The error for an SPP answer of status 300 or more: typed by SPP's error id where the id says what went wrong. */
export function toSppError(method: string, path: string, res: HttpResponse): SppApiError {
  const parsed = errorBody.safeParse(unwrapSppBody(res.body));
  if (parsed.success) {
    const { id, description, title } = parsed.data;
    const Typed = BY_ERROR_ID[id];
    return Typed ? new Typed(res.status, id, method, path, description ?? title ?? id) : new SppApiError(res.status, id, method, path, description ?? title ?? id);
  }
  const text = typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
  return new SppApiError(res.status, undefined, method, path, text || "no error body");
}

/** A 401 on a regular call means the session expired; a 401 about the hypervisor's own login does not. */
export function isSessionExpired(res: HttpResponse): boolean {
  if (res.status !== 401) return false;
  const parsed = errorBody.safeParse(unwrapSppBody(res.body));
  return !(parsed.success && parsed.data.id.startsWith("Hypervisor"));
}
