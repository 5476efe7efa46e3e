import { z } from "zod";
import { parseBoolean } from "../core/config";
import { describeConnection, setting, type ConnectionDescription, type ConnectionValue, type Setting } from "../core/connection";
import type { Schema } from "../program/schema";
import { ConfigError } from "../core/errors";
import type { Inputify } from "../program/descriptor";

/** Veeam Service Provider Console's connection settings (`connection` input, `vspc:*` config, `VSPC_*` variables). */
export type VspcSettings = {
  /** e.g. https://vspc.example.com:1280 (the /api/v3 suffix is added when missing). */
  url: Setting<Schema<string>>;
  /** An API key, sent as `Authorization: Bearer …`. */
  apiKey: Setting<Schema<string>>;
  /** Or a user name (with password): OAuth tokens from `POST /token`. */
  username: Setting<Schema<string>>;
  /** The user's password (with username), at least 4 characters; stored as a secret. */
  password: Setting<Schema<string>>;
  /** PEM text or file path of the CA to trust. */
  caCert: Setting<Schema<string>>;
  /** Skip TLS verification (lab consoles only). */
  insecure: Setting<Schema<boolean>>;
};

export const vspcSettings: VspcSettings = {
  url: setting(z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://vspc.example.com:1280" })),
  apiKey: setting(z.string().min(8, { message: "must be at least 8 characters" }), { secret: true }),
  username: setting(z.string().min(1)),
  password: setting(z.string().min(4, { message: "must be at least 4 characters" }), { secret: true }),
  caCert: setting(z.string().min(1)),
  insecure: setting(z.boolean()),
};

export const vspcConnection: ConnectionDescription<VspcSettings> = describeConnection({ vendor: "vspc", product: "Veeam Service Provider Console", settings: vspcSettings });

/** The `connection` input of the VSPC resources, field by field. */
export type VspcConnectionArgs = { [K in keyof ConnectionValue<VspcSettings>]: Inputify<ConnectionValue<VspcSettings>[K]> };

export interface VspcConnection {
  /** Base URL including `/api/v3`. */
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
  insecure?: boolean;
}

/** `https://vspc:1280` and `https://vspc:1280/api/v3` both name the same API. */
export function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return /\/api\/v3$/.test(trimmed) ? trimmed : `${trimmed}/api/v3`;
}

/** The connection a resource uses: its `connection` input over the stack config over VSPC_* variables. */
export function resolveVspcConnection(connection: Record<string, unknown> | null | undefined): VspcConnection {
  const s = vspcConnection.resolve(connection);
  if (!s.url) throw vspcConnection.missing(["url"]);
  if (!s.apiKey && !(s.username && s.password)) {
    throw new ConfigError(
      `${vspcConnection.product} credentials are missing: set vspc:apiKey (pulumi config set --secret vspc:apiKey …), or vspc:username with vspc:password, or VSPC_API_KEY / VSPC_USERNAME + VSPC_PASSWORD — or the resource's \`connection\` input.`,
    );
  }
  return { url: apiBase(s.url), apiKey: s.apiKey, username: s.username, password: s.password, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}
