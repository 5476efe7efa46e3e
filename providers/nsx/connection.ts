import { z } from "zod";
import { envName, parseBoolean } from "../core/config";
import { describeConnection, setting, type ConnectionDescription, type ConnectionValue, type Setting } from "../core/connection";
import type { Schema } from "../program/schema";
import { ConfigError } from "../core/errors";
import { programConnection } from "../core/lookup";

/** NSX Manager's connection settings (the lookup's `connection` argument, `nsx:*` config, `NSX_*` variables). */
export type NsxSettings = {
  /** NSX Manager, e.g. https://nsx.example.com. */
  url: Setting<Schema<string>>;
  /** HTTP Basic credentials: the user name (with password). */
  username: Setting<Schema<string>>;
  /** HTTP Basic credentials: the user's password; stored as a secret. */
  password: Setting<Schema<string>>;
  /** PEM text or file path of the CA that signed the manager's certificate. */
  caCert: Setting<Schema<string>>;
  /** Skip TLS verification (lab managers only). */
  insecure: Setting<Schema<boolean>>;
};

export const nsxSettings: NsxSettings = {
  url: setting(z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://nsx.example.com" })),
  username: setting(z.string().min(1)),
  password: setting(z.string().min(1), { secret: true }),
  caCert: setting(z.string().min(1)),
  insecure: setting(z.boolean()),
};

export const nsxConnection: ConnectionDescription<NsxSettings> = describeConnection({ vendor: "nsx", product: "NSX Manager", settings: nsxSettings });

/** A lookup's `connection` argument; unset keys come from the program's `nsx:*` config, then `NSX_*`. */
export type NsxLookupConnection = ConnectionValue<NsxSettings>;

export interface NsxConnection {
  url: string;
  username: string;
  password: string;
  caCert?: string;
  insecure?: boolean;
}

const SPECS = Object.keys(nsxSettings).map((name) => ({ name }));

/**
 * The connection a lookup uses: its `connection` argument over the program's `nsx:*` config over
 * NSX_* variables. (nsxConnection.missing names a resource's `connection` input; NSX has only
 * lookups, so the same description's names are said with the function's argument instead.)
 */
export function resolveNsxConnection(given: NsxLookupConnection | undefined): NsxConnection {
  const s = nsxConnection.resolve(programConnection(nsxConnection.vendor, SPECS, given));
  const missing = (["url", "username", "password"] as const).filter((k) => !s[k]);
  if (!s.url || !s.username || !s.password) {
    const where = missing.map((k) => `${nsxConnection.vendor}:${k}, ${envName(nsxConnection.vendor, k)}`).join("; ");
    throw new ConfigError(`${nsxConnection.product} connection is incomplete: missing ${missing.join(" and ")}. Set ${where} — or the function's \`connection\` argument.`);
  }
  return { url: s.url, username: s.username, password: s.password, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}
