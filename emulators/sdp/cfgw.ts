import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../kit/server";
import { cfgwConnectionOf, updateCfgw } from "./cfgw-state";
import { idParam } from "./errors";
import type { SdpKnobs } from "./knobs";
import { serverMissing, visibleServer } from "./servers";
import type { SdpState } from "./state";

/**
 * A server's CFGW connection (seed l.947-1006): show and update. The seed names neither path nor
 * method; these are eclsdk's (ecl/dedicated_hypervisor/v1/server.py:128-167): GET, and a POST
 * with no body for the update. There is no PUT.
 */
export function cfgwRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const visible = (id: string) => visibleServer(state, id, now(), ctx.knobs().deleteMs);
  const missing = serverMissing;
  // Seed "Update CFGW Connection Status": no request body (l.978-982); 200 the connection and `info` (l.997-1006).
  api.post("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    updateCfgw(s, now());
    return { server: { id: s.id, cfgw_connection: cfgwConnectionOf(s, now()) }, info: "Successfully updated" };
  });
  // Seed "Show CFGW Connection" 200 (l.968-977).
  api.get("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    return { server: { id: s.id, cfgw_connection: cfgwConnectionOf(s, now()) } };
  });
}
