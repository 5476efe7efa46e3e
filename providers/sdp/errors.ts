import { z } from "zod";
import { AdoptionRequiredError, VendorApiError } from "../core/errors";
import type { HttpResponse } from "../core/transport";
import { addMonths } from "./contract-month";

export const SDP_VENDOR = "Smart Data Platform";

/** SDP errors: `{"badRequest": {"code": 400, "message": "…"}}` (the key names the kind). */
const errorBody = z.record(z.string(), z.looseObject({ code: z.number().optional(), message: z.string().optional() }));

export class SdpApiError extends VendorApiError {
  constructor(status: number, readonly kind: string | undefined, method: string, path: string, detail: string) {
    super(SDP_VENDOR, status, kind, method, path, detail);
    this.name = "SdpApiError";
  }
}

export function toSdpError(method: string, path: string, res: HttpResponse): SdpApiError {
  const parsed = errorBody.safeParse(res.body);
  if (parsed.success) {
    const [kind, value] = Object.entries(parsed.data)[0] ?? [];
    if (kind && value) return new SdpApiError(res.status, kind, method, path, (value.message ?? kind).replace(/\\n/g, " "));
  }
  const text = typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
  return new SdpApiError(res.status, undefined, method, path, text || "no error body");
}

/** A license type SDP does not offer (its answer is a bare 400): names the types it does. */
export class SdpUnknownLicenseTypeError extends Error {
  constructor(
    readonly licenseType: string,
    readonly validTypes: readonly string[],
  ) {
    super(`unknown licenseType "${licenseType}"; valid types: ${validTypes.map((t) => `"${t}"`).join(", ")}`);
    this.name = "SdpUnknownLicenseTypeError";
  }
}

/** A vCenter registration SDP refused because a vCenter holds the address (its bare 400, or a 409). */
export class SdpAddressInUseError extends AdoptionRequiredError {
  constructor(
    readonly address: string,
    holderId: string,
    /** SDP's refusal, which does not say why. */
    readonly refusal: SdpApiError,
  ) {
    super("a vCenter registered at this address", holderId);
    this.message = `${this.message} SDP's answer: ${refusal.message}`;
    this.name = "SdpAddressInUseError";
  }
}

/** The refusal to sign a successor of an expired contract without `renewExpired: true`. */
export class SdpContractExpiredError extends Error {
  constructor(
    readonly contractYear: number,
    readonly endMonth: string,
    /** The current month in `timeZone`. */
    readonly month: string,
    readonly timeZone: string,
  ) {
    const from = addMonths(month, 1);
    super(
      `the contract ended with ${endMonth} (months in ${timeZone}; it is ${month} there) and has expired. ` +
        `Applying it would sign a new ${contractYear}-year commitment (${from} to ${addMonths(from, contractYear * 12 - 1)}). ` +
        `Set renewExpired: true to sign a new ${contractYear}-year contract, or remove the resource from the program (destroying an expired contract sends nothing).`,
    );
    this.name = "SdpContractExpiredError";
  }
}
