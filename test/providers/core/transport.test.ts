import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Deadline } from "../../../providers/core/deadline";
import { TransportError } from "../../../providers/core/errors";
import { parseRetryAfter, retryDelayMs } from "../../../providers/core/retry";
import { HttpTransport, closeAllAgents } from "../../../providers/core/transport";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handlers: Handler[] = [];
const seen: { method: string; url: string; at: number; remotePort: number }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", at: Date.now(), remotePort: req.socket.remotePort ?? 0 });
    const next = handlers.shift() ?? ((_q, r) => r.end(JSON.stringify({ ok: true })));
    next(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
});

afterAll(async () => {
  await closeAllAgents();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  handlers = [];
  seen.length = 0;
});

const fast = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
const status = (code: number, headers: Record<string, string> = {}): Handler => (_q, r) => {
  r.writeHead(code, headers);
  r.end(JSON.stringify({ code }));
};
const reset: Handler = (req) => req.socket.destroy();

describe("HttpTransport", () => {
  it("joins the base path and query, and parses JSON", async () => {
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    const res = await t.send({ method: "GET", path: "/things", query: { a: 1, b: undefined, c: "x y" } });
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect(seen[0].url).toBe("/base/things?a=1&c=x+y");
  });

  it("retries idempotent requests on 503, honouring Retry-After", async () => {
    handlers = [status(503, { "retry-after": "1" }), status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    const res = await t.send({ method: "GET", path: "/x" });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1_000);
  });

  it("uses a retry hint from the body when the vendor gives one", async () => {
    handlers = [status(429), status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast, retryAfterFromBody: () => 300 });
    await t.send({ method: "GET", path: "/x" });
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(300);
  });

  it("never resends a POST without an idempotency guarantee", async () => {
    handlers = [status(503), status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    expect((await t.send({ method: "POST", path: "/x", body: { a: 1 } })).status).toBe(503);
    await expect(new HttpTransport({ baseUrl, scope: "t2", retry: fast }).send({ method: "POST", path: "/x" })).resolves.toMatchObject({ status: 200 });
    handlers = [reset];
    await expect(t.send({ method: "POST", path: "/y" })).rejects.toThrow(TransportError);
    expect(seen.filter((s) => s.url === "/base/y")).toHaveLength(1);
  });

  it("resends a POST after a 429, which says it was not processed, honouring Retry-After", async () => {
    handlers = [status(429, { "retry-after": "1" }), status(201)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    expect((await t.send({ method: "POST", path: "/q", body: { a: 1 } })).status).toBe(201);
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(1_000);
  });

  it("holds every later request to a throttled origin until the first 429's Retry-After", async () => {
    handlers = [status(429, { "retry-after": "1" }), status(200), status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    const first = t.send({ method: "GET", path: "/a" });
    await new Promise((r) => setTimeout(r, 100));
    const second = new HttpTransport({ baseUrl, scope: "t3", retry: fast }).send({ method: "GET", path: "/b" });
    expect((await Promise.all([first, second])).map((r) => r.status)).toEqual([200, 200]);
    expect(seen).toHaveLength(3);
    // The second request was held, not sent into the closed window: nothing reached the server within the second.
    expect(Math.min(seen[1].at, seen[2].at) - seen[0].at).toBeGreaterThanOrEqual(1_000);
  });

  it("retries a GET after a connection reset and a POST marked idempotent", async () => {
    handlers = [reset, status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    expect((await t.send({ method: "GET", path: "/r" })).status).toBe(200);
    handlers = [status(520), status(201)];
    expect((await t.send({ method: "POST", path: "/p", idempotent: true })).status).toBe(201);
  });

  it("gives up after maxAttempts and returns the last answer", async () => {
    handlers = [status(502), status(502), status(502), status(502), status(200)];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    expect((await t.send({ method: "GET", path: "/x" })).status).toBe(502);
    expect(seen).toHaveLength(4);
  });

  it("reuses connections (keep-alive) for sequential requests", async () => {
    await closeAllAgents();
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    for (let i = 0; i < 10; i++) await t.send({ method: "GET", path: "/k" });
    expect(seen).toHaveLength(10);
    expect(new Set(seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it("stops at the deadline instead of waiting out a long Retry-After", async () => {
    handlers = [status(503, { "retry-after": "30" })];
    const t = new HttpTransport({ baseUrl, scope: "t", retry: fast });
    const started = Date.now();
    await expect(t.send({ method: "GET", path: "/x", deadline: new Deadline("op", 200) })).rejects.toThrow(/op did not finish within 200ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports a refused connection with method, URL and code", async () => {
    const t = new HttpTransport({ baseUrl: "http://127.0.0.1:1", scope: "t", retry: { ...fast, maxAttempts: 1 } });
    await expect(t.send({ method: "GET", path: "/x" })).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:1\/x: .*\(ECONNREFUSED\)/);
  });
});

describe("retry delays", () => {
  it("grows exponentially with full jitter under a cap", () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(retryDelayMs(policy, 1, undefined, () => 0.999)).toBeLessThan(100);
    expect(retryDelayMs(policy, 3, undefined, () => 0.999)).toBeLessThan(400);
    expect(retryDelayMs(policy, 3, undefined, () => 0.999)).toBeGreaterThanOrEqual(399);
    expect(retryDelayMs(policy, 9, undefined, () => 0.999)).toBeLessThan(1_000);
  });

  it("never waits less than Retry-After", () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    for (const r of [0, 0.5, 0.999]) expect(retryDelayMs(policy, 1, 2_000, () => r)).toBeGreaterThanOrEqual(2_000);
  });

  it("adds at most 50 ms to Retry-After, and a spread to return apart", () => {
    const policy = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 10_000 };
    expect(retryDelayMs(policy, 6, 1_000, () => 0.999)).toBe(1_049);
    expect(retryDelayMs(policy, 6, 1_000, () => 0)).toBe(1_000);
    expect(retryDelayMs(policy, 1, 100, () => 0.999)).toBe(105);
  });

  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
