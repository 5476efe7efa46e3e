import { isIP } from "node:net";
import { generate } from "selfsigned";

export interface TlsMaterial {
  key: string;
  cert: string;
}

/** A fresh self-signed certificate for 127.0.0.1 / localhost and `host` if another (EC P-256: fast to make). */
export async function selfSignedCertificate(host = "127.0.0.1"): Promise<TlsMaterial> {
  const extra = host === "127.0.0.1" || host === "localhost" || host === "0.0.0.0" || host === "::" ? [] : [isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host }];
  const made = await generate([{ name: "commonName", value: "backup-infra-emulator" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 7 * 24 * 3_600_000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          ...extra,
        ],
      },
    ],
  });
  return { key: made.private, cert: made.cert };
}
