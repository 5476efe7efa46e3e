import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { Agent, type Dispatcher } from "undici";
import type { Deadline } from "./deadline";
import { TransportError, connectionKeys, errorMessage, transportHint, type ConnectionKeys } from "./errors";
import { log } from "./log";
import { DEFAULT_RETRY, RETRYABLE_NETWORK_CODES, RETRYABLE_STATUSES, parseRetryAfter, retryDelayMs, type RetryPolicy } from "./retry";
import { loadCa, type TlsOptions } from "./tls";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  /** Path and query relative to the transport's base URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  /** GET/PUT/DELETE are idempotent by default; a POST only when it carries an idempotency key. */
  idempotent?: boolean;
  deadline?: Deadline;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the text otherwise, null when empty. */
  body: unknown;
}

/** Vendors that put a retry hint in the body (VSPC `errors[].retryAfter`) plug it in here. */
export type RetryAfterFromBody = (body: unknown) => number | undefined;

const agents = new Map<string, Agent>();

/**
 * Per origin, until when the server asked its clients to hold off: set by the first 429 that
 * names a time while no hold is in force, and observed by every later request to the origin.
 * Requests that would only meet the same closed window wait with the first one instead of
 * collecting later `Retry-After`s of their own, so the whole pool returns when the window reopens.
 */
const holds = new Map<string, number>();

