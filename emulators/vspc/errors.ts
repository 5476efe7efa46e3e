export type VspcErrorType = "transport" | "logical" | "retryablelogical" | "security" | "unspecified";

export interface VspcErrorItem {
  message?: string;
  type: VspcErrorType;
  code: number;
  propertyName?: string;
  parameterName?: string;
  retryAfter?: number;
}

/** VSPC's error body: `{errors: [{message, type, code, propertyName | parameterName, retryAfter?}]}`. */
export function vspcErrors(...items: VspcErrorItem[]): { errors: VspcErrorItem[] } {
  return { errors: items };
}

/** VSPC answers every server error (>= 500) with HTTP 520. */
export function httpStatusFor(code: number): number {
  return code >= 500 && code < 600 ? 520 : code;
}
