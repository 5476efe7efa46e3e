import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "../kit/server";
import { idParam } from "./errors";
import type { SdpKnobs } from "./knobs";
import { serverMissing, visibleServer } from "./servers";
import { statusOf, type SdpState } from "./state";

/** A server's CFGW connection (seed l.947-1006): show and update. */
export function cfgwRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const visible = (id: string) => visibleServer(state, id, now(), ctx.knobs().deleteMs);
  const missing = serverMissing;
  // Seed "Update CFGW Connection Status" 200 (l.997-1006); the path is not in the seed (API-NOTES: unconfirmed).
  api.put("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    const up = statusOf(s, now()) === "ACTIVE";
    const at = new Date(now()).toISOString();
    return { server: { id: s.id, cfgw_connection: { status: up, error_type: up ? null : "NOT_CONNECTED", last_established_at: up ? at : null, updated_at: at } }, info: "Successfully updated" };
  });
  // Seed "Show CFGW Connection" 200 (l.968-977); the path is not in the seed (API-NOTES: unconfirmed).
  api.get("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    const up = statusOf(s, now()) === "ACTIVE";
    const at = new Date(s.builtAt).toISOString();
    return { server: { id: s.id, cfgw_connection: { status: up, error_type: up ? null : "NOT_CONNECTED", last_established_at: up ? at : null, updated_at: at } } };
  });
}
