import { z } from "zod";
import type { Deadline } from "../core/deadline";
import { SDP_PATHS, type SdpClient } from "./client";

/** A server's CFGW connection, which SdpServer and getSdpCfgwConnection both read. */

/**
 * `server.cfgw_connection` of "Show CFGW Connection" (seed l.968-977) and of "Update CFGW
 * Connection Status" (l.997-1006). The only `error_type` anywhere is null, so its values are unknown.
 */
const cfgwAnswer = z.looseObject({
  server: z.looseObject({
    id: z.string(),
    cfgw_connection: z.looseObject({ status: z.boolean(), error_type: z.string().nullish(), last_established_at: z.string().nullish(), updated_at: z.string().nullish() }),
  }),
});

export interface CfgwConnection {
  serverId: string;
  status: boolean;
  errorType: string | null;
  lastEstablishedAt: string | null;
  updatedAt: string | null;
}

function fromAnswer({ server }: z.output<typeof cfgwAnswer>): CfgwConnection {
  const c = server.cfgw_connection;
  return { serverId: server.id, status: c.status, errorType: c.error_type ?? null, lastEstablishedAt: c.last_established_at ?? null, updatedAt: c.updated_at ?? null };
}

/** `GET /servers/{id}/cfgw_connection` (eclsdk server.py `get_cfgw_connection`). */
export async function showCfgwConnection(client: SdpClient, serverId: string, deadline: Deadline): Promise<CfgwConnection> {
  return fromAnswer(await client.answer("GET", SDP_PATHS.cfgwConnection(serverId), cfgwAnswer, { deadline }));
}

/**
 * `POST /servers/{id}/cfgw_connection` with no body: the seed gives the update no request body
 * (l.978-982) and eclsdk server.py:151-167 `update_cfgw_connection` posts none. It answers the
 * connection as it is after the update. It sets a state rather than adding anything, so it may be resent.
 */
export async function updateCfgwConnection(client: SdpClient, serverId: string, deadline: Deadline): Promise<CfgwConnection> {
  return fromAnswer(await client.answer("POST", SDP_PATHS.cfgwConnection(serverId), cfgwAnswer, { deadline, idempotent: true }));
}
