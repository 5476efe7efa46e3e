import { z } from "zod";
import { connectionFailures } from "../core/check";
import { DeadlineExceededError } from "../core/deadline";
import { errorMessage, ObjectGoneError, ResourceInitFailedError } from "../core/errors";
import { ADAPTIVE_POLL, pollUntil } from "../core/poll";
import { defineProvider, type OperationContext } from "../core/provider";
import { isUncertain } from "../core/send-once";
import type { InputsOf } from "../program/descriptor";
import { SDP_PATHS, sdpAnswer, sdpClientFor, type SdpClient } from "./client";
import { resolveSdpConnection } from "./connection";
import { sdpGuestVmLicense } from "./guest-vm-license";
import { listLicenseTypes, type LicenseType } from "./listings";

const MINUTE = 60_000;
type Inputs = InputsOf<typeof sdpGuestVmLicense.inputs>;

/** Seed "Server Actions" (l.900-946): both the add and its result are a POST here (eclcloud servers/urls.go:25-27, requests.go:130-160). */
const actionPath = (serverId: string) => `${SDP_PATHS.server(serverId)}/action`;

/** Seed l.945-946. */
const accepted = z.looseObject({ job_id: z.string() });
/** eclcloud servers/testing/fixtures.go:627-636 (GetAddLicenseResultResponse); `message`: eclsdk dedicated_hypervisor/v1/server.py:94. */
const job = z.looseObject({
  job_id: z.string(),
  status: z.string(),
  message: z.string().nullish(),
  requested_param: z.looseObject({ vm_name: z.string().nullish(), vm_id: z.string().nullish(), license_types: z.array(z.string()).nullish() }).nullish(),
});
type Job = z.infer<typeof job>;

const COMPLETED = "COMPLETED";
/** Only "COMPLETED" is in a public source; a status that names a failure ends the wait too. */
const failed = (status: string | null | undefined): boolean => typeof status === "string" && /FAIL|ERROR/i.test(status);

/** How many times add-license-to-vm is sent after answers that were lost (as sendOnce's attempts). */
const MAX_SENDS = 4;

/** A job that ended in a failure status: SDP's status and message. */
export class SdpLicenseJobFailedError extends Error {
  constructor(
    readonly jobId: string,
    readonly status: string,
    readonly vendorMessage: string | null,
  ) {
    super(`add-license-to-vm job ${jobId} ended ${status}${vendorMessage ? `: ${vendorMessage}` : " (SDP gave no message)"}`);
    this.name = "SdpLicenseJobFailedError";
  }
}

/** License types that are not guest-VM types on this SDP: names the ones that are. */
export class SdpGuestLicenseTypeError extends Error {
  constructor(
    readonly unknown: readonly string[],
    readonly validTypes: readonly string[],
  ) {
    const quoted = (names: readonly string[]) => names.map((t) => `"${t}"`).join(", ");
    const what = unknown.length === 1 ? `license type ${quoted(unknown)} is not one` : `license types ${quoted(unknown)} are not ones`;
    super(`${what} SDP offers for guest VMs; valid: ${validTypes.length ? quoted(validTypes) : "none"}`);
    this.name = "SdpGuestLicenseTypeError";
  }
}

/**
 * The guest-VM license types: those without a license key. No source flags a type "for guest VMs";
 * in every sample the types added to VMs (Windows Server, SQL Server: seed l.932-933, l.789-800)
 * have `has_license_key: false`, and the key-based vCenter type (`true`, l.781-786) is the one
 * Create License issues a key for (docs/research/issue-16-sdp.md §4).
 */
const isGuestVmType = (t: LicenseType): boolean => t.has_license_key === false;

async function checkTypes(client: SdpClient, wanted: readonly string[], ctx: OperationContext): Promise<void> {
  const valid = (await listLicenseTypes(client, ctx.deadline)).filter(isGuestVmType).map((t) => t.name);
  const unknown = wanted.filter((t) => !valid.includes(t));
  if (unknown.length > 0) throw new SdpGuestLicenseTypeError(unknown, valid);
}

/**
 * The hypervisor and the VM as given: SDP has no id for a VM's licenses, and a job id is only
 * known once the answer arrives (a create whose answer is lost is still recorded by this id).
 */
const resourceId = (i: Inputs): string => `${i.serverId}/${i.vmId !== undefined ? `vm_id=${i.vmId}` : `vm_name=${i.vmName ?? ""}`}`;
const vmOf = (i: { vmId?: string | null; vmName?: string | null }): string => (i.vmName ? `"${i.vmName}"` : `${i.vmId ?? "?"}`);

