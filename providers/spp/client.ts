import { createHash } from "node:crypto";
import { z } from "zod";
import { parseAnswer, requestName } from "../core/answer";
import { ConfigError, VendorApiError } from "../core/errors";
import { parseBoolean, resolveSettings, type SettingSpec } from "../core/config";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { SessionCache } from "../core/session";
import { HttpTransport, type HttpMethod, type HttpResponse } from "../core/transport";

/**
 * Every SPP path in one place. Update and delete of hypervisors are not in IBM's public docs;
 * if a release differs, this table is the one-line fix.
 */
export const SPP_PATHS = {
  session: "/api/endeavour/session",
  hypervisors: "/api/hypervisor",
  hypervisor: (id: string) => `/api/hypervisor/${encodeURIComponent(id)}`,
  register: "/ngp/hypervisor",
  modify: (id: string) => `/ngp/hypervisor/${encodeURIComponent(id)}`,
  jobs: "/api/endeavour/job",
  job: (id: string) => `/api/endeavour/job/${encodeURIComponent(id)}`,
  jobSession: (id: string) => `/api/endeavour/jobsession/${encodeURIComponent(id)}`,
} as const;

const VENDOR = "Spectrum Protect Plus";

export const SPP_SETTINGS: readonly SettingSpec[] = [
  { name: "url" },
  { name: "username" },
  { name: "password", secret: true },
  { name: "caCert" },
  { name: "insecure" },
];

export interface SppConnection {
  url: string;
  username: string;
  password: string;
  caCert?: string;
  insecure?: boolean;
}

/** The connection from the resource's `connection` input, stack config `spp:*`, or `SPP_*`. */
export function resolveSppConnection(connection: Record<string, unknown> | undefined): SppConnection {
  const s = resolveSettings("spp", SPP_SETTINGS, connection);
  const missing = (["url", "username", "password"] as const).filter((k) => !s[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      `Spectrum Protect Plus connection is incomplete: missing ${missing.join(", ")}. ` +
        `Set ${missing.map((k) => `spp:${k}`).join(", ")} (pulumi config set [--secret]), ` +
        `the environment variables ${missing.map((k) => `SPP_${k.toUpperCase()}`).join(", ")}, or the resource's \`connection\` input.`,
    );
  }
  return { url: s.url!, username: s.username!, password: s.password!, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}

const errorBody = z.object({ id: z.string(), description: z.string().optional(), title: z.string().optional() });
const sessionBody = z.object({ sessionid: z.string().min(1) });

export class SppApiError extends VendorApiError {
  constructor(status: number, readonly errorId: string | undefined, method: string, path: string, detail: string) {
    super(VENDOR, status, errorId, method, path, detail);
    this.name = "SppApiError";
  }
}

/**
 * SPP's /ngp/ service answers `{statusCode, response}` (seed: the 201/400/401 of POST /ngp/hypervisor;
 * IBM/sppclient reads `['response']` of /ngp/ answers); /api/ answers are bare. Both are read here.
 */
export function unwrapSppBody(body: unknown): unknown {
  if (body && typeof body === "object" && "statusCode" in body && "response" in body) return (body as { response: unknown }).response;
  return body;
}

function toError(method: string, path: string, res: HttpResponse): SppApiError {
  const parsed = errorBody.safeParse(unwrapSppBody(res.body));
  if (parsed.success) return new SppApiError(res.status, parsed.data.id, method, path, parsed.data.description ?? parsed.data.title ?? parsed.data.id);
  const text = typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300);
  return new SppApiError(res.status, undefined, method, path, text || "no error body");
}

/** A 401 on a regular call means the session expired; a 401 about the hypervisor's own login does not. */
function isSessionExpired(res: HttpResponse): boolean {
  if (res.status !== 401) return false;
  const parsed = errorBody.safeParse(unwrapSppBody(res.body));
  return !(parsed.success && parsed.data.id.startsWith("Hypervisor"));
}

interface Session {
  id: string;
}

const sessions = new SessionCache<Session>((key) => {
  const client = clients.get(key);
  if (!client) throw new Error(`no SPP client for ${key}`);
  return client.login();
});
const clients = new Map<string, SppClient>();

export function sppClient(conn: SppConnection): SppClient {
  const key = `${new URL(conn.url).origin}|${conn.username}|${createHash("sha256").update(conn.password).digest("hex").slice(0, 16)}`;
  let client = clients.get(key);
  if (!client) {
    client = new SppClient(key, conn);
    clients.set(key, client);
  }
  return client;
}

export interface SppRequest {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  deadline?: Deadline;
  idempotent?: boolean;
}

/** Spectrum Protect Plus REST: session login, the session header, and the `{id, description}` error shape. */
export class SppClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly key: string,
    private readonly conn: SppConnection,
  ) {
    registerSecret(conn.password);
    this.transport = new HttpTransport({ baseUrl: conn.url, caCert: conn.caCert, insecure: conn.insecure, scope: "spp" });
  }

  get origin(): string {
    return this.transport.origin;
  }

  async login(): Promise<Session> {
    const basic = Buffer.from(`${this.conn.username}:${this.conn.password}`).toString("base64");
    registerSecret(basic);
    const res = await this.transport.send({
      method: "POST",
      path: SPP_PATHS.session,
      headers: { authorization: `Basic ${basic}`, "x-endeavour-locale": "en-us" },
      idempotent: true,
    });
    if (res.status >= 300) {
      const error = toError("POST", SPP_PATHS.session, res);
      throw new ConfigError(`login to Spectrum Protect Plus at ${this.origin} as "${this.conn.username}" failed: ${error.message}`);
    }
    const { sessionid } = parseAnswer(VENDOR, requestName("POST", SPP_PATHS.session), sessionBody, unwrapSppBody(res.body));
    registerSecret(sessionid);
    return { id: sessionid };
  }

  /** As `call`, reading the answer with `schema`: an unexpected shape fails with one line naming the request and the field. */
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req: SppRequest & { allow404: true }): Promise<z.output<S> | undefined>;
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req?: SppRequest): Promise<z.output<S>>;
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req: SppRequest & { allow404?: boolean } = {}): Promise<z.output<S> | undefined> {
    const body = await this.call(method, path, req);
    return body === undefined && req.allow404 ? undefined : parseAnswer(VENDOR, requestName(method, path, req.query), schema, body);
  }

  /** Sends a request with the session; returns the unwrapped body, or undefined for 404 when `allow404`. */
  async call(method: HttpMethod, path: string, req: SppRequest & { allow404: true }): Promise<unknown | undefined>;
  async call(method: HttpMethod, path: string, req?: SppRequest): Promise<unknown>;
  async call(method: HttpMethod, path: string, req: SppRequest & { allow404?: boolean } = {}): Promise<unknown> {
    const res = await sessions.use(
      this.key,
      (session) =>
        this.transport.send({
          method,
          path,
          body: req.body,
          query: req.query,
          deadline: req.deadline,
          idempotent: req.idempotent,
          headers: { "x-endeavour-sessionid": session.id, "x-endeavour-locale": "en-us" },
        }),
      isSessionExpired,
    );
    if (res.status === 404 && req.allow404) return undefined;
    if (res.status >= 300) throw toError(method, path, res);
    return unwrapSppBody(res.body);
  }
}

/** For tests: forget cached sessions and clients. */
export function resetSppClients(): void {
  sessions.clear();
  clients.clear();
}
