import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { badRequest, idParam, sdpError } from "./errors";
import type { SdpKnobs } from "./knobs";
import { serverMissing, visibleServer } from "./servers";
import { LICENSE_TYPES, type AddLicenseJob, type SdpState } from "./state";

// Seed l.912-918: the body variants "Add License to VM by vm_id / by vm_name" and "Get Result for
// add license to VM"; field names from eclcloud v4/ecl/dedicated_hypervisor/v1/servers/requests.go:120-148.
const actionBody = z.union([
  z.object({ "add-license-to-vm": z.object({ vm_id: z.string().optional(), vm_name: z.string().optional(), license_types: z.array(z.string()).min(1) }) }),
  z.object({ "get-result-for-add-license-to-vm": z.object({ job_id: z.string() }) }),
]);

/**
 * A job's status before `jobMs` has passed. No public source shows what get-result answers while
 * a job runs: "RUNNING" is this emulator's name for it (only "COMPLETED" is in eclcloud's fixture).
 */
export const JOB_RUNNING = "RUNNING";
/** A failed job's status and message: neither is in any public source (eclsdk server.py:94 names a `message` attribute, with no example). */
export const JOB_FAILED = "FAILED";

/** What get-result answers for a job at `now`. */
function jobResult(jobId: string, job: AddLicenseJob, now: number, knobs: SdpKnobs) {
  const running = now < (job.createdAt ?? 0) + (knobs.jobMs ?? 0);
  const status = running ? JOB_RUNNING : job.fails ? JOB_FAILED : "COMPLETED";
  const vm = job.vm_name ?? job.vm_id ?? "";
  const message = status === JOB_FAILED ? `emulated failure: the license could not be added to VM ${vm}` : knobs.jobMessages?.[jobId];
  // nttcom/eclcloud v4/ecl/dedicated_hypervisor/v1/servers/testing/fixtures.go:627-636
  // (GetAddLicenseResultResponse): requested_param is {vm_name, license_types}. A request by vm_id
  // is answered {vm_id, license_types}: vm_id there is in no fixture (the Go RequestedParam has no vm_id).
  const requested = job.vm_name !== undefined ? { vm_name: job.vm_name } : { vm_id: job.vm_id };
  return { job_id: jobId, status, ...(message !== undefined ? { message } : {}), requested_param: { ...requested, license_types: job.license_types } };
}

/** Server actions (seed l.900-946): add-license-to-vm and its result. */
export function serverActionRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const visible = (id: string) => visibleServer(state, id, now(), ctx.knobs().deleteMs);
  const missing = serverMissing;
  // Seed "Server Actions": add-license-to-vm request l.929-936; responses 200/400/401/403/404/405/500 (l.919-926).
  api.post("/servers/:id/action", async (request, reply) => {
    const serverId = idParam.parse(request.params).id;
    const s = visible(serverId);
    if (!s) return missing(reply);
    const body = actionBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, "unknown or malformed server action");
    if ("add-license-to-vm" in body.data) {
      const add = body.data["add-license-to-vm"];
      // eclsdk _proxy.py:215-226: "Specify either vm_id or vm_name"; what SDP answers to both or neither is in no source.
      if ((add.vm_id === undefined) === (add.vm_name === undefined)) return badRequest(reply, "specify either vm_id or vm_name");
      const unknown = add.license_types.filter((t) => !LICENSE_TYPES.some((x) => x.name === t));
      if (unknown.length) return badRequest(reply, `unknown license_types ${unknown.join(", ")}`);
      const jobId = randomBytes(12).toString("hex");
      const fails = (ctx.knobs().failJobs ?? false) || (add.vm_name?.startsWith("fail-") ?? false);
      state.jobs.set(jobId, { ...add, server_id: serverId, createdAt: now(), fails });
      // Seed l.945-946: {"job_id": "b4f888dc2b9d4c41bb769cbd"} (24 hex digits).
      return { job_id: jobId };
    }
    const jobId = body.data["get-result-for-add-license-to-vm"].job_id;
    const job = state.jobs.get(jobId);
    // A job of another server is not found on this one (SDP's answer for it is in no source).
    if (!job || (job.server_id !== undefined && job.server_id !== serverId) || ctx.knobs().forgottenJobs?.includes(jobId)) {
      return reply.code(404).send(sdpError("itemNotFound", 404, "Job not found"));
    }
    return jobResult(jobId, job, now(), ctx.knobs());
  });
}
