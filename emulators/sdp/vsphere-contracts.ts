import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { CONTRACT_YEARS, contractView, formatMonth, monthOf } from "./contracts";
import { badRequest } from "./errors";
import type { SdpKnobs } from "./knobs";
import { liveServers } from "./servers";
import { statusOf, type SdpState } from "./state";

const contractBody = z.object({ vsphere_contract: z.object({ contract_year: z.number().int(), cores: z.number().int().min(0) }).strict() });
const renewalBody = z.object({ vsphere_contract: z.object({ contract_year: z.number().int(), contract_renewal: z.boolean() }).strict() });
const CORES_PER_SERVER = 32;

/** vSphere contracts, in the contract month of the emulator's clock (the `timeZone` knob's calendar). */
export function vsphereContractRoutes(api: FastifyInstance, ctx: EmulatorContext<SdpKnobs>, state: SdpState): void {
  const now = () => ctx.clock.now();
  const month = () => monthOf(now(), ctx.knobs().timeZone);

  // Seed "List vSphere Contracts" 200 (l.1199-1224): contracts, all_server_cores, monthly histories.
  api.get("/vsphere_contracts", async () => {
    const current = month();
    const contracts = state.contracts.list(current);
    const running = contracts.filter((c) => c.start <= current);
    return {
      vsphere_contracts: contracts.map(contractView),
      all_server_cores: liveServers(state, now(), ctx.knobs().deleteMs).filter((s) => statusOf(s, now()) === "ACTIVE").length * CORES_PER_SERVER,
      vsphere_contracts_histories: running.length
        ? [{ month: formatMonth(current), vsphere_contracts_summaries: running.map((c) => ({ contract_year: c.contractYear, cores: c.cores })) }]
        : [],
    };
  });
  // Seed "Manage vSphere Contracts": request l.1265-1269, its three cases l.1228-1250, 200 l.1278-1287.
  api.post("/vsphere_contracts", async (request, reply) => {
    const body = contractBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, "vsphere_contract needs contract_year and cores (0 or more)");
    const { contract_year, cores } = body.data.vsphere_contract;
    if (!(CONTRACT_YEARS as readonly number[]).includes(contract_year)) return badRequest(reply, `contract_year must be one of ${CONTRACT_YEARS.join(", ")}`);
    const result = state.contracts.manage(contract_year, cores, month());
    return typeof result === "string" ? badRequest(reply, result) : { vsphere_contract: contractView(result) };
  });
  // Seed "Enable/Disable Contract Renewal": request l.1304-1308, 200 l.1317-1325.
  api.put("/vsphere_contracts", async (request, reply) => {
    const body = renewalBody.safeParse(request.body);
    if (!body.success) return badRequest(reply, "vsphere_contract needs contract_year and contract_renewal");
    const result = state.contracts.setRenewal(body.data.vsphere_contract.contract_year, body.data.vsphere_contract.contract_renewal, month());
    return typeof result === "string" ? badRequest(reply, result) : { vsphere_contract: contractView(result) };
  });
}
