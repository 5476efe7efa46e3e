import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { parseAnswer } from "../core/answer";
import { ConfigError, VendorApiError } from "../core/errors";
import { parseBoolean, resolveSettings, type SettingSpec } from "../core/config";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { SessionCache } from "../core/session";
import { HttpTransport, type HttpMethod, type HttpResponse } from "../core/transport";

export const VSPC_CLIENT_VERSION = "3.6.1";
export const VSPC_VENDOR = "Veeam Service Provider Console";

/** Parses VSPC's answer to `request` (e.g. "GET /users"); an unexpected shape fails with one line naming it. */
export function vspcAnswer<S extends z.ZodType>(request: string, schema: S, body: unknown): z.output<S> {
  return parseAnswer(VSPC_VENDOR, request, schema, body);
}

/** Every VSPC path this package uses (REST API v3, base `https://host:1280/api/v3`). */
export const VSPC_PATHS = {
  token: "/token",
  companies: "/organizations/companies",
  company: (uid: string) => `/organizations/companies/${encodeURIComponent(uid)}`,
  organization: (uid: string) => `/organizations/${encodeURIComponent(uid)}`,
  users: "/users",
  logins: "/users/logins",
  apiKey: (userUid: string) => `/users/${encodeURIComponent(userUid)}/logins/apikey`,
  login: (userUid: string, id: string) => `/users/${encodeURIComponent(userUid)}/logins/${encodeURIComponent(id)}`,
  asyncAction: (id: string) => `/asyncActions/${encodeURIComponent(id)}`,
  asyncResult: (id: string) => `/asyncActions/${encodeURIComponent(id)}/result`,
} as const;

export const VSPC_SETTINGS: readonly SettingSpec[] = [
  { name: "url" },
  { name: "apiKey", secret: true },
  { name: "username" },
  { name: "password", secret: true },
  { name: "caCert" },
  { name: "insecure" },
];

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

export function resolveVspcConnection(connection: Record<string, unknown> | undefined): VspcConnection {
  const s = resolveSettings("vspc", VSPC_SETTINGS, connection);
  if (!s.url) throw new ConfigError("Veeam Service Provider Console connection is incomplete: missing url. Set vspc:url (e.g. https://vspc.example.com:1280), VSPC_URL, or the resource's `connection` input.");
  if (!s.apiKey && !(s.username && s.password)) {
    throw new ConfigError(
      "Veeam Service Provider Console credentials are missing: set vspc:apiKey (pulumi config set --secret vspc:apiKey …), or vspc:username with vspc:password, or VSPC_API_KEY / VSPC_USERNAME + VSPC_PASSWORD, or the resource's `connection` input.",
    );
  }
  return { url: apiBase(s.url), apiKey: s.apiKey, username: s.username, password: s.password, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}

const errorItem = z.looseObject({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.number().nullish(),
  propertyName: z.string().nullish(),
  parameterName: z.string().nullish(),
  retryAfter: z.number().nullish(),
});
const errorBody = z.looseObject({ errors: z.array(errorItem).min(1) });

export class VspcApiError extends VendorApiError {
  constructor(
    status: number,
    readonly errorCode: number | undefined,
    readonly errorType: string | undefined,
    readonly property: string | undefined,
    method: string,
    path: string,
    /** The vendor's own words: each error's message with its propertyName or parameterName. */
    readonly detail: string,
  ) {
    super(VSPC_VENDOR, status, errorCode === undefined ? undefined : String(errorCode), method, path, detail);
    this.name = "VspcApiError";
  }
}

/** VSPC's errors in a body, `{errors:[{message, type, code, propertyName|parameterName}]}` (seed, Errors), as one line. */
export function vspcErrorsOf(body: unknown): { detail: string; code?: number; type?: string; property?: string } | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const first = parsed.data.errors[0];
  const detail = parsed.data.errors.map((e) => `${e.message ?? e.type ?? "error"}${e.propertyName || e.parameterName ? ` (${e.propertyName ?? e.parameterName})` : ""}`).join("; ");
  return { detail, code: first.code ?? undefined, type: first.type ?? undefined, property: first.propertyName ?? first.parameterName ?? undefined };
}

export function toVspcError(method: string, path: string, res: HttpResponse): VspcApiError {
  const errors = vspcErrorsOf(res.body);
  if (!errors) {
    const text = typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
    return new VspcApiError(res.status, undefined, undefined, undefined, method, path, text || "no error body");
  }
  return new VspcApiError(res.status, errors.code, errors.type, errors.property, method, path, errors.detail);
}

/** VSPC's throttling hint: `errors[].retryAfter` seconds. */
export function retryAfterFromBody(body: unknown): number | undefined {
  const parsed = errorBody.safeParse(body);
  const seconds = parsed.success ? parsed.data.errors.find((e) => typeof e.retryAfter === "number")?.retryAfter : undefined;
  return typeof seconds === "number" ? seconds * 1_000 : undefined;
}

const tokenBody = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

interface Credential {
  header: string;
  /** Token sessions only: when to refresh, and with what. */
  refreshAt?: number;
  refreshToken?: string;
  /** Set once its renewal has begun, so that concurrent callers renew it only once. */
  renewing?: boolean;
}

