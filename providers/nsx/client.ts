import { z } from "zod";
import { parseAnswer, requestName } from "../core/answer";
import { ConfigError, VendorApiError } from "../core/errors";
import { parseBoolean, resolveSettings, type SettingSpec } from "../core/config";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { HttpTransport, type HttpResponse } from "../core/transport";

const VENDOR = "NSX Manager";

export const NSX_PATHS = {
  vmGroupExecutionDetails: "/api/v1/migration/vmgroup/actions/get_vm_group_execution_details",
} as const;

export const NSX_SETTINGS: readonly SettingSpec[] = [{ name: "url" }, { name: "username" }, { name: "password", secret: true }, { name: "caCert" }, { name: "insecure" }];

export interface NsxConnection {
  url: string;
  username: string;
  password: string;
  caCert?: string;
  insecure?: boolean;
}

export function resolveNsxConnection(connection: Record<string, unknown> | undefined): NsxConnection {
  const s = resolveSettings("nsx", NSX_SETTINGS, connection);
  const missing = (["url", "username", "password"] as const).filter((k) => !s[k]);
  if (missing.length > 0) {
    throw new ConfigError(
      `NSX Manager connection is incomplete: missing ${missing.join(", ")}. Set ${missing.map((k) => `nsx:${k}`).join(", ")}, the environment variables ${missing.map((k) => `NSX_${k.toUpperCase()}`).join(", ")}, or the function's \`connection\` argument.`,
    );
  }
  return { url: s.url!, username: s.username!, password: s.password!, caCert: s.caCert, insecure: parseBoolean(s.insecure) };
}

const errorBody = z.looseObject({ error_code: z.union([z.number(), z.string()]).nullish(), error_message: z.string().nullish(), httpStatus: z.string().nullish() });

export class NsxApiError extends VendorApiError {
  constructor(status: number, code: string | undefined, method: string, path: string, detail: string) {
    super(VENDOR, status, code, method, path, detail);
    this.name = "NsxApiError";
  }
}

function toNsxError(method: string, path: string, res: HttpResponse): NsxApiError {
  const parsed = errorBody.safeParse(res.body);
  if (parsed.success && parsed.data.error_message) {
    return new NsxApiError(res.status, parsed.data.error_code === undefined || parsed.data.error_code === null ? undefined : String(parsed.data.error_code), method, path, parsed.data.error_message);
  }
  return new NsxApiError(res.status, undefined, method, path, typeof res.body === "string" ? res.body.slice(0, 300) : JSON.stringify(res.body ?? "").slice(0, 300));
}

/** `path?query` with the parameters that were sent, in their order (e.g. `…?group_id=g&cursor=2`). */
/** NSX Manager REST with HTTP Basic authentication on every request. */
export class NsxClient {
  private readonly transport: HttpTransport;
  private readonly authorization: string;

  constructor(conn: NsxConnection) {
    registerSecret(conn.password);
    this.authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString("base64")}`;
    registerSecret(this.authorization.slice(6));
    this.transport = new HttpTransport({ baseUrl: conn.url, caCert: conn.caCert, insecure: conn.insecure, scope: "nsx" });
  }

  /** GETs `path` and reads the answer with `schema`: an unexpected shape fails with one line naming the request and the field. */
  async get<S extends z.ZodType>(path: string, query: Record<string, string | undefined>, schema: S, deadline: Deadline): Promise<z.output<S>> {
    const res = await this.transport.send({ method: "GET", path, query, deadline, headers: { authorization: this.authorization } });
    if (res.status >= 300) throw toNsxError("GET", path, res);
    return parseAnswer(VENDOR, requestName("GET", path, query), schema, res.body);
  }
}
