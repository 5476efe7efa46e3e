import { Agent, request } from "undici";

export interface NaiveRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM of the CA to trust (the emulators' self-signed certificate). */
  ca?: string;
}

export interface NaiveResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the text otherwise. */
  body: unknown;
}

/** Fixed wait between status checks, as a simple script (or a Terraform-style waiter's delay) would use. */
export const NAIVE_POLL_MS = 10_000;
/** Every naive wait gives up after this many checks. */
export const NAIVE_MAX_POLLS = 30;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One request on a connection of its own: a new undici Agent per request, `reset: true` (no
 * keep-alive), and the Agent closed afterwards — so every request pays a TCP and TLS handshake.
 */
export async function naiveRequest(req: NaiveRequest): Promise<NaiveResponse> {
  const agent = new Agent({ connect: { ca: req.ca } });
  try {
    const res = await request(req.url, { method: req.method, headers: req.headers, body: req.body, dispatcher: agent, reset: true });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    let body: unknown = text;
    try {
      body = text === "" ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, headers, body };
  } finally {
    await agent.close();
  }
}

/** Throws unless the status is 2xx, naming the request. */
export function expectOk(what: string, res: NaiveResponse): NaiveResponse {
  if (res.status < 200 || res.status >= 300) throw new Error(`naive ${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  return res;
}
