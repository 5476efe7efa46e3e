import { readFileSync } from "node:fs";
import { ConfigError } from "./errors";

export interface TlsOptions {
  /** PEM text of the CA (or self-signed certificate) to trust, or a path to a PEM file. */
  caCert?: string;
  /** Skip certificate verification. Off by default; for lab servers only. */
  insecure?: boolean;
}

export function loadCa(caCert: string | undefined): string | undefined {
  if (!caCert) return undefined;
  if (caCert.includes("-----BEGIN")) return caCert;
  try {
    return readFileSync(caCert, "utf8");
  } catch (error) {
    throw new ConfigError(`caCert is neither PEM text nor a readable file: ${caCert} (${(error as NodeJS.ErrnoException).code})`);
  }
}
