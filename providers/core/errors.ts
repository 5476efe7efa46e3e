import { redact } from "./redact";

/** Common shape of every vendor's API error: one line with the vendor's words, then who answered what. */
export class VendorApiError extends Error {
  constructor(
    readonly vendor: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly method: string,
    readonly path: string,
    detail: string,
  ) {
    super(redact(`${oneLine(detail)} [${vendor}${code ? ` ${code}` : ""}, HTTP ${status}, ${method} ${path}]`));
    this.name = "VendorApiError";
  }
}

/** A request that never got an HTTP answer (connection refused or reset, TLS failure). */
export class TransportError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly causeCode: string,
    detail: string,
  ) {
    super(redact(`${method} ${url}: ${oneLine(detail)} (${causeCode})`));
    this.name = "TransportError";
  }
}

/** Raised for missing or invalid provider configuration. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = "ConfigError";
  }
}

/**
 * The shape the dynamic-provider host turns into ErrorResourceInitFailed: the vendor accepted the
 * create (or update) but the object did not become ready, so the engine records `id`, the
 * properties as the resource's outputs and the reasons as its init errors, and the next `up`
 * continues from there. `properties` is what the vendor reported; `defineProvider` lays it over the
 * inputs with defaults and adds `__provider` before it leaves, so that read, update and delete work.
 */
export class ResourceInitFailedError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(redact(reasons.join("; ")));
    this.name = "ResourceInitFailedError";
    this.reasons = reasons.map(redact);
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\s{2,}/g, " ").trim();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a create would make exists already (found by the resource's natural key) and the program
 * did not set `adopt`. The kernel names the resource; this says what was found and what to do.
 */
export class AdoptionRequiredError extends Error {
  constructor(
    /** e.g. "an image with this name". */
    readonly what: string,
    readonly existingId: string,
    /** Another way out, e.g. "remove it first". */
    readonly alternative?: string,
  ) {
    super(`${what} already exists (${existingId}). Set adopt: true to manage it with Pulumi${alternative ? `, or ${alternative}` : ""}.`);
    this.name = "AdoptionRequiredError";
  }
}

/** Something the resource needs has gone from the vendor (mid-operation, or since it was recorded). */
export class ObjectGoneError extends Error {
  constructor(readonly what: string, readonly when: string) {
    super(`${what} ${when}`);
    this.name = "ObjectGoneError";
  }
}