/** One keep-alive pool per origin and TLS setting, shared by every resource in the process. */
function agentFor(origin: string, tls: TlsOptions, scope: string): Agent {
  const ca = loadCa(tls.caCert);
  const key = `${origin}|${tls.insecure ? "insecure" : "verify"}|${ca ? createHash("sha256").update(ca).digest("hex") : "system"}`;
  let agent = agents.get(key);
  if (!agent) {
    if (tls.insecure && origin.startsWith("https:")) log("warn", scope, `TLS certificate verification is OFF for ${origin} (insecure: true); use caCert instead outside a lab`);
    agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      connections: 32,
      connect: { ca, rejectUnauthorized: !tls.insecure },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every pooled connection; for tests and the end of short-lived processes. */
export async function closeAllAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  holds.clear();
  await Promise.all(all.map((a) => a.close()));
}

export interface TransportOptions extends TlsOptions {
  baseUrl: string;
  retry?: RetryPolicy;
  retryAfterFromBody?: RetryAfterFromBody;
  /** Label for log lines, e.g. "spp". */
  scope: string;
  /**
   * The vendor's connection description (`sppConnection` …), whose setting names the errors give
   * as the fix (`spp:url`, `spp:caCert`, `spp:insecure`). Without it they are `<scope>:<setting>`.
   */
  connection?: { vendor: string; settings: Record<string, unknown> };
  /** The connection setting that holds this transport's URL; default "url" (SDP: "authUrl", "endpoint"). */
  urlSetting?: string;
}

export class HttpTransport {
  readonly origin: string;
  private readonly basePath: string;
  private readonly retry: RetryPolicy;
  private readonly keys: ConnectionKeys;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.retry = options.retry ?? DEFAULT_RETRY;
    const urlSetting = options.urlSetting ?? "url";
    this.keys = options.connection ? connectionKeys(options.connection, urlSetting) : { url: `${options.scope}:${urlSetting}`, caCert: `${options.scope}:caCert`, insecure: `${options.scope}:insecure` };
  }

  /** The TransportError for a request that got no HTTP answer, with the likely cause and the setting to change. */
  private failure(method: string, path: string, error: unknown): TransportError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as { code?: string }).code ?? "ERR_NETWORK";
    const detail = cause?.message ?? errorMessage(error);
    return new TransportError(method, `${this.origin}${path}`, code, detail, transportHint(this.origin, code, detail, this.keys));
  }

  /**
   * An answer that cannot be the API's: nginx's 400 for plain HTTP on its HTTPS port, or a 404
   * page in HTML (another web server or application) or at the API's base path itself.
   */
  private wrongServer(req: HttpRequest, path: string, res: HttpResponse): TransportError | undefined {
    const text = typeof res.body === "string" ? res.body : "";
    const url = `${this.origin}${path}`;
    if (res.status === 400 && /plain HTTP request was sent to HTTPS port/i.test(text)) {
      return new TransportError(req.method, url, "HTTP 400", "the server says a plain HTTP request was sent to its HTTPS port", `use https:// in ${this.keys.url}`);
    }
    if (res.status !== 404) return undefined;
    const html = /text\/html/i.test(res.headers["content-type"] ?? "") || /^\s*<(!doctype|html)/i.test(text);
    const atBase = req.path === "" || req.path === "/";
    if (!html && !atBase) return undefined;
    return new TransportError(req.method, url, "HTTP 404", html ? "a web page, not the API, answered 404" : "nothing at the API's base path (404)",
      `${this.keys.url} (${this.origin}${this.basePath || "/"}) probably points at a different service, or lacks the API's base path`);
  }

  url(path: string): string {
    return `${this.origin}${this.basePath}${path}`;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? req.method !== "POST";
    for (let attempt = 1; ; attempt++) {
      req.deadline?.check();
      await this.holdWhileThrottled(req);
      const spent = attempt >= this.retry.maxAttempts;
      let response: HttpResponse;
      try {
        response = await this.once(req);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const retryable = idempotent ? RETRYABLE_NETWORK_CODES.has(error.causeCode) : error.causeCode === "ECONNREFUSED";
        if (spent || !retryable) throw error;
        await this.wait(req, attempt, undefined, error.message);
        continue;
      }
      // A 429 (and a refused connection) says the request was not processed: safe to resend even
      // when it is not idempotent. Anything else uncertain is for the caller (see sendOnce).
      const retryable = idempotent ? RETRYABLE_STATUSES.has(response.status) : response.status === 429;
      if (spent || !retryable) return response;
      const retryAfter = parseRetryAfter(response.headers["retry-after"]) ?? this.options.retryAfterFromBody?.(response.body);
      if (response.status === 429 && retryAfter !== undefined && (holds.get(this.origin) ?? 0) <= Date.now()) holds.set(this.origin, Date.now() + retryAfter);
      await this.wait(req, attempt, retryAfter, `HTTP ${response.status}`);
    }
  }

  private async holdWhileThrottled(req: HttpRequest): Promise<void> {
    const waitMs = (holds.get(this.origin) ?? 0) - Date.now();
    if (waitMs <= 0) return;
    // A few milliseconds of spread, so that the held requests do not all arrive in one instant.
    const delay = waitMs + Math.floor(Math.random() * 20);
    log("debug", this.options.scope, `${req.method} ${req.path}: the server is throttling; holding ${delay} ms`);
    await pause(req, delay);
  }

  private async wait(req: HttpRequest, attempt: number, retryAfterMs: number | undefined, why: string): Promise<void> {
    const delay = retryDelayMs(this.retry, attempt, retryAfterMs);
    log("debug", this.options.scope, `${req.method} ${req.path}: ${why}; retry ${attempt + 1}/${this.retry.maxAttempts} in ${delay} ms`);
    await pause(req, delay);
  }

  /** A GET whose body is streamed rather than buffered (large downloads); not retried. */
  async openStream(req: HttpRequest): Promise<{ status: number; headers: Record<string, string>; body: Readable }> {
    const path = `${this.basePath}${req.path}${queryString(req.query)}`;
    try {
      const res = await agentFor(this.origin, this.options, this.options.scope).request({ origin: this.origin, path, method: req.method, headers: req.headers, signal: req.deadline?.signal });
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
    } catch (error) {
      if (req.deadline?.signal.aborted) throw req.deadline.expired();
      throw this.failure(req.method, path, error);
    }
  }

  /**
   * A request whose body is streamed from `body` (`length` bytes; large uploads), so it never sits
   * in memory; answered as `send` answers. Never retried here: the stream is spent by the first
   * try, so the caller decides whether to open the source again.
   */
  async sendStream(req: HttpRequest, body: Readable, length: number): Promise<HttpResponse> {
    req.deadline?.check();
    const headers = { "content-type": "application/octet-stream", ...req.headers, "content-length": String(length) };
    return this.once({ ...req, body: undefined, headers }, body);
  }

  private async once(req: HttpRequest, stream?: Readable): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    let body: string | Readable | undefined = stream;
    if (req.body !== undefined) {
      body = typeof req.body === "string" ? req.body : JSON.stringify(req.body);
      headers["content-type"] ??= "application/json";
    }
    const path = `${this.basePath}${req.path}${queryString(req.query)}`;
    let res: Dispatcher.ResponseData;
    try {
      res = await agentFor(this.origin, this.options, this.options.scope).request({
        origin: this.origin,
        path,
        method: req.method,
        headers,
        body,
        signal: req.deadline?.signal,
      });
    } catch (error) {
      if (req.deadline?.signal.aborted) throw req.deadline.expired();
      throw this.failure(req.method, path, error);
    }
    const text = await res.body.text();
    const response = { status: res.statusCode, headers: flattenHeaders(res.headers), body: parseBody(text) };
    const wrong = this.wrongServer(req, path, response);
    if (wrong) throw wrong;
    return response;
  }
}

/** Waits `ms`, within the request's deadline when it has one. */
async function pause(req: HttpRequest, ms: number): Promise<void> {
  if (req.deadline) await req.deadline.sleep(ms);
  else await new Promise((resolve) => setTimeout(resolve, ms));
}

/** `?a=1&b=2` of the defined entries, or "" (as sent on the wire). */
export function queryString(query: HttpRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
