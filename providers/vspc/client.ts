import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { parseAnswer } from "../core/answer";
import { ConfigError } from "../core/errors";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { HttpTransport, type HttpMethod, type HttpResponse } from "../core/transport";
import { resolveVspcConnection, vspcConnection, type VspcConnection } from "./connection";
import { retryAfterFromBody, VSPC_VENDOR, VspcApiError, vspcErrorsOf } from "./errors";

export const VSPC_CLIENT_VERSION = "3.6.1";

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

export function toVspcError(method: string, path: string, res: HttpResponse): VspcApiError {
  const errors = vspcErrorsOf(res.body);
  if (!errors) {
    const text = typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
    return new VspcApiError(res.status, undefined, undefined, undefined, method, path, text || "no error body");
  }
  return new VspcApiError(res.status, errors.code, errors.type, errors.property, method, path, errors.detail);
}

const tokenBody = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

interface Credential {
  header: string;
  /** Token sessions only: when to refresh, and with what. */
  refreshAt?: number;
  refreshToken?: string;
}

/** A login, shared by every caller while it runs and after. */
interface Session {
  promise: Promise<Credential>;
  value?: Credential;
}

/** Refresh this long before the access token expires, so no request races the expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const PATIENT_RETRY = { maxAttempts: 12, baseDelayMs: 250, maxDelayMs: 10_000 };

/** One client, and so one session, per console and credential in the process. */
const clients = new Map<string, VspcClient>();

export function vspcClient(conn: VspcConnection): VspcClient {
  const secret = conn.apiKey ?? `${conn.username}:${conn.password}`;
  const key = `${conn.url}|${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
  let client = clients.get(key);
  if (!client) {
    client = new VspcClient(conn);
    clients.set(key, client);
  }
  return client;
}

/** The client for a resource's `connection` input, falling back to stack config and environment. */
export function vspcClientFor(connection: Record<string, unknown> | null | undefined): VspcClient {
  return vspcClient(resolveVspcConnection(connection));
}

/** Forgets every client and its session (tests, benchmarks). */
export function resetVspcClients(): void {
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

/**
 * VSPC REST v3: API-key or OAuth tokens, `x-client-version`, `x-request-id`, `{errors:[…]}`. The
 * client owns its session: the login, the token's refresh before it expires, and its renewal after
 * a 401, by the refresh-token grant first.
 */
export class VspcClient {
  private readonly transport: HttpTransport;
  private session: Session | undefined;

  constructor(private readonly conn: VspcConnection) {
    registerSecret(conn.apiKey);
    registerSecret(conn.password);
    this.transport = new HttpTransport({
      baseUrl: conn.url,
      caCert: conn.caCert,
      insecure: conn.insecure,
      scope: "vspc",
      connection: vspcConnection,
      retry: PATIENT_RETRY,
      retryAfterFromBody,
    });
  }

  /** The credential for the next request: one login shared by concurrent callers; an access token about to expire is renewed first. */
  private credential(): Promise<Credential> {
    const session = this.session;
    if (!session) return this.login();
    const current = session.value;
    if (current?.refreshAt !== undefined && Date.now() >= current.refreshAt) return this.renew(current);
    return session.promise;
  }

  /**
   * A new credential for `stale` (about to expire, or refused with 401), made once however many
   * callers saw it go stale: "To obtain a new pair of tokens in case the access token expires or
   * becomes invalid, send … the refresh token" (seed, Using Refresh Token).
   */
  private renew(stale: Credential): Promise<Credential> {
    return this.session?.value === stale ? this.login(stale.refreshToken) : this.credential();
  }

  /** Starts a login that every caller shares until it is renewed; a failed one is forgotten, so the next request tries again. */
  private login(refreshToken?: string): Promise<Credential> {
    const session: Session = { promise: this.authenticate(refreshToken) };
    this.session = session;
    session.promise.then(
      (value) => {
        session.value = value;
      },
      () => {
        if (this.session === session) this.session = undefined;
      },
    );
    return session.promise;
  }

  /** The API key, or a token by the refresh-token grant when there is a refresh token, else (or when it is refused) by the password grant. */
  private async authenticate(refreshToken: string | undefined): Promise<Credential> {
    if (this.conn.apiKey) return { header: `Bearer ${this.conn.apiKey}` };
    if (refreshToken) {
      try {
        return await this.token({ grant_type: "refresh_token", refresh_token: refreshToken });
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
