import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseBoolean } from "../core/config";
import { describeConnection, setting, type ConnectionDescription, type ConnectionValue, type Setting } from "../core/connection";
import type { Schema } from "../program/schema";

/** Spectrum Protect Plus's connection settings (`connection` input, `spp:*` config, `SPP_*` variables). */
export type SppSettings = {
  /** Base URL of the SPP server, e.g. https://spp.example.com. */
  url: Setting<Schema<string>>;
  /** The SPP user the provider logs in as (with password). */
  username: Setting<Schema<string>>;
  /** The SPP user's password, at least 4 characters; stored as a secret. */
  password: Setting<Schema<string>>;
  /** PEM text or file path of the CA that signed the server certificate. */
  caCert: Setting<Schema<string>>;
  /** Skip TLS verification (lab servers only). */
  insecure: Setting<Schema<boolean>>;
};

export const sppSettings: SppSettings = {
  url: setting(z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://spp.example.com" })),
  username: setting(z.string().min(1)),
  password: setting(z.string().min(4, { message: "must be at least 4 characters" }), { secret: true }),
  caCert: setting(z.string().min(1)),
  insecure: setting(z.boolean()),
};

export const sppConnection: ConnectionDescription<SppSettings> = describeConnection({ vendor: "spp", product: "Spectrum Protect Plus", settings: sppSettings });

/** The `connection` input as a program writes it: each setting may be an Output. */
export type SppConnectionArgs = { [K in keyof ConnectionValue<SppSettings>]?: pulumi.Input<NonNullable<ConnectionValue<SppSettings>[K]>> };

export interface SppConnection {
  url: string;
  username: string;
  password: string;
  caCert?: string;
  insecure?: boolean;
}

/** The connection a resource uses: its `connection` input over the stack config `spp:*` over SPP_* variables. */
export function resolveSppConnection(connection: Record<string, unknown> | null | undefined): SppConnection {
  const s = sppConnection.resolve(connection);
  const missing = (["url", "username", "password"] as const).filter((k) => !s[k]);
  if (!s.url || !s.username || !s.password) throw sppConnection.missing(missing);
  return { url: s.url, username: s.username, password: s.password, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}
