import { z } from "zod";
import { propertyPath } from "../core/check";
import { parseBoolean } from "../core/config";
import { describeConnection, setting, type ConnectionDescription, type ConnectionValue, type Setting } from "../core/connection";
import type { Schema } from "../program/schema";
import { ConfigError } from "../core/errors";
import { programConnection } from "../core/lookup";
import { zodOf } from "../program/zod-of";

const httpUrl = (example = "") => z.string().regex(/^https?:\/\/[^/]+/, { message: `must be an http(s) URL${example}` });

/** NTT Smart Data Platform's connection settings (`connection` input, `sdp:*` config, `SDP_*` variables). */
export type SdpSettings = {
  /** Keystone v3, e.g. https://keystone-jp1-ecl.api.ntt.com/v3. */
  authUrl: Setting<Schema<string>>;
  /** The API user. */
  username: Setting<Schema<string>>;
  /** The API user's password, at least 4 characters; stored as a secret. */
  password: Setting<Schema<string>>;
  /** The tenant (project) id the token is scoped to. */
  tenantId: Setting<Schema<string>>;
  /** The user's domain name; default "Default". */
  userDomain: Setting<Schema<string>>;
  /** Overrides the catalog's dedicated-hypervisor endpoint. */
  endpoint: Setting<Schema<string>>;
  /** PEM text or file path of the CA that signed the endpoints' certificates. */
  caCert: Setting<Schema<string>>;
  /** Skip TLS verification (lab endpoints only). */
  insecure: Setting<Schema<boolean>>;
};

export const sdpSettings: SdpSettings = {
  authUrl: setting(httpUrl(" such as https://keystone-jp1-ecl.api.ntt.com/v3")),
  username: setting(z.string().min(1)),
  password: setting(z.string().min(4, { message: "must be at least 4 characters" }), { secret: true }),
  tenantId: setting(z.string().min(1)),
  userDomain: setting(z.string().min(1)),
  endpoint: setting(httpUrl()),
  caCert: setting(z.string().min(1)),
  insecure: setting(z.boolean()),
};

export const sdpConnection: ConnectionDescription<SdpSettings> = describeConnection({ vendor: "sdp", product: "Smart Data Platform", settings: sdpSettings });
export type SdpConnectionArgs = ConnectionValue<SdpSettings>;

export interface SdpConnection {
  /** Keystone v3, e.g. https://keystone-jp1-ecl.api.ntt.com/v3 */
  authUrl: string;
  username: string;
  password: string;
  tenantId: string;
  userDomain: string;
  /** Overrides the catalog's dedicated-hypervisor endpoint. */
  endpoint?: string;
  caCert?: string;
  insecure?: boolean;
}

const REQUIRED = ["authUrl", "username", "password", "tenantId"] as const;

/** The connection a resource uses: its `connection` input over the stack config over SDP_* variables. */
export function resolveSdpConnection(connection: Record<string, unknown> | null | undefined): SdpConnection {
  const s = sdpConnection.resolve(connection);
  const missing = REQUIRED.filter((k) => !s[k]);
  if (missing.length > 0) throw sdpConnection.missing(missing);
  return {
    authUrl: s.authUrl!.replace(/\/+$/, ""),
    username: s.username!,
    password: s.password!,
    tenantId: s.tenantId!,
    userDomain: s.userDomain ?? "Default",
    endpoint: s.endpoint,
    caCert: s.caCert,
    insecure: parseBoolean(s.insecure),
  };
}

const SETTING_SPECS = Object.entries(sdpSettings).map(([name, s]) => ({ name, secret: s.secret === true }));

/**
 * The connection a lookup uses. Lookups run in the program, where the stack config is read through
 * pulumi.Config: the `connection` argument (checked with the resources' schema), then the
 * program's `sdp:*` config, then SDP_* variables.
 */
export function resolveSdpLookupConnection(given: SdpConnectionArgs | undefined): SdpConnection {
  const parsed = zodOf(sdpConnection.schema).safeParse(given ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${sdpConnection.product} connection is invalid: ${propertyPath(["connection", ...issue.path])}: ${issue.message}`);
  }
  return resolveSdpConnection(programConnection("sdp", SETTING_SPECS, parsed.data));
}
