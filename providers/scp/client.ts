import { constants, createHash, createPublicKey, publicEncrypt, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { z } from "zod";
import { parseAnswer, requestName } from "../core/answer";
import { ConfigError } from "../core/errors";
import type { Deadline } from "../core/deadline";
import { log } from "../core/log";
import { pollUntil, type PollSchedule } from "../core/poll";
import { retryDelayMs, type RetryPolicy } from "../core/retry";
import { registerSecret } from "../core/redact";
import { SessionCache } from "../core/session";
import { HttpTransport, type HttpMethod, type HttpResponse } from "../core/transport";
import { SCP_VENDOR, ScpBusyError, ScpTaskError, toScpError, type ScpApiError } from "./errors";
import { envelope } from "./schema";
import { signRequest } from "./signing";
import { resolveScpConnection, scpConnection, type ScpConnection } from "./connection";

export { ScpApiError, ScpTaskError } from "./errors";

/**
 * Every SCP path in one place. Image-from-VM and the guest-script API are not in public
 * documentation (see the design notes): a release that differs is a one-line fix here.
 */
export const SCP_PATHS = {
  publicKey: "/janus/public-key",
  authenticate: "/janus/authenticate",
  task: (id: string) => `/janus/20180725/tasks/${encodeURIComponent(id)}`,
  servers: "/janus/20180725/servers",
  server: (id: string) => `/janus/20180725/servers/${encodeURIComponent(id)}`,
  guestScript: (id: string) => `/janus/20180725/servers/${encodeURIComponent(id)}/guest-script`,
  images: "/janus/20180725/images",
  imageFromServer: "/janus/20180725/images/action",
  image: (id: string) => `/janus/20180725/images/${encodeURIComponent(id)}`,
  imageExport: (id: string) => `/janus/20240725/images/${encodeURIComponent(id)}/export`,
  imageDownload: (id: string) => `/janus/20240725/images/${encodeURIComponent(id)}/download`,
  /** Sangfor SCP 6.11.3 "Open APIs" lists "Upload image — PUT /janus/20180725/images/{image_id}/upload". */
  imageUpload: (id: string) => `/janus/20180725/images/${encodeURIComponent(id)}/upload`,
  /** Resource pools: the public spec's `GET /janus/20180725/azs` (SCP 6.3.0+). */
  pools: "/janus/20180725/azs",
} as const;

/**
 * How an image file is uploaded. The two paths are listed by Sangfor (above); everything here is
 * UNCONFIRMED (no public document or client gives it, API-NOTES: Sangfor Cloud Platform): the
 * public spec declares no body for the upload and no checksum field anywhere. A release that
 * differs is a change here only.
 */
export const SCP_UPLOAD = {
  /** UNCONFIRMED: the file as the raw body, as the spec's cluster-file upload sends files ("以二进制格式传输", sent as binary). */
  contentType: "application/octet-stream",
  /** UNCONFIRMED: the header naming the body's sha256 (SigV4's own name for it); AK/SK signing covers it, as it must when the body is streamed. */
  sha256Header: "x-amz-content-sha256",
  /** UNCONFIRMED: the image field holding SCP's sha256 of the stored file; when an answer has none, the upload is reported unverified. */
  reportedSha256Field: "sha256",
  /**
   * CreateImageRequest.disk_format (ISO | aCloud): a VMA file is "aCloud", the built-in (HCI)
   * kind, inferred from the 6.11.3 list naming the VMA image a "built-in image (vma image)".
   */
  diskFormat: "aCloud",
  /** How much of the file is read at a time: memory stays bounded by this, whatever the file's size. */
  chunkBytes: 1024 * 1024,
} as const;

/** A local file to upload: its size and sha256, hashed before the upload (AK/SK signing needs it first). */
export interface UploadFile {
  path: string;
  bytes: number;
  sha256: string;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The password encrypted for /janus/authenticate: RSA PKCS#1 v1.5 with the server's modulus (e = 65537), hex. */
export function encryptPassword(password: string, modulusHex: string): string {
  const n = Buffer.from(modulusHex.replace(/^0x/i, ""), "hex").toString("base64url");
  const key = createPublicKey({ key: { kty: "RSA", n, e: "AQAB" }, format: "jwk" });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(password, "utf8")).toString("hex");
}

const publicKeyBody = envelope(z.union([z.string(), z.looseObject({ public_key: z.string() })]));
const authBody = envelope(z.looseObject({ access: z.looseObject({ token: z.looseObject({ id: z.string().min(1) }) }) }));
/**
 * A task (erelbi/sangfor-scp `sangfor_scp/resources/tasks.py`): status waiting | doing | finish |
 * failure | canceling | canceled, progress 100 when done; `description` says why it failed.
 */
const taskData = z.looseObject({ status: z.string(), progress: z.number().nullish(), description: z.string().nullish(), result: z.unknown().optional() });
const FAILED_TASK = new Set(["failure", "canceled"]);

/** How tasks and object statuses are polled. */
export const TASK_POLL: PollSchedule = { minMs: 200, fraction: 0.2, maxMs: 30_000 };

/** Backoff for an object that is busy (409): bounded by the operation's deadline, not by a count. */
const BUSY_RETRY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 250, maxDelayMs: 10_000 };

