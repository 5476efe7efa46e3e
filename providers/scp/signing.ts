import { createHash, createHmac } from "node:crypto";

export const SCP_SIGNING_SERVICE = "open-api";

export interface SignableRequest {
  method: string;
  /** Path only, no query. */
  path: string;
  query?: Record<string, string>;
  host: string;
  body: string;
  /** The body's sha256 (hex) when the body is streamed rather than given (`body` is then ignored). */
  bodySha256?: string;
}

const sha256Hex = (data: string): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query: every parameter, encoded, sorted by name then value (never empty when there is a query). */
export function canonicalQuery(query: Record<string, string> | undefined): string {
  return Object.entries(query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** `20261122T150000Z` */
export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * AK/SK request signing: AWS SigV4 (AWS4-HMAC-SHA256) over method, path, canonical query, the
 * `host` and `x-amz-date` headers and the body hash, scoped to `<date>/<region>/open-api`.
 */
export function signRequest(req: SignableRequest, accessKey: string, secretKey: string, region: string, at: Date): { authorization: string; "x-amz-date": string } {
  const stamp = amzDate(at);
  const day = stamp.slice(0, 8);
  const signedHeaders = "host;x-amz-date";
  const canonicalRequest = [req.method.toUpperCase(), req.path.split("/").map(uriEncode).join("/"), canonicalQuery(req.query), `host:${req.host}\nx-amz-date:${stamp}\n`, signedHeaders, req.bodySha256 ?? sha256Hex(req.body)].join("\n");
  const scope = `${day}/${region}/${SCP_SIGNING_SERVICE}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), SCP_SIGNING_SERVICE), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return { authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`, "x-amz-date": stamp };
}
