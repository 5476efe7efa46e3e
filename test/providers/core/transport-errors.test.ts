import { createServer as createHttpServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { transportHint } from "../../../providers/core/errors";
import { HttpTransport, closeAllAgents } from "../../../providers/core/transport";
import { sdpConnection } from "../../../providers/sdp/connection";
import { sppConnection } from "../../../providers/spp/connection";

// Every failure below is met for real on 127.0.0.1: the message must name the likely cause and the setting that fixes it, on one line.
const once = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };
const servers: Server[] = [];

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}
const ok: RequestListener = (_q, r) => r.end(JSON.stringify({ ok: true }));

async function https(opts: { altNames?: { type: number; ip?: string; value?: string }[]; notBeforeDate?: Date; notAfterDate?: Date } = {}): Promise<{ port: number; cert: string }> {
  const pems = await generate([{ name: "commonName", value: "lab.example" }], {
    keySize: 2048,
    notBeforeDate: opts.notBeforeDate,
    notAfterDate: opts.notAfterDate,
    extensions: [{ name: "subjectAltName", altNames: opts.altNames ?? [{ type: 7, ip: "127.0.0.1" }] }],
  } as never);
  const port = await listen(createHttpsServer({ key: pems.private, cert: pems.cert }, ok) as unknown as Server);
  return { port, cert: pems.cert };
}