const clients = new Map<string, ScpClient>();
const sessions = new SessionCache<string>((key) => {
  const client = clients.get(key);
  if (!client) throw new Error(`no SCP client for ${key}`);
  return client.authenticate();
});

export function scpClientFor(connection: Record<string, unknown> | null | undefined): ScpClient {
  const conn = resolveScpConnection(connection);
  const secret = conn.credentials.kind === "token" ? `${conn.credentials.username}:${conn.credentials.password}` : `${conn.credentials.accessKey}:${conn.credentials.secretKey}`;
  const key = `${conn.url}|${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
  let client = clients.get(key);
  if (!client) {
    client = new ScpClient(key, conn);
    clients.set(key, client);
  }
  return client;
}

export function resetScpClients(): void {
  sessions.clear();
  clients.clear();
}

export interface ScpRequest {
  body?: unknown;
  query?: Record<string, string>;
  deadline: Deadline;
  allow404?: boolean;
  /** Whether a 409 means "busy, try again" (the default) rather than a final answer. */
  retryBusy?: boolean;
}

/** SCP OpenAPI: token (RSA-encrypted password) or AK/SK signing, `X-Client-Token` on POST/PUT, tasks. */
export class ScpClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly key: string,
    private readonly conn: ScpConnection,
  ) {
    if (conn.credentials.kind === "token") registerSecret(conn.credentials.password);
    else registerSecret(conn.credentials.secretKey);
    this.transport = new HttpTransport({ baseUrl: conn.url, caCert: conn.caCert, insecure: conn.insecure, scope: "scp", connection: scpConnection });
  }

  async authenticate(): Promise<string> {
    if (this.conn.credentials.kind !== "token") throw new Error("AK/SK connections do not log in");
    const { username, password } = this.conn.credentials;
    const keyRes = await this.transport.send({ method: "GET", path: SCP_PATHS.publicKey });
    if (keyRes.status >= 300) throw toScpError("GET", SCP_PATHS.publicKey, keyRes);
    const data = parseAnswer(SCP_VENDOR, `GET ${SCP_PATHS.publicKey}`, publicKeyBody, keyRes.body).data;
    const modulus = typeof data === "string" ? data : data.public_key;
    const res = await this.transport.send({
      method: "POST",
      path: SCP_PATHS.authenticate,
      idempotent: true,
      body: { auth: { passwordCredentials: { username, password: encryptPassword(password, modulus) } } },
    });
    if (res.status >= 300) throw new ConfigError(`login to Sangfor Cloud Platform at ${this.transport.origin} as "${username}" failed: ${toScpError("POST", SCP_PATHS.authenticate, res).message}`);
    const token = parseAnswer(SCP_VENDOR, `POST ${SCP_PATHS.authenticate}`, authBody, res.body).data.access.token.id;
    registerSecret(token);
    return token;
  }

  private async headers(method: HttpMethod, path: string, query: Record<string, string> | undefined, body: string): Promise<{ headers: Record<string, string>; token?: string }> {
    if (this.conn.credentials.kind === "token") {
      const token = await sessions.get(this.key);
      return { headers: { authorization: `Token ${token}` }, token };
    }
    const { accessKey, secretKey, region } = this.conn.credentials;
    const host = new URL(this.conn.url).host;
    return { headers: signRequest({ method, path, query, host, body }, accessKey, secretKey, region, new Date()) };
  }

  /**
   * A request; an error answer becomes ScpApiError. A 409 (an object with a task running) is tried
   * again with backoff, each time as a new request, until the deadline would pass.
   */
  async send(method: HttpMethod, path: string, req: ScpRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.exchange(method, path, req);
      if (res.status === 409 && req.retryBusy !== false) {
        await this.backOffBusy(method, path, req.deadline, attempt, toScpError(method, path, res));
        continue;
      }
      if (res.status === 404 && req.allow404) return res;
      if (res.status >= 300) throw toScpError(method, path, res);
      return res;
    }
  }

  /** One request, resent by the transport under one X-Client-Token; the session is renewed once on 401. */
  private async exchange(method: HttpMethod, path: string, req: ScpRequest): Promise<HttpResponse> {
    const body = req.body === undefined ? "" : JSON.stringify(req.body);
    // Names this request for the server so that a resend cannot act twice.
    const clientToken = method === "POST" || method === "PUT" ? randomUUID() : undefined;
    const attempt = async (): Promise<{ res: HttpResponse; token?: string }> => {
      const { headers, token } = await this.headers(method, path, req.query, body);
      const res = await this.transport.send({
        method,
        path,
        query: req.query,
        body: req.body === undefined ? undefined : body,
        deadline: req.deadline,
        idempotent: true,
        headers: { ...headers, ...(clientToken ? { "x-client-token": clientToken } : {}) },
      });
      return { res, token };
    };
    const first = await attempt();
    if (first.res.status !== 401 || !first.token) return first.res;
    sessions.invalidate(this.key, first.token);
    return (await attempt()).res;
  }

  private async backOffBusy(method: HttpMethod, path: string, deadline: Deadline, attempt: number, busy: ScpApiError): Promise<void> {
    const delay = retryDelayMs(BUSY_RETRY, attempt, undefined);
    if (delay >= deadline.remainingMs()) throw new ScpBusyError(deadline, busy);
    log("debug", "scp", `${method} ${path}: busy (${busy.message}); trying again in ${delay} ms`);
    await deadline.sleep(delay);
  }

  /** A request whose answer is SCP's envelope with `data` of `schema`; any other shape fails with one line. */
  async call<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, req: ScpRequest): Promise<z.output<S>> {
    return this.answer(method, path, schema, await this.send(method, path, req), req.query);
  }

  /** The `data` of an answer already received, read with `schema` (see `call`). */
  answer<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, res: HttpResponse, query?: Record<string, string>): z.output<S> {
    // zod cannot name the output of an object over a generic schema: it is `{ data: output<S> }`.
    return (parseAnswer(SCP_VENDOR, requestName(method, path, query), envelope(schema), res.body) as { data: z.output<S> }).data;
  }

  /** GET of one object, undefined when it does not exist (404). */
  async find<S extends z.ZodType>(path: string, schema: S, deadline: Deadline): Promise<z.output<S> | undefined> {
    const res = await this.send("GET", path, { deadline, allow404: true });
    return res.status === 404 ? undefined : this.answer("GET", path, schema, res);
  }

  /**
   * Waits for a task (adaptive polling under the deadline), with heartbeat lines to `say` (the
   * resource's log) during a long one; `failure` becomes ScpTaskError.
   */
  async waitTask(taskId: string, deadline: Deadline, say: (message: string) => void): Promise<unknown> {
    const { value } = await pollUntil(
      () => this.call("GET", SCP_PATHS.task(taskId), taskData, { deadline }),
      (t) => t.status === "finish" || t.progress === 100 || FAILED_TASK.has(t.status),
      deadline,
      TASK_POLL,
      { what: `task ${taskId}`, say, status: (t) => (typeof t.progress === "number" ? `${t.status} ${t.progress}%` : t.status) },
    );
    if (FAILED_TASK.has(value.status)) throw new ScpTaskError(taskId, value.status === "canceled" ? "it was canceled" : (value.description ?? "no reason given"));
    return value.result;
  }

  /**
   * PUTs a local file as the body, streamed in chunks of SCP_UPLOAD.chunkBytes (`sent` hears each
   * chunk's size); an error answer becomes ScpApiError. Not retried here: see ScpVmaImage.
   */
  async upload(path: string, file: UploadFile, deadline: Deadline, sent: (bytes: number) => void): Promise<HttpResponse> {
    const source = createReadStream(file.path, { highWaterMark: SCP_UPLOAD.chunkBytes });
    // Counted as the transport pulls each chunk, so backpressure holds memory to about one chunk.
    const stream = Readable.from(
      (async function* () {
        for await (const chunk of source) {
          sent((chunk as Buffer).length);
          yield chunk as Buffer;
        }
      })(),
      { objectMode: false },
    );
    const token = this.conn.credentials.kind === "token" ? await sessions.get(this.key) : undefined;
    const auth = token !== undefined ? { authorization: `Token ${token}` } : await this.signedFor("PUT", path, file.sha256);
    const headers = { ...auth, "content-type": SCP_UPLOAD.contentType, [SCP_UPLOAD.sha256Header]: file.sha256, "x-client-token": randomUUID() };
    try {
      const res = await this.transport.sendStream({ method: "PUT", path, deadline, headers }, stream, file.bytes);
      // The stream is spent: the next try (the caller's) logs in again rather than resending now.
      if (res.status === 401 && token !== undefined) sessions.invalidate(this.key, token);
      if (res.status >= 300) throw toScpError("PUT", path, res);
      return res;
    } finally {
      source.destroy();
    }
  }

  private async signedFor(method: HttpMethod, path: string, bodySha256: string): Promise<Record<string, string>> {
    if (this.conn.credentials.kind !== "aksk") throw new Error("signing needs an AK/SK connection");
    const { accessKey, secretKey, region } = this.conn.credentials;
    return signRequest({ method, path, host: new URL(this.conn.url).host, body: "", bodySha256 }, accessKey, secretKey, region, new Date());
  }

  /** The body of a GET as a stream (large downloads). */
  async download(path: string, deadline: Deadline): Promise<Readable> {
    const { headers } = await this.headers("GET", path, undefined, "");
    const res = await this.transport.openStream({ method: "GET", path, deadline, headers });
    if (res.status >= 300) {
      const text = await new Response(Readable.toWeb(res.body) as ReadableStream).text();
      throw toScpError("GET", path, { status: res.status, headers: res.headers, body: parseMaybeJson(text) });
    }
    return res.body;
  }
}
