import type { z } from "zod";
import { parseAnswer, requestName } from "../core/answer";
import type { Deadline } from "../core/deadline";
import { registerSecret } from "../core/redact";
import { HttpTransport } from "../core/transport";
import { nsxConnection, type NsxConnection } from "./connection";
import { NSX_VENDOR, toNsxError } from "./errors";

export const NSX_PATHS = {
  vmGroupExecutionDetails: "/api/v1/migration/vmgroup/actions/get_vm_group_execution_details",
} as const;

/** NSX Manager REST with HTTP Basic authentication on every request. */
export class NsxClient {
  private readonly transport: HttpTransport;
  private readonly authorization: string;

  constructor(conn: NsxConnection) {
    registerSecret(conn.password);
    this.authorization = `Basic ${Buffer.from(`${conn.username}:${conn.password}`).toString("base64")}`;
    registerSecret(this.authorization.slice(6));
    this.transport = new HttpTransport({ baseUrl: conn.url, caCert: conn.caCert, insecure: conn.insecure, scope: "nsx", connection: nsxConnection });
  }

  /** GETs `path` and reads the answer with `schema`: an unexpected shape fails with one line naming the request and the field. */
  async get<S extends z.ZodType>(path: string, query: Record<string, string | undefined>, schema: S, deadline: Deadline): Promise<z.output<S>> {
    const res = await this.transport.send({ method: "GET", path, query, deadline, headers: { authorization: this.authorization } });
    if (res.status >= 300) throw toNsxError("GET", path, res);
    return parseAnswer(NSX_VENDOR, requestName("GET", path, query), schema, res.body);
  }
}
