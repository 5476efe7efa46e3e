import { z } from "zod";
import { VendorApiError } from "../core/errors";
import type { HttpResponse } from "../core/transport";

export const NSX_VENDOR = "NSX Manager";

/** NSX's error body (ApiError: error_code, error_message, module_name; real answers add httpStatus). */
const errorBody = z.looseObject({ error_code: z.union([z.number(), z.string()]).nullish(), error_message: z.string().nullish(), httpStatus: z.string().nullish() });

export class NsxApiError extends VendorApiError {
  constructor(status: number, code: string | undefined, method: string, path: string, detail: string) {
    super(NSX_VENDOR, status, code, method, path, detail);
    this.name = "NsxApiError";
  }
}

export function toNsxError(method: string, path: string, res: HttpResponse): NsxApiError {
  const parsed = errorBody.safeParse(res.body);
  if (parsed.success && parsed.data.error_message) {
    const code = parsed.data.error_code;
    return new NsxApiError(res.status, code === undefined || code === null ? undefined : String(code), method, path, parsed.data.error_message);
  }
  return new NsxApiError(res.status, undefined, method, path, typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300));
}
