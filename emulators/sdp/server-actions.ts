import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { badRequest, idParam, sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import { serverMissing, visibleServer } from "./servers";
import { LICENSE_TYPES, type SdpState } from "./state";

const actionBody = z.union([
  z.object({ "add-license-to-vm": z.object({ vm_id: z.string().optional(), vm_name: z.string().optional(), license_types: z.array(z.string()).min(1) }) }),
  z.object({ "get-result-for-add-license-to-vm": z.object({ job_id: z.string() }) }),
]);

/** Server actions (seed l.900-946): add-license-to-vm and its result. */
export function serverActionRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const visible = (id: string) => visibleServer(state, id, now(), ctx.knobs().deleteMs);
  const missing = serverMissing;
  // Seed "Server Actions": add-license-to-vm request l.929-936.
  api.post("/servers/:id/action", async (request, reply) => {
    const s = visible(idParam.parse(request.params).id);
    if (!s) return missing(reply);
    const body = actionBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, "unknown or malformed server action");
    if ("add-license-to-vm" in body.data) {
      const unknown = body.data["add-license-to-vm"].license_types.filter((t) => !LICENSE_TYPES.some((x) => x.name === t));
      if (unknown.length) return badRequest(reply, `unknown license_types ${unknown.join(", ")}`);
      const jobId = randomBytes(12).toString("hex");
      state.jobs.set(jobId, body.data["add-license-to-vm"]);
      // Seed l.945-946: {"job_id": "b4f888dc2b9d4c41bb769cbd"} (24 hex digits).
      return { job_id: jobId };
    }
    const job = state.jobs.get(body.data["get-result-for-add-license-to-vm"].job_id);
    if (!job) return reply.code(404).send(sdpError("itemNotFound", 404, "Job not found"));
    // Not sampled in the seed: nttcom/eclcloud ecl/dedicated_hypervisor/v1/servers/testing/fixtures.go
    // (GetAddLicenseResultResponse) answers {job_id, status, requested_param: {vm_name, license_types}}.
    return { job_id: body.data["get-result-for-add-license-to-vm"].job_id, status: "COMPLETED", requested_param: job };
  });
}
