import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { CONTRACT_YEARS, contractView, formatMonth, monthOf } from "./contracts";
import type { SdpKnobs } from "./knobs";
import { sdpError } from "./routes";
import { LICENSE_TYPES, VCENTER_ADDRESSES, statusOf, type SdpState } from "./state";
import { vcenterView } from "./views";

const vcenterBody = z.object({ vcenter: z.object({ link_local_address: z.string().regex(/^169\.254\.\d{1,3}\.\d{1,3}$/), password: z.string().min(1), license_id: z.string().min(1) }) });
const contractBody = z.object({ vsphere_contract: z.object({ contract_year: z.number().int(), cores: z.number().int().min(0) }).strict() });
const renewalBody = z.object({ vsphere_contract: z.object({ contract_year: z.number().int(), contract_renewal: z.boolean() }).strict() });
const idParam = z.object({ tenantId: z.string(), id: z.string() });
const CORES_PER_SERVER = 32;

/** vCenters, vSphere contracts, usages and the CFGW connection of the Dedicated Hypervisor API. */
export function sdpMoreRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const month = () => monthOf(now(), ctx.knobs().timeZone);
  const bad = (reply: FastifyReply, message: string) => reply.code(400).send(sdpError("badRequest", 400, `Request Parameter Error: ${message}`));

  // Seed "List Registered vCenters Information" 200 (l.1026-1037).
  api.get("/vcenters", async () => ({ vcenters: [...state.vcenters.values()].map((v) => vcenterView(v, now(), ctx.knobs().meteringMs)) }));
  // Seed "List Available IP Addresses of vCenter" 200 (l.1166-1178).
  api.get("/vcenters/addresses", async () => {
    const used = new Set([...state.vcenters.values()].map((v) => v.link_local_address));
    return { addresses: VCENTER_ADDRESSES.map((address) => ({ address, in_use: used.has(address) })) };
  });
  const inUse = (address: string, except?: string) => [...state.vcenters.values()].some((v) => v.link_local_address === address && v.id !== except);
  api.post("/vcenters", async (request, reply) => {
    const body = vcenterBody.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => i.path.join(".")).join(", "));
    // Seed "Register vCenter Information" (l.1044-1051) lists 200, 400, 401, 403, 405, 500, 503 and
    // no 409: an address in use is a bad request, in the seed's badRequest body (l.477-481).
    if (inUse(body.data.vcenter.link_local_address)) return bad(reply, `link_local_address ${body.data.vcenter.link_local_address} is already in use`);
    // Seed l.1068-1077: {vcenter: {...}}, the metering fields null until metering has run.
    return { vcenter: vcenterView(state.addVcenter(body.data.vcenter, now()), undefined, ctx.knobs().meteringMs) };
  });
  // Seed "Update Registered vCenter Information": request l.1096-1101, 200 l.1111-1120, 404 and 409 listed (l.1089, l.1091).
  api.put("/vcenters/:id", async (request, reply) => {
    const v = state.vcenters.get(idParam.parse(request.params).id);
    if (!v) return reply.code(404).send(sdpError("itemNotFound", 404, "vCenter not found"));
    const body = vcenterBody.safeParse(request.body);
    if (!body.success) return bad(reply, body.error.issues.map((i) => i.path.join(".")).join(", "));
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

  // Seed "List vSphere Contracts" 200 (l.1199-1224): contracts, all_server_cores, monthly histories.
  api.get("/vsphere_contracts", async () => {
    const current = month();
    const contracts = state.contracts.list(current);
    const running = contracts.filter((c) => c.start <= current);
    return {
      vsphere_contracts: contracts.map(contractView),
      all_server_cores: [...state.servers.values()].filter((s) => statusOf(s, now()) === "ACTIVE").length * CORES_PER_SERVER,
      vsphere_contracts_histories: running.length
        ? [{ month: formatMonth(current), vsphere_contracts_summaries: running.map((c) => ({ contract_year: c.contractYear, cores: c.cores })) }]
        : [],
    };
  });
  // Seed "Manage vSphere Contracts": request l.1265-1269, its three cases l.1228-1250, 200 l.1278-1287.
  api.post("/vsphere_contracts", async (request, reply) => {
    const body = contractBody.safeParse(request.body);
    if (!body.success) return bad(reply, "vsphere_contract needs contract_year and cores (0 or more)");
    const { contract_year, cores } = body.data.vsphere_contract;
    if (!(CONTRACT_YEARS as readonly number[]).includes(contract_year)) return bad(reply, `contract_year must be one of ${CONTRACT_YEARS.join(", ")}`);
    const result = state.contracts.manage(contract_year, cores, month());
    return typeof result === "string" ? bad(reply, result) : { vsphere_contract: contractView(result) };
  });
  // Seed "Enable/Disable Contract Renewal": request l.1304-1308, 200 l.1317-1325.
  api.put("/vsphere_contracts", async (request, reply) => {
    const body = renewalBody.safeParse(request.body);
    if (!body.success) return bad(reply, "vsphere_contract needs contract_year and contract_renewal");
    const result = state.contracts.setRenewal(body.data.vsphere_contract.contract_year, body.data.vsphere_contract.contract_renewal, month());
    return typeof result === "string" ? bad(reply, result) : { vsphere_contract: contractView(result) };
  });

  // Seed "List Usages" 200 (l.826-857).
  api.get("/usages", async (request) => {
    const type = (request.query as Record<string, string>).license_type;
    const usages = [...state.licenses.values()]
      .filter((l) => type === undefined || l.license_type === type)
      .map((l) => {
        const t = LICENSE_TYPES.find((x) => x.name === l.license_type);
        return { id: l.id, type: `dedicated-hypervisor.guest-image.${l.license_type.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, value: 1, unit: t?.unit ?? "license", name: l.license_type, description: t?.description ?? l.license_type, has_license_key: t?.has_license_key ?? false, resource_id: l.id };
      });
    return { tenant_id: state.tenantId, usages };
  });
  // Seed "Show Usage Histories" 200 (l.880-899); times as "2015-05-06 11:00:00" (l.886).
  api.get("/usages/:id/histories", async (request, reply) => {
    const license = state.licenses.get(idParam.parse(request.params).id);
    if (!license) return reply.code(404).send(sdpError("itemNotFound", 404, "Usage not found"));
    const t = LICENSE_TYPES.find((x) => x.name === license.license_type);
    const hour = Math.floor(now() / 3_600_000) * 3_600_000;
    const histories = [2, 1, 0].map((h) => ({ time: new Date(hour - h * 3_600_000).toISOString().replace("T", " ").slice(0, 19), value: h === 2 ? 0 : 1 }));
    return { tenant_id: state.tenantId, unit: t?.unit ?? "license", resource_id: license.id, license_type: license.license_type, histories };
  });
  const actionBody = z.union([
    z.object({ "add-license-to-vm": z.object({ vm_id: z.string().optional(), vm_name: z.string().optional(), license_types: z.array(z.string()).min(1) }) }),
    z.object({ "get-result-for-add-license-to-vm": z.object({ job_id: z.string() }) }),
  ]);
  // Seed "Server Actions": add-license-to-vm request l.929-936.
  api.post("/servers/:id/action", async (request, reply) => {
    const s = state.servers.get(idParam.parse(request.params).id);
    if (!s) return reply.code(404).send(sdpError("itemNotFound", 404, "Server not found"));
    const body = actionBody.safeParse(request.body);
    if (!body.success) return bad(reply, "unknown or malformed server action");
    if ("add-license-to-vm" in body.data) {
      const unknown = body.data["add-license-to-vm"].license_types.filter((t) => !LICENSE_TYPES.some((x) => x.name === t));
      if (unknown.length) return bad(reply, `unknown license_types ${unknown.join(", ")}`);
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
  // Seed "Update CFGW Connection Status" 200 (l.997-1006); the path is not in the seed (API-NOTES: unconfirmed).
  api.put("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = state.servers.get(idParam.parse(request.params).id);
    if (!s) return reply.code(404).send(sdpError("itemNotFound", 404, "Server not found"));
    const up = statusOf(s, now()) === "ACTIVE";
    const at = new Date(now()).toISOString();
    return { server: { id: s.id, cfgw_connection: { status: up, error_type: up ? null : "NOT_CONNECTED", last_established_at: up ? at : null, updated_at: at } }, info: "Successfully updated" };
  });
  // Seed "Show CFGW Connection" 200 (l.968-977); the path is not in the seed (API-NOTES: unconfirmed).
  api.get("/servers/:id/cfgw_connection", async (request, reply) => {
    const s = state.servers.get(idParam.parse(request.params).id);
    if (!s) return reply.code(404).send(sdpError("itemNotFound", 404, "Server not found"));
    const up = statusOf(s, now()) === "ACTIVE";
    const at = new Date(s.builtAt).toISOString();
    return { server: { id: s.id, cfgw_connection: { status: up, error_type: up ? null : "NOT_CONNECTED", last_established_at: up ? at : null, updated_at: at } } };
  });
}
