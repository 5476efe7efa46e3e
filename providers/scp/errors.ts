import { z } from "zod";
import { VendorApiError } from "../core/errors";
import type { HttpResponse } from "../core/transport";

export const SCP_VENDOR = "Sangfor Cloud Platform";

const errorBody = z.looseObject({ code: z.union([z.number(), z.string()]).nullish(), message: z.string().nullish() });

export class ScpApiError extends VendorApiError {
  constructor(status: number, code: string | undefined, method: string, path: string, detail: string) {
    super(SCP_VENDOR, status, code, method, path, detail);
    this.name = "ScpApiError";
  }
}

export function toScpError(method: string, path: string, res: HttpResponse): ScpApiError {
  const parsed = errorBody.safeParse(res.body);
  const code = parsed.success && parsed.data.code !== null && parsed.data.code !== undefined ? String(parsed.data.code) : undefined;
  const detail = parsed.success && parsed.data.message ? parsed.data.message : typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
  return new ScpApiError(res.status, code, method, path, detail);
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