function remoteOutputs(j: Job): Record<string, unknown> {
  const asked = j.requested_param;
  return {
    jobId: j.job_id,
    status: j.status,
    message: j.message ?? null,
    requestedVmName: asked?.vm_name ?? null,
    requestedVmId: asked?.vm_id ?? null,
    requestedLicenseTypes: asked?.license_types ?? null,
  };
}

/**
 * Sends add-license-to-vm and gives the job id. Not `sendOnce`: SDP has no call that lists jobs
 * or shows a VM's licenses, so nothing can tell whether a request whose answer was lost landed.
 * It is sent again (it names the same VM and the same types), and each resend says so in the log.
 */
async function addLicense(client: SdpClient, i: Inputs, id: string, ctx: OperationContext): Promise<string> {
  const path = actionPath(i.serverId);
  // Seed l.929-936 (by vm_id) and eclcloud fixtures.go:601-611 (by vm_name): exactly one of them.
  const body = { "add-license-to-vm": { ...(i.vmId !== undefined ? { vm_id: i.vmId } : { vm_name: i.vmName }), license_types: i.licenseTypes } };
  for (let attempt = 1; ; attempt++) {
    try {
      return (await client.answer("POST", path, accepted, { body, deadline: ctx.deadline })).job_id;
    } catch (error) {
      if (error instanceof DeadlineExceededError) {
        throw new ResourceInitFailedError(id, { jobId: null, status: null }, [
          `${error.message}; the add-license-to-vm request may have landed (SDP lists no jobs to look for it), so the resource is recorded without a job and the next \`pulumi up\` sends it again`,
        ]);
      }
      if (!isUncertain(error) || attempt >= MAX_SENDS) throw error;
      ctx.log(`the answer to add-license-to-vm was lost (${errorMessage(error)}); SDP lists no jobs, so whether it landed is unknown: sending it again for the same VM and license types`);
      await ctx.deadline.sleep(500 * attempt);
    }
  }
}

/** get-result-for-add-license-to-vm; undefined on 404 (SDP knows neither the job nor the server). */
async function getResult(client: SdpClient, serverId: string, jobId: string, ctx: OperationContext): Promise<Job | undefined> {
  const path = actionPath(serverId);
  // Asking for a result changes nothing: it may be resent after an uncertain failure.
  const res = await client.send("POST", path, { body: { "get-result-for-add-license-to-vm": { job_id: jobId } }, deadline: ctx.deadline, idempotent: true, allow404: true });
  return res.status === 404 ? undefined : sdpAnswer("POST", path, job, res);
}

/** Polls the job until it is COMPLETED or failed; past the deadline it is recorded (init-failed) with its last status. */
async function untilEnded(client: SdpClient, serverId: string, jobId: string, id: string, ctx: OperationContext): Promise<Record<string, unknown>> {
  let last: Job | undefined;
  try {
    const { value } = await pollUntil(
      async () => (last = await getResult(client, serverId, jobId, ctx)),
      (j) => !j || j.status === COMPLETED || failed(j.status),
      ctx.deadline,
      ADAPTIVE_POLL,
      { what: `add-license-to-vm job ${jobId}`, say: ctx.log, status: (j) => j?.status ?? "not found" },
    );
    if (!value) throw new ObjectGoneError(`add-license-to-vm job ${jobId}`, "is not known to SDP (get-result answered 404)");
    if (value.status !== COMPLETED) throw new SdpLicenseJobFailedError(jobId, value.status, value.message ?? null);
    ctx.log(`license types ${value.requested_param?.license_types?.join(", ") ?? "?"} added (job ${jobId})`);
    return remoteOutputs(value);
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    const status = last?.status ?? null;
    throw new ResourceInitFailedError(id, last ? remoteOutputs(last) : { jobId, status }, [
      `${error.message}; job ${jobId} was last ${status ?? "not answered"}; the next \`pulumi up\` waits for it again`,
    ]);
  }
}

/**
 * `pulumi import`'s id: the hypervisor and the add-license-to-vm job, `<serverId>/job_id=<jobId>`,
 * and the VM (`/vm_name=<name>` or `/vm_id=<id>`) for when get-result does not name it. SDP shows a
 * VM's licenses only as a job's result (no call lists jobs, or a VM's licenses), so the id create
 * gives (`<serverId>/vm_name=<name>`) cannot find the license types: it is refused, naming this form.
 */
const IMPORT_ID = /^([^/]+)\/job_id=([^/]+)(?:\/(vm_name|vm_id)=(.+))?$/;
const CREATED_ID = /^[^/]+\/(vm_name|vm_id)=/;

