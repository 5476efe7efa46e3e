import { createHash } from "node:crypto";
import { z } from "zod";
import { parseAnswer, requestName } from "../core/answer";
import type { Deadline } from "../core/deadline";
import { ConfigError } from "../core/errors";
import { registerSecret } from "../core/redact";
import { SessionCache } from "../core/session";
import { HttpTransport, type HttpMethod } from "../core/transport";
import { resolveSppConnection, sppConnection, type SppConnection } from "./connection";
import { isSessionExpired, SPP_VENDOR, toSppError, unwrapSppBody } from "./errors";

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

const sessionBody = z.object({ sessionid: z.string().min(1) });

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

/**
 * The client for a resource's `connection` (input, stack config, environment), at `serverUrl`
 * when one is given: the SPP server a hypervisor was registered with.
 */
export function sppClientFor(connection: Record<string, unknown> | null | undefined, serverUrl?: string | null): SppClient {
  const conn = resolveSppConnection(connection);
  return sppClient(serverUrl ? { ...conn, url: serverUrl } : conn);
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
    this.transport = new HttpTransport({ baseUrl: conn.url, caCert: conn.caCert, insecure: conn.insecure, scope: "spp", connection: sppConnection });
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
      const error = toSppError("POST", SPP_PATHS.session, res);
      throw new ConfigError(`login to Spectrum Protect Plus at ${this.origin} as "${this.conn.username}" failed: ${error.message}`);
    }
    const { sessionid } = parseAnswer(SPP_VENDOR, requestName("POST", SPP_PATHS.session), sessionBody, unwrapSppBody(res.body));
    registerSecret(sessionid);
    return { id: sessionid };
  }

  /** As `call`, reading the answer with `schema`: an unexpected shape fails with one line naming the request and the field. */
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req: SppRequest & { allow404: true }): Promise<z.output<S> | undefined>;
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req?: SppRequest): Promise<z.output<S>>;
  async read<S extends z.ZodType>(schema: S, method: HttpMethod, path: string, req: SppRequest & { allow404?: boolean } = {}): Promise<z.output<S> | undefined> {
    const body = await this.call(method, path, req);
    return body === undefined && req.allow404 ? undefined : parseAnswer(SPP_VENDOR, requestName(method, path, req.query), schema, body);
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
    if (res.status >= 300) throw toSppError(method, path, res);
    return unwrapSppBody(res.body);
  }
}

/** For tests: forget cached sessions and clients. */
export function resetSppClients(): void {
  sessions.clear();
  clients.clear();
}
