import { constants, generateKeyPairSync, privateDecrypt, randomBytes, type KeyObject } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { signRequest } from "../../providers/scp/signing";
import type { ScpState } from "./state";
import { noteSecret } from "../kit/secrets";
import { ERRCODE, ok, scpError } from "./answers";
import type { ScpAuthConfig } from "./credentials";
import { CONTENT_SHA256_HEADER } from "./uploads";

/**
 * Node refuses PKCS#1 v1.5 in privateDecrypt (CVE-2023-46809), so the emulator decrypts raw and
 * strips the type-2 padding itself: 00 02 <non-zero bytes> 00 <message>.
 */
function decryptPkcs1(privateKey: KeyObject, hex: string): string | undefined {
  try {
    const raw = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, Buffer.from(hex, "hex"));
    if (raw[0] !== 0 || raw[1] !== 2) return undefined;
    const end = raw.indexOf(0, 2);
    return end < 10 ? undefined : raw.subarray(end + 1).toString("utf8");
  } catch {
    return undefined;
  }
}

const authBody = z.object({ auth: z.object({ passwordCredentials: z.object({ username: z.string(), password: z.string() }) }) });

/** GET /janus/public-key, POST /janus/authenticate, and verification of Token or AK/SK requests. */
export function scpAuth(app: FastifyInstance, state: ScpState, cfg: ScpAuthConfig, now: () => number): void {
  noteSecret(cfg.password, cfg.secretKey);
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const modulusHex = Buffer.from(String(publicKey.export({ format: "jwk" }).n), "base64url").toString("hex");

  // `data.public_key`, the modulus in hex: erelbi/sangfor-scp `sangfor_scp/auth/token.py` _fetch_public_key_modulus.
  app.get("/janus/public-key", async () => ok({ public_key: modulusHex }));
  app.post("/janus/authenticate", async (request, reply) => {
    const body = authBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(scpError(400, ERRCODE.badRequest, "auth.passwordCredentials is required"));
    const { username, password } = body.data.auth.passwordCredentials;
    if (username !== cfg.username || decryptPkcs1(privateKey, password) !== cfg.password) return reply.code(401).send(scpError(401, ERRCODE.unauthorized, "Incorrect username or password"));
    const id = randomBytes(24).toString("hex");
    noteSecret(id);
    state.tokens.set(id, now() + 24 * 3_600_000);
    // `data.access.token.id`: erelbi/sangfor-scp `sangfor_scp/auth/token.py` authenticate.
    return ok({ access: { token: { id, expires: new Date(now() + 24 * 3_600_000).toISOString() } } });
  });

  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? "";
    if (!route.startsWith("/janus/20") ) return;
    const header = String(request.headers.authorization ?? "");
    const token = header.match(/^Token\s+(\S+)$/)?.[1];
    if (token) {
      const expires = state.tokens.get(token);
      if (expires !== undefined && expires > now()) return;
      return reply.code(401).send(scpError(401, ERRCODE.unauthorized, "The token is invalid or expired"));
    }
    const cred = header.match(/^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/open-api\/aws4_request, SignedHeaders=host;x-amz-date, Signature=([0-9a-f]{64})$/);
    const stamp = String(request.headers["x-amz-date"] ?? "");
    if (!cred || cred[1] !== cfg.accessKey || cred[3] !== cfg.region || !/^\d{8}T\d{6}Z$/.test(stamp)) return reply.code(401).send(scpError(401, ERRCODE.unauthorized, "Authentication required"));
    const at = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
    const [path] = request.url.split("?");
    // A streamed upload is signed over the sha256 it names (the upload route checks the body against it).
    const streamed = String(request.headers["content-type"] ?? "").startsWith("application/octet-stream");
    const bodySha256 = streamed ? String(request.headers[CONTENT_SHA256_HEADER] ?? "") : undefined;
    const expected = signRequest(
      { method: request.method, path, query: request.query as Record<string, string>, host: String(request.headers.host), body: (request as FastifyRequest & { rawBody?: string }).rawBody ?? "", bodySha256 },
      cfg.accessKey,
      cfg.secretKey,
      cfg.region,
      at,
    );
    if (expected.authorization !== header) return reply.code(401).send(scpError(401, ERRCODE.unauthorized, "The request signature does not match"));
  });
}
