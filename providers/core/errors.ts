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

/** A request that never got an HTTP answer (connection refused or reset, TLS failure), or an answer from the wrong kind of server. */
export class TransportError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly causeCode: string,
    detail: string,
    /** The likely cause and the setting to change, e.g. from `transportHint`. */
    readonly hint?: string,
  ) {
    super(redact(`${method} ${url}: ${oneLine(detail)} (${causeCode})${hint ? ` — ${oneLine(hint)}` : ""}`));
    this.name = "TransportError";
  }
}

/** The stack-config keys a fix is said with, e.g. `{ url: "spp:url", caCert: "spp:caCert", insecure: "spp:insecure" }`. */
export interface ConnectionKeys {
  url: string;
  caCert?: string;
  insecure?: string;
}

/**
 * The keys from a connection description (`sppConnection` …): `<vendor>:<setting>` for the URL
 * setting named (default "url") and for caCert and insecure when the vendor has them.
 */
export function connectionKeys(connection: { vendor: string; settings: Record<string, unknown> }, urlSetting = "url"): ConnectionKeys {
  const key = (name: string): string | undefined => (name in connection.settings ? `${connection.vendor}:${name}` : undefined);
  return { url: key(urlSetting) ?? `${connection.vendor}:${urlSetting}`, caCert: key("caCert"), insecure: key("insecure") };
}

const TLS_TRUST = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_UNTRUSTED", "CERT_SIGNATURE_FAILURE"]);
const TLS_DATES = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);
/** What undici reports when a plain-HTTP request meets a TLS server that hangs up or answers with an alert. */
const NOT_HTTP = new Set(["ECONNRESET", "UND_ERR_SOCKET", "HPE_INVALID_CONSTANT", "HPE_INVALID_VERSION", "HPE_CR_EXPECTED", "HPE_LF_EXPECTED", "UND_ERR_INFO", "ERR_NETWORK"]);

/** "host:port" of a URL, the port spelled out even when it is the scheme's default. */
export function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname.includes(":") ? `[${u.hostname}]` : u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

/** The likely cause of a failed connection, and the setting that fixes it; undefined when there is nothing useful to say. */
export function transportHint(url: string, code: string, detail: string, keys: ConnectionKeys): string | undefined {
  const https = url.startsWith("https:");
  const trust = [keys.caCert && `set ${keys.caCert} to the PEM (text or file) of the CA that signed it`, keys.insecure && `for a lab server only, ${keys.insecure}: true`].filter(Boolean).join(", or ");
  if (TLS_TRUST.has(code)) return `the server's TLS certificate is self-signed or signed by a CA this machine does not trust: ${trust || "install its CA"}`;
  if (TLS_DATES.has(code)) return `the server's TLS certificate ${code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet"} (or this machine's clock is wrong): renew it, or ${trust || "fix the clock"}`;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `the server's TLS certificate is not issued for ${new URL(url).hostname}: put a host name the certificate names in ${keys.url}, or ${trust || "reissue the certificate"}`;
  if (https && (code === "EPROTO" || code.startsWith("ERR_SSL_") || /wrong version number|packet length too long|unknown protocol/i.test(detail))) return `${hostPort(url)} does not speak TLS: it is probably a plain-HTTP port; use http:// in ${keys.url} (or the server's HTTPS port)`;
  if (!https && NOT_HTTP.has(code)) return `${hostPort(url)} did not answer plain HTTP: if it is an HTTPS port, use https:// in ${keys.url}`;
  if (UNREACHABLE.has(code)) {
    const why = code === "ECONNREFUSED" ? "nothing is listening at" : code === "ENOTFOUND" || code === "EAI_AGAIN" ? "the host name does not resolve:" : code.includes("TIMEOUT") || code === "ETIMEDOUT" ? "no answer (connect timeout) from" : "no route to";
    return `${why} ${hostPort(url)}: check the host and port in ${keys.url}`;
  }
  return undefined;
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
