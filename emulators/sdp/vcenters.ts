import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { badRequest, idParam, sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import { VCENTER_ADDRESSES, type SdpState } from "./state";
import { vcenterView } from "./views";

const vcenterBody = z.object({ vcenter: z.object({ link_local_address: z.string().regex(/^169\.254\.\d{1,3}\.\d{1,3}$/), password: z.string().min(1), license_id: z.string().min(1) }) });

/** Registered vCenters and the link-local addresses they take; metering by the emulator's clock. */
export function vcenterRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const paths = (error: z.ZodError) => error.issues.map((i) => i.path.join(".")).join(", ");
  const inUse = (address: string, except?: string) => [...state.vcenters.values()].some((v) => v.link_local_address === address && v.id !== except);

  // Seed "List Registered vCenters Information" 200 (l.1026-1037).
  api.get("/vcenters", async () => ({ vcenters: [...state.vcenters.values()].map((v) => vcenterView(v, now(), ctx.knobs().meteringMs)) }));
  // Seed "List Available IP Addresses of vCenter" 200 (l.1166-1178).
  api.get("/vcenters/addresses", async () => {
    const used = new Set([...state.vcenters.values()].map((v) => v.link_local_address));
    return { addresses: VCENTER_ADDRESSES.map((address) => ({ address, in_use: used.has(address) })) };
  });
  api.post("/vcenters", async (request, reply) => {
    const body = vcenterBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, paths(body.error));
    // Seed "Register vCenter Information" (l.1044-1051) lists 200, 400, 401, 403, 405, 500, 503 and
    // no 409: an address in use is a bad request, in the seed's badRequest body (l.477-481).
    if (inUse(body.data.vcenter.link_local_address)) return badRequest(reply, `link_local_address ${body.data.vcenter.link_local_address} is already in use`);
    // Seed l.1068-1077: {vcenter: {...}}, the metering fields null until metering has run.
    return { vcenter: vcenterView(state.addVcenter(body.data.vcenter, now()), undefined, ctx.knobs().meteringMs) };
  });
  // Seed "Update Registered vCenter Information": request l.1096-1101, 200 l.1111-1120, 404 and 409 listed (l.1089, l.1091).
  api.put("/vcenters/:id", async (request, reply) => {
    const v = state.vcenters.get(idParam.parse(request.params).id);
    if (!v) return reply.code(404).send(sdpError("itemNotFound", 404, "vCenter not found"));
    const body = vcenterBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, paths(body.error));
    // Seed "Update Registered vCenter Information" lists 409 Conflict (l.1091, l.1108).
    if (inUse(body.data.vcenter.link_local_address, v.id)) return reply.code(409).send(sdpError("conflictingRequest", 409, "The link-local address is already in use."));
    Object.assign(v, body.data.vcenter);
    return { vcenter: vcenterView(v, now(), ctx.knobs().meteringMs) };
  });
  // Seed "Delete Registered vCenter Information": 204 No Content (l.1127), 404 listed (l.1130).
  api.delete("/vcenters/:id", async (request, reply) => {
    if (!state.vcenters.delete(idParam.parse(request.params).id)) return reply.code(404).send(sdpError("itemNotFound", 404, "vCenter not found"));
    return reply.code(204).send();
  });
}
