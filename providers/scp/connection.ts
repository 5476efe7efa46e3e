import { z } from "zod";
import { parseBoolean } from "../core/config";
import { describeConnection, setting, type ConnectionDescription, type ConnectionValue, type Setting } from "../core/connection";
import type { Schema } from "../program/schema";
import { ConfigError } from "../core/errors";

/** Sangfor Cloud Platform's connection settings (`connection` input, `scp:*` config, `SCP_*` variables). */
export type ScpSettings = {
  /** Base URL of the platform, e.g. https://scp.example.com. */
  url: Setting<Schema<string>>;
  /** Token authentication: the user name (with password). */
  username: Setting<Schema<string>>;
  /** Token authentication: the user's password, at least 4 characters; stored as a secret. */
  password: Setting<Schema<string>>;
  /** AK/SK signing: the access key (with secretKey and region). */
  accessKey: Setting<Schema<string>>;
  /** AK/SK signing: the secret key, at least 8 characters; stored as a secret. */
  secretKey: Setting<Schema<string>>;
  /** AK/SK signing region; default cn-south-1. */
  region: Setting<Schema<string>>;
  /** PEM text or file path of the CA that signed the platform's certificate. */
  caCert: Setting<Schema<string>>;
  /** Skip TLS verification (lab platforms only). */
  insecure: Setting<Schema<boolean>>;
};

export const scpSettings: ScpSettings = {
    url: setting(z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL" })),
    username: setting(z.string().min(1)),
    password: setting(z.string().min(4, { message: "must be at least 4 characters" }), { secret: true }),
    accessKey: setting(z.string().min(1)),
    secretKey: setting(z.string().min(8, { message: "must be at least 8 characters" }), { secret: true }),
    region: setting(z.string().min(1)),
    caCert: setting(z.string().min(1)),
    insecure: setting(z.boolean()),
};

export const scpConnection: ConnectionDescription<ScpSettings> = describeConnection({ vendor: "scp", product: "Sangfor Cloud Platform", settings: scpSettings });
export type ScpConnectionArgs = ConnectionValue<ScpSettings>;

export type ScpCredentials = { kind: "token"; username: string; password: string } | { kind: "aksk"; accessKey: string; secretKey: string; region: string };

export interface ScpConnection {
  url: string;
  credentials: ScpCredentials;
  caCert?: string;
  insecure?: boolean;
}

/** The connection a resource uses: its `connection` input over the stack config over SCP_* variables. */
export function resolveScpConnection(connection: Record<string, unknown> | null | undefined): ScpConnection {
  const s = scpConnection.resolve(connection);
  if (!s.url) throw scpConnection.missing(["url"]);
  let credentials: ScpCredentials;
  if (s.accessKey && s.secretKey) credentials = { kind: "aksk", accessKey: s.accessKey, secretKey: s.secretKey, region: s.region ?? "cn-south-1" };
  else if (s.username && s.password) credentials = { kind: "token", username: s.username, password: s.password };
  else {
    throw new ConfigError(
      `${scpConnection.product} credentials are missing: set scp:username with scp:password (token auth), or scp:accessKey with scp:secretKey and scp:region (AK/SK signing) — or SCP_* variables, or the resource's \`connection\` input.`,
    );
  }
  return { url: s.url, credentials, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}