/** Thrown for an id that names a VM but no job: there is nothing to read it by. */
export class SdpGuestVmLicenseImportIdError extends Error {
  constructor(readonly id: string) {
    super(
      `cannot read "${id}" by its id alone: SDP shows a VM's licenses only as the result of the add-license-to-vm job that added them; import it as <serverId>/job_id=<jobId> (the job_id SDP answered; add /vm_name=<name> or /vm_id=<id> when get-result does not name the VM)`,
    );
    this.name = "SdpGuestVmLicenseImportIdError";
  }
}

/**
 * The license read by the import id (see IMPORT_ID): the job's result, and the inputs it gives
 * (the hypervisor, the VM, the types). Undefined when SDP knows neither the job nor the server.
 * A job that ended in a failure added nothing, and there is nothing to import.
 */
async function importedJob(client: SdpClient, id: string, ctx: OperationContext): Promise<Record<string, unknown> | undefined> {
  const parts = IMPORT_ID.exec(id);
  if (!parts) {
    if (CREATED_ID.test(id)) throw new SdpGuestVmLicenseImportIdError(id);
    return undefined;
  }
  const [, serverId, jobId, vmKey, vm] = parts;
  const found = await getResult(client, serverId, jobId, ctx);
  if (!found) return undefined;
  if (failed(found.status)) throw new SdpLicenseJobFailedError(jobId, found.status, found.message ?? null);
  const asked = found.requested_param;
  const vmName = asked?.vm_name ?? (asked?.vm_id ? null : vmKey === "vm_name" ? vm : null);
  const vmId = asked?.vm_id ?? (asked?.vm_name ? null : vmKey === "vm_id" ? vm : null);
  if (vm !== undefined && (vmKey === "vm_name" ? vmName : vmId) !== vm) {
    throw new Error(`add-license-to-vm job ${jobId} was for VM ${vmOf({ vmName, vmId })}, not the ${vmKey} "${vm}" the import id names`);
  }
  return { serverId, vmName, vmId, licenseTypes: asked?.license_types ?? null, ...remoteOutputs(found) };
}

export const provider = defineProvider(sdpGuestVmLicense, {
  label: (i) => i.vmName ?? i.vmId ?? "",
  defaultTimeoutsMs: { create: 30 * MINUTE, update: 30 * MINUTE, delete: 1 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ vmId: i.vmId ?? null, vmName: i.vmName ?? null }),
  extraCheck: (i) => connectionFailures(() => resolveSdpConnection(i.connection)),
  // A job recorded unfinished (its wait or its answer passed the deadline) is finished by update;
  // one that ended in a failure added nothing, and a new one is sent.
  recovery: (olds) => (olds.status === COMPLETED ? {} : failed(olds.status as string | null) ? { replace: ["status"] } : { update: ["status"] }),

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    await checkTypes(client, inputs.licenseTypes, ctx);
    const id = resourceId(inputs);
    ctx.log(`adding license types ${inputs.licenseTypes.join(", ")} to VM ${vmOf(inputs)} on server ${inputs.serverId}`);
    const jobId = await addLicense(client, inputs, id, ctx);
    return { id, outs: await untilEnded(client, inputs.serverId, jobId, id, ctx) };
  },

  /**
   * SDP shows a job only through get-result, and no call shows a VM's licenses. A 404 there means
   * SDP knows neither the job nor the server (a deleted hypervisor takes its VMs along): nothing
   * shows the license any more, so the resource reads as gone and the next `up` asks for it again.
   * A state that has never recorded the hypervisor is read by its id alone (`pulumi import`): see IMPORT_ID.
   */
  async read(id, olds, ctx) {
    if (olds.serverId === undefined) return importedJob(sdpClientFor(olds.connection), id, ctx);
    if (!olds.jobId || !olds.serverId) return {};
    const found = await getResult(sdpClientFor(olds.connection), olds.serverId, olds.jobId, ctx);
    return found ? remoteOutputs(found) : undefined;
  },

  // Every input replaces: update only finishes a job recorded unfinished (see `recovery`).
  async update(id, olds, news, ctx) {
    const client = sdpClientFor(news.connection);
    const jobId = olds.jobId ?? (await addLicense(client, news, id, ctx));
    return untilEnded(client, news.serverId, jobId, id, ctx);
  },

  // Seed l.900-946: the server actions add a license and show the result; nothing removes one.
  async delete(_id, olds, ctx) {
    ctx.log(
      `SDP has no call to remove a license from a VM: the resource is forgotten and nothing is removed; the license usages of ${(olds.licenseTypes ?? []).join(", ")} on VM ${vmOf(olds)} keep being metered (List Usages, GET /usages)`,
    );
  },
});

export const descriptor = sdpGuestVmLicense;
