import { createHash } from "node:crypto";
import { z } from "zod";
import { parseAnswer } from "../core/answer";
import { ConfigError } from "../core/errors";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { SessionCache } from "../core/session";
import { HttpTransport, type HttpMethod, type HttpResponse } from "../core/transport";
import { resolveSdpConnection, sdpConnection, type SdpConnection } from "./connection";
import { SDP_VENDOR, toSdpError } from "./errors";

export { SdpApiError } from "./errors";

export const SDP_SERVICE_TYPE = "dedicated-hypervisor";

/** Reads the answer to `method path` with `schema`: an unexpected shape fails with one line naming the request and the field. */
export function sdpAnswer<S extends z.ZodType>(method: string, path: string, schema: S, res: HttpResponse): z.output<S> {
  return parseAnswer(SDP_VENDOR, `${method} ${path}`, schema, res.body);
}

/** Every Dedicated Hypervisor path this package uses, relative to `…/v1.0/{tenant_id}`. */
export const SDP_PATHS = {
  servers: "/servers",
  serversDetail: "/servers/detail",
  server: (id: string) => `/servers/${encodeURIComponent(id)}`,
  licenses: "/licenses",
  license: (id: string) => `/licenses/${encodeURIComponent(id)}`,
  licenseTypes: "/license_types",
  vcenters: "/vcenters",
  vcenter: (id: string) => `/vcenters/${encodeURIComponent(id)}`,
  vcenterAddresses: "/vcenters/addresses",
  vsphereContracts: "/vsphere_contracts",
  usages: "/usages",
  usageHistories: (id: string) => `/usages/${encodeURIComponent(id)}/histories`,
  /**
   * "Show CFGW Connection" (GET) and "Update CFGW Connection Status" (POST, no body): the seed names
   * neither path nor method (l.947-1006); this path is the one eclsdk's client code uses
   * (ecl/dedicated_hypervisor/v1/server.py:128), not a vendor statement.
   */
  cfgwConnection: (serverId: string) => `/servers/${encodeURIComponent(serverId)}/cfgw_connection`,
} as const;

const tokenResponse = z.looseObject({
  token: z.looseObject({
    expires_at: z.string(),
    catalog: z
      .array(z.looseObject({ type: z.string(), endpoints: z.array(z.looseObject({ interface: z.string().nullish(), url: z.string() })) }))
      .nullish(),
  }),
});

interface KeystoneSession {
  token: string;
  /** `…/v1.0/{tenant_id}` of the dedicated-hypervisor service. */
  base: string;
  renewAt: number;
}

const RENEW_MARGIN_MS = 5 * 60_000;
const clients = new Map<string, SdpClient>();
const sessions = new SessionCache<KeystoneSession>((key) => {
  const client = clients.get(key);
  if (!client) throw new Error(`no SDP client for ${key}`);
  return client.authenticate();
});

export function sdpClient(conn: SdpConnection): SdpClient {
  const key = `${conn.authUrl}|${conn.tenantId}|${conn.username}|${createHash("sha256").update(conn.password).digest("hex").slice(0, 16)}|${conn.endpoint ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new SdpClient(key, conn);
    clients.set(key, client);
  }
  return client;
}

export function sdpClientFor(connection: Record<string, unknown> | null | undefined): SdpClient {
  return sdpClient(resolveSdpConnection(connection));
}

export function resetSdpClients(): void {
  sessions.clear();
  clients.clear();
}

/** `…/v1.0/{tenant}` from a catalog or override URL that may or may not already name the tenant. */
export function serviceBase(url: string, tenantId: string): string {
  const trimmed = url.replace(/\/+$/, "");
  if (trimmed.endsWith(`/${tenantId}`)) return trimmed;
  return /\/v1\.0$/.test(trimmed) ? `${trimmed}/${tenantId}` : `${trimmed}/v1.0/${tenantId}`;
}

export interface SdpRequest {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  deadline?: Deadline;
  allow404?: boolean;
  /** A POST that sets a value (rather than adding one) may be resent after an uncertain failure. */
  idempotent?: boolean;
}

/** Keystone v3 token (X-Subject-Token → X-Auth-Token), catalog discovery, SDP error bodies. */
export class SdpClient {
  private readonly keystone: HttpTransport;
  private readonly services = new Map<string, HttpTransport>();

  constructor(
    private readonly key: string,
    private readonly conn: SdpConnection,
  ) {
    registerSecret(conn.password);
    this.keystone = new HttpTransport({ baseUrl: conn.authUrl, caCert: conn.caCert, insecure: conn.insecure, scope: "sdp", connection: sdpConnection, urlSetting: "authUrl" });
  }

  async authenticate(): Promise<KeystoneSession> {
    const path = "/auth/tokens";
    const res = await this.keystone.send({
      method: "POST",
      path,
      idempotent: true,
      body: {
        auth: {
          identity: { methods: ["password"], password: { user: { name: this.conn.username, password: this.conn.password, domain: { name: this.conn.userDomain } } } },
          scope: { project: { id: this.conn.tenantId } },
        },
      },
    });
    if (res.status !== 201 && res.status !== 200) {
      throw new ConfigError(`Keystone login at ${this.conn.authUrl} as "${this.conn.username}" failed: ${toSdpError("POST", path, res).message}`);
    }
    const token = res.headers["x-subject-token"];
    if (!token) throw new ConfigError(`Keystone at ${this.conn.authUrl} returned no X-Subject-Token`);
    registerSecret(token);
    const body = sdpAnswer("POST", `${new URL(this.conn.authUrl).pathname.replace(/\/+$/, "")}${path}`, tokenResponse, res);
    let url = this.conn.endpoint;
    if (!url) {
      const service = body.token.catalog?.find((c) => c.type === SDP_SERVICE_TYPE);
      url = (service?.endpoints.find((e) => e.interface === "public") ?? service?.endpoints[0])?.url;
      if (!url) throw new ConfigError(`the Keystone catalog has no "${SDP_SERVICE_TYPE}" service: set sdp:endpoint`);
    }
    return { token, base: serviceBase(url, this.conn.tenantId), renewAt: Date.parse(body.token.expires_at) - RENEW_MARGIN_MS };
  }

  private async session(): Promise<KeystoneSession> {
    const current = await sessions.get(this.key);
    if (Date.now() < current.renewAt) return current;
    sessions.invalidate(this.key, current);
    return sessions.get(this.key);
  }

  private transportFor(base: string): HttpTransport {
    let t = this.services.get(base);
    if (!t) {
      t = new HttpTransport({ baseUrl: base, caCert: this.conn.caCert, insecure: this.conn.insecure, scope: "sdp", connection: sdpConnection, urlSetting: "endpoint" });
      this.services.set(base, t);
    }
    return t;
  }

  async send(method: HttpMethod, path: string, req: SdpRequest = {}): Promise<HttpResponse> {
    const attempt = (s: KeystoneSession) =>
      this.transportFor(s.base).send({ method, path, body: req.body, query: req.query, deadline: req.deadline, idempotent: req.idempotent, headers: { "x-auth-token": s.token } });
    const session = await this.session();
    let res = await attempt(session);
    if (res.status === 401) {
      sessions.invalidate(this.key, session);
      res = await attempt(await this.session());
    }
    if (res.status === 404 && req.allow404) return res;
    if (res.status >= 300) throw toSdpError(method, path, res);
    return res;
  }

  /** Sends and reads the answer with `schema` (see `sdpAnswer`). */
  async answer<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, req: SdpRequest = {}): Promise<z.output<S>> {
    return sdpAnswer(method, path, schema, await this.send(method, path, req));
  }
}