/** Refresh this long before the access token expires, so no request races the expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const PATIENT_RETRY = { maxAttempts: 12, baseDelayMs: 250, maxDelayMs: 10_000 };

const clients = new Map<string, VspcClient>();
const sessions = new SessionCache<Credential>((key) => {
  const client = clients.get(key);
  if (!client) throw new Error(`no VSPC client for ${key}`);
  return client.authenticate();
});

export function vspcClient(conn: VspcConnection): VspcClient {
  const secret = conn.apiKey ?? `${conn.username}:${conn.password}`;
  const key = `${conn.url}|${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
  let client = clients.get(key);
  if (!client) {
    client = new VspcClient(key, conn);
    clients.set(key, client);
  }
  return client;
}

/** The client for a resource's `connection` input, falling back to stack config and environment. */
export function vspcClientFor(connection: Record<string, unknown> | undefined): VspcClient {
  return vspcClient(resolveVspcConnection(connection));
}

export function resetVspcClients(): void {
  sessions.clear();
  clients.clear();
}

export interface VspcRequest {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  deadline?: Deadline;
  /**
   * The x-request-id: the UID of the async action the request may start (seed: "If you want to
   * assign a specific UID to an async action, add the x-request-id header"). It does not make a
   * resend recognisable: nothing in the seed says VSPC deduplicates by it.
   */
  requestId?: string;
  allow404?: boolean;
  /**
   * Whether the transport may resend after a gateway error or a lost connection: by default every
   * method but POST (a resent POST could create twice; see sendOnce). 429s are resent regardless.
   */
  idempotent?: boolean;
}

/** VSPC REST v3: API-key or OAuth tokens, `x-client-version`, `x-request-id`, `{errors:[…]}`. */
export class VspcClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly key: string,
    private readonly conn: VspcConnection,
  ) {
    registerSecret(conn.apiKey);
    registerSecret(conn.password);
    this.transport = new HttpTransport({
      baseUrl: conn.url,
      caCert: conn.caCert,
      insecure: conn.insecure,
      scope: "vspc",
      retry: PATIENT_RETRY,
      retryAfterFromBody,
    });
  }

  /** The refresh token of an access token that expired (or is about to), used once by the next `authenticate`. */
  private refreshToken: string | undefined;

  async authenticate(): Promise<Credential> {
    if (this.conn.apiKey) return { header: `Bearer ${this.conn.apiKey}` };
    const refresh = this.refreshToken;
    this.refreshToken = undefined;
    if (refresh) {
      try {
        return await this.token({ grant_type: "refresh_token", refresh_token: refresh });
      } catch {
        // An unusable refresh token: fall back to the password grant.
      }
    }
    return this.token({ grant_type: "password", username: this.conn.username ?? "", password: this.conn.password ?? "" });
  }

  private async token(form: Record<string, string>): Promise<Credential> {
    const res = await this.transport.send({
      method: "POST",
      path: VSPC_PATHS.token,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-client-version": VSPC_CLIENT_VERSION },
      body: new URLSearchParams(form).toString(),
      idempotent: true,
    });
    if (res.status !== 200) {
      const error = toVspcError("POST", VSPC_PATHS.token, res);
      throw new ConfigError(`login to Veeam Service Provider Console at ${this.transport.origin}${form.username ? ` as "${form.username}"` : ""} failed: ${error.message}`);
    }
    const body = vspcAnswer(`POST ${VSPC_PATHS.token}`, tokenBody, res.body);
    registerSecret(body.access_token);
    registerSecret(body.refresh_token);
    return { header: `Bearer ${body.access_token}`, refreshAt: Date.now() + body.expires_in * 1_000 - REFRESH_MARGIN_MS, refreshToken: body.refresh_token };
  }

  /** The cached credential; an access token about to expire is renewed first. */
  private async credential(): Promise<Credential> {
    const current = await sessions.get(this.key);
    if (current.refreshAt === undefined || Date.now() < current.refreshAt) return current;
    return this.renew(current);
  }

  /**
   * A new access token for `stale`, by its refresh token first: "To obtain a new pair of tokens in
   * case the access token expires or becomes invalid, send … the refresh token" (seed, Using
   * Refresh Token); `authenticate` falls back to the password grant only when that is refused.
   */
  private async renew(stale: Credential): Promise<Credential> {
    if (!stale.renewing) {
      stale.renewing = true;
      this.refreshToken = stale.refreshToken;
      sessions.invalidate(this.key, stale);
    }
    return sessions.get(this.key);
  }

  /** Sends a request; returns the raw response for 2xx (and 404 when allowed), else throws VspcApiError. */
  async send(method: HttpMethod, path: string, req: VspcRequest = {}): Promise<HttpResponse> {
    const mutating = method !== "GET";
    const requestId = mutating ? (req.requestId ?? randomUUID()) : undefined;
    const attempt = async (credential: Credential): Promise<HttpResponse> =>
      this.transport.send({
        method,
        path,
        query: req.query,
        body: req.body,
        deadline: req.deadline,
        idempotent: req.idempotent ?? method !== "POST",
        headers: {
          authorization: credential.header,
          "x-client-version": VSPC_CLIENT_VERSION,
          ...(requestId ? { "x-request-id": requestId } : {}),
        },
      });
    const credential = await this.credential();
    let res = await attempt(credential);
    if (res.status === 401 && !this.conn.apiKey) res = await attempt(await this.renew(credential));
    if (res.status === 404 && req.allow404) return res;
    if (res.status >= 300) throw toVspcError(method, path, res);
    return res;
  }
}