async function failure(t: HttpTransport, path = "/x"): Promise<string> {
  const error = await t.send({ method: "GET", path }).then(() => undefined, (e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n/);
  return message;
}

const spp = (baseUrl: string, more: { caCert?: string } = {}) => new HttpTransport({ baseUrl, scope: "spp", connection: sppConnection, retry: once, ...more });

afterEach(async () => closeAllAgents());
afterAll(async () => {
  for (const s of servers) s.closeAllConnections?.();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("TLS failures name <vendor>:caCert and <vendor>:insecure", () => {
  let selfSigned: { port: number; cert: string };
  beforeAll(async () => {
    selfSigned = await https();
  });

  it("self-signed certificate", async () => {
    const message = await failure(spp(`https://127.0.0.1:${selfSigned.port}`));
    expect(message).toMatch(/\(DEPTH_ZERO_SELF_SIGNED_CERT\) — the server's TLS certificate is self-signed or signed by a CA this machine does not trust: set spp:caCert to the PEM \(text or file\) of the CA that signed it, or for a lab server only, spp:insecure: true$/);
    // The fix it names works.
    await expect(spp(`https://127.0.0.1:${selfSigned.port}`, { caCert: selfSigned.cert }).send({ method: "GET", path: "/x" })).resolves.toMatchObject({ status: 200 });
  });

  it("unknown CA (a different certificate given as caCert)", async () => {
    const other = await https();
    const message = await failure(spp(`https://127.0.0.1:${selfSigned.port}`, { caCert: other.cert }));
    expect(message).toMatch(/self-signed or signed by a CA this machine does not trust: set spp:caCert .* spp:insecure: true$/);
  });

  it("host name mismatch", async () => {
    const named = await https({ altNames: [{ type: 2, value: "lab.example" }] });
    const message = await failure(spp(`https://127.0.0.1:${named.port}`, { caCert: named.cert }));
    expect(message).toMatch(/\(ERR_TLS_CERT_ALTNAME_INVALID\) — the server's TLS certificate is not issued for 127\.0\.0\.1: put a host name the certificate names in spp:url, or set spp:caCert .* spp:insecure: true$/);
  });

  it("expired certificate", async () => {
    const year = 365 * 24 * 3600 * 1000;
    const expired = await https({ notBeforeDate: new Date(Date.now() - 2 * year), notAfterDate: new Date(Date.now() - year) });
    const message = await failure(spp(`https://127.0.0.1:${expired.port}`, { caCert: expired.cert }));
    expect(message).toMatch(/\(CERT_HAS_EXPIRED\) — the server's TLS certificate has expired \(or this machine's clock is wrong\): renew it, or set spp:caCert .* spp:insecure: true$/);
  });

  it("says the keys of the descriptor given, e.g. SDP's authUrl", async () => {
    const t = new HttpTransport({ baseUrl: `https://127.0.0.1:${selfSigned.port}/v3`, scope: "sdp", connection: sdpConnection, urlSetting: "authUrl", retry: once });
    expect(await failure(t)).toMatch(/set sdp:caCert .* sdp:insecure: true$/);
    const named = await https({ altNames: [{ type: 2, value: "lab.example" }] });
    const t2 = new HttpTransport({ baseUrl: `https://127.0.0.1:${named.port}/v3`, scope: "sdp", connection: sdpConnection, urlSetting: "authUrl", caCert: named.cert, retry: once });
    expect(await failure(t2)).toMatch(/in sdp:authUrl, or set sdp:caCert/);
  });
});

describe("the wrong scheme for the port", () => {
  it("plain HTTP to an HTTPS port: use https://", async () => {
    const { port } = await https();
    const message = await failure(spp(`http://127.0.0.1:${port}`));
    expect(message).toMatch(new RegExp(`— 127\\.0\\.0\\.1:${port} did not answer plain HTTP: if it is an HTTPS port, use https:// in spp:url$`));
  });

  it("plain HTTP to an nginx HTTPS port, which answers 400", async () => {
    // nginx's answer to plain HTTP on a `listen … ssl` port (its 497 error page, sent as 400).
    const port = await listen(createHttpServer((_q, r) => {
      r.writeHead(400, { "content-type": "text/html" });
      r.end("<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    }));
    const message = await failure(spp(`http://127.0.0.1:${port}`));
    expect(message).toBe(`GET http://127.0.0.1:${port}/x: the server says a plain HTTP request was sent to its HTTPS port (HTTP 400) — use https:// in spp:url`);
  });

  it("TLS to a plain-HTTP port: use http://", async () => {
    const port = await listen(createHttpServer(ok));
    const message = await failure(spp(`https://127.0.0.1:${port}`));
    expect(message).toMatch(new RegExp(`wrong version number.* — 127\\.0\\.0\\.1:${port} does not speak TLS: it is probably a plain-HTTP port; use http:// in spp:url \\(or the server's HTTPS port\\)$`, "i"));
  });
});

describe("a different service answering", () => {
  it("an HTML 404 page", async () => {
    const port = await listen(createHttpServer((_q, r) => {
      r.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      r.end("<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>");
    }));
    const message = await failure(spp(`http://127.0.0.1:${port}/app`));
    expect(message).toBe(`GET http://127.0.0.1:${port}/app/x: a web page, not the API, answered 404 (HTTP 404) — spp:url (http://127.0.0.1:${port}/app) probably points at a different service, or lacks the API's base path`);
  });

  it("a 404 at the API's base path", async () => {
    const port = await listen(createHttpServer((_q, r) => {
      r.writeHead(404, { "content-type": "application/json" });
      r.end(JSON.stringify({ error: "no route" }));
    }));
    expect(await failure(spp(`http://127.0.0.1:${port}`), "/")).toMatch(/nothing at the API's base path \(404\) \(HTTP 404\) — spp:url \(http:\/\/127\.0\.0\.1:\d+\/\) probably points at a different service, or lacks the API's base path$/);
  });

  it("leaves the API's own JSON 404 to the caller", async () => {
    const port = await listen(createHttpServer((_q, r) => {
      r.writeHead(404, { "content-type": "application/json" });
      r.end(JSON.stringify({ error: "no such thing" }));
    }));
    await expect(spp(`http://127.0.0.1:${port}`).send({ method: "GET", path: "/things/1" })).resolves.toMatchObject({ status: 404 });
  });
});

describe("an unreachable host names host:port and the URL setting", () => {
  it("connection refused", async () => {
    const server = createHttpServer(ok);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const message = await failure(spp(`https://admin:s3cret-Pw@127.0.0.1:${port}/`));
    expect(message).toMatch(new RegExp(`\\(ECONNREFUSED\\) — nothing is listening at 127\\.0\\.0\\.1:${port}: check the host and port in spp:url$`));
    expect(message).not.toMatch(/s3cret|admin/);
  });

  it("names the default port, and says the cause for DNS failures, unreachable hosts and timeouts", () => {
    const keys = { url: "vspc:url" };
    expect(transportHint("https://vspc.example", "ENOTFOUND", "getaddrinfo ENOTFOUND vspc.example", keys)).toBe("the host name does not resolve: vspc.example:443: check the host and port in vspc:url");
    expect(transportHint("http://10.0.0.9:1280", "EHOSTUNREACH", "", keys)).toBe("no route to 10.0.0.9:1280: check the host and port in vspc:url");
    expect(transportHint("https://10.0.0.9", "UND_ERR_CONNECT_TIMEOUT", "Connect Timeout Error", keys)).toBe("no answer (connect timeout) from 10.0.0.9:443: check the host and port in vspc:url");
  });
});
