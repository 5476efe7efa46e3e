import { z } from "zod";
import { connectionFailures } from "../core/check";
import { ObjectGoneError } from "../core/errors";
import { log } from "../core/log";
import { defineProvider, type BackupInfraProvider, type OperationContext } from "../core/provider";
import { sendOnce } from "../core/send-once";
import { containsUnknown } from "../core/unknown";
import type { InputsOf } from "../program/descriptor";
import { SDP_PATHS, sdpAnswer, sdpClientFor, type SdpClient } from "./client";
import { resolveSdpConnection } from "./connection";
import { currentMonth, timeZoneFailures, timeZoneOf } from "./contract-month";
import { caseLine, previewCase } from "./contract-preview";
import { CONTRACT_YEARS, contractCase, contractCaseWithRecord, contractSchema, type Contract, type ContractCase } from "./contract-terms";
import { SdpContractExpiredError } from "./errors";
import { sdpVsphereContract } from "./vsphere-contract";

const MINUTE = 60_000;
type Inputs = InputsOf<typeof sdpVsphereContract.inputs>;

const listing = z.looseObject({ vsphere_contracts: z.array(contractSchema), all_server_cores: z.number().nullish() });

async function load(client: SdpClient, timeZone: string, ctx: OperationContext): Promise<{ contracts: Contract[]; allServerCores: number | null; month: string }> {
  const res = await client.send("GET", SDP_PATHS.vsphereContracts, { deadline: ctx.deadline });
  const body = sdpAnswer("GET", SDP_PATHS.vsphereContracts, listing, res);
  // The server's clock decides which month it is (its Date header), not this machine's.
  const serverNow = res.headers.date ? new Date(res.headers.date) : new Date();
  return { contracts: body.vsphere_contracts, allServerCores: body.all_server_cores ?? null, month: currentMonth(Number.isNaN(serverNow.getTime()) ? new Date() : serverNow, timeZone) };
}

/**
 * POST /vsphere_contracts sets the next-month commitment to `cores`: sending it twice leaves the
 * same state, so it is retried like a PUT. With 0 cores it removes the commitment (or the contract
 * that has not started), and a resend would fail on the removal the first attempt already made: a
 * lost answer is settled by looking, not by resending.
 */
async function commit(client: SdpClient, year: number, cores: number, timeZone: string, ctx: OperationContext): Promise<void> {
  const send = async (): Promise<true> => {
    await client.send("POST", SDP_PATHS.vsphereContracts, { body: { vsphere_contract: { contract_year: year, cores } }, deadline: ctx.deadline, idempotent: cores > 0 });
    return true;
  };
  if (cores > 0) {
    await send();
    return;
  }
  await sendOnce(ctx, {
    what: `removal of the ${year}-year commitment`,
    send,
    lookup: async (c) => {
      const { contracts, month } = await load(client, timeZone, c);
      const state = contractCase(contracts, year, month);
      const pending = state.kind === "started" ? (state.running.pending_cores > 0 ? state.running : undefined) : state.kind === "expired" ? undefined : state.next;
      return pending ? undefined : true;
    },
  });
}

async function setRenewal(client: SdpClient, year: number, renewal: boolean, ctx: OperationContext): Promise<void> {
  ctx.log(`${renewal ? "enabling" : "disabling"} renewal of the ${year}-year contract`);
  await client.send("PUT", SDP_PATHS.vsphereContracts, { body: { vsphere_contract: { contract_year: year, contract_renewal: renewal } }, deadline: ctx.deadline });
}

function outputsFor(c: ContractCase, allServerCores: number | null): Record<string, unknown> | undefined {
  if (c.kind === "expired") {
    const { startMonth, endMonth, renewal } = c.ended;
    return { contractCase: c.kind, contractRenewal: renewal, startMonth, endMonth, currentCores: 0, pendingCores: 0, coresInNextMonth: 0, allServerCores };
  }
  const shown = c.kind === "none-or-not-started" ? c.next : c.kind === "final-month" ? (c.next ?? c.running) : c.running;
  if (!shown) return undefined;
  // Renewal is a property of the running contract (the PUT applies to it) even when its successor is shown.
  const renewalOf = c.kind === "final-month" ? c.running : shown;
  return {
    contractCase: c.kind,
    contractRenewal: renewalOf.contract_renewal,
    startMonth: shown.start_month,
    endMonth: shown.end_month,
    currentCores: shown.cores,
    pendingCores: shown.pending_cores,
    coresInNextMonth: shown.cores_in_next_month,
    allServerCores,
  };
}

/**
 * Sets the next-month commitment. In a contract's final month the API treats the call as the
 * creation of the renewal contract, which it accepts only while renewal is enabled: enable it first.
 */
async function setCommitment(client: SdpClient, inputs: Inputs, ctx: OperationContext): Promise<void> {
  const timeZone = timeZoneOf(inputs);
  const { contracts, month } = await load(client, timeZone, ctx);
  const state = contractCase(contracts, inputs.contractYear, month);
  if (state.kind === "final-month" && !state.running.contract_renewal) {
    ctx.log(`the ${inputs.contractYear}-year contract ends this month (${month}); renewal must be on before its successor can be created`);
    await setRenewal(client, inputs.contractYear, true, ctx);
  }
  ctx.log(`committing ${inputs.cores} cores (${state.kind === "started" ? "added from next month" : "the contract starting next month"})`);
  await commit(client, inputs.contractYear, inputs.cores, timeZone, ctx);
}

async function settle(client: SdpClient, inputs: Inputs, ctx: OperationContext): Promise<Record<string, unknown>> {
  const { contracts, month, allServerCores } = await load(client, timeZoneOf(inputs), ctx);
  const state = contractCase(contracts, inputs.contractYear, month);
  if (inputs.contractRenewal !== undefined) {
    const shown = outputsFor(state, allServerCores);
    if (shown && state.kind !== "expired" && shown.contractRenewal !== inputs.contractRenewal) {
      await setRenewal(client, inputs.contractYear, inputs.contractRenewal, ctx);
      return settle(client, { ...inputs, contractRenewal: undefined }, ctx);
    }
  }
  const outs = outputsFor(state, allServerCores);
  if (!outs || state.kind === "expired") throw new ObjectGoneError(`the ${inputs.contractYear}-year contract`, "is not listed after the change");
  return outs;
}

/** The contract year in an id `vsphere-contract-<year>` (what create returns); undefined for any other id. */
function yearOfId(id: string): number | undefined {
  const year = Number(/^vsphere-contract-(\d+)$/.exec(id)?.[1]);
  return (CONTRACT_YEARS as readonly number[]).includes(year) ? year : undefined;
}

/**
 * The `cores` a program would send for the contract shown: the commitment requested for next
 * month (a contract not started, or one added to a running contract), else the cores in force.
 */
const commitmentOf = (outs: Record<string, unknown>): unknown => (Number(outs.pendingCores) > 0 ? outs.pendingCores : outs.currentCores);

const base = defineProvider(sdpVsphereContract, {
  label: (i) => `${i.contractYear}-year`,
  defaultTimeoutsMs: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ contractYear: i.contractYear, cores: i.cores, contractRenewal: i.contractRenewal }),
  extraCheck: (i) => [...connectionFailures(() => resolveSdpConnection(i.connection)), ...timeZoneFailures(i)],
  // An expired contract goes to update: with renewExpired set it signs the successor, without it
  // update refuses (naming the way out), so that `up` fails loudly instead of passing over it.
  recovery: (olds, desired) => (previewCase(olds, desired).kind === "expired" ? { update: ["contractCase"] } : {}),

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    const timeZone = timeZoneOf(inputs);
    const id = `vsphere-contract-${inputs.contractYear}`;
    await sendOnce(ctx, {
      what: "commitment",
      send: async () => {
        await setCommitment(client, inputs, ctx);
        return true;
      },
      lookup: async (c) => {
        const { contracts, month } = await load(client, timeZone, c);
        const shown = outputsFor(contractCase(contracts, inputs.contractYear, month), null);
        return shown?.contractCase !== "expired" && (shown?.pendingCores === inputs.cores || shown?.coresInNextMonth === inputs.cores) ? true : undefined;
      },
      landedLate: () => ({ id, properties: { contractYear: inputs.contractYear, cores: inputs.cores } }),
    });
    return { id, outs: await settle(client, inputs, ctx) };
  },

  async read(id, olds, ctx) {
    const year = olds.contractYear ?? yearOfId(id);
    if (year === undefined) return undefined;
    const client = sdpClientFor(olds.connection);
    const { contracts, month, allServerCores } = await load(client, timeZoneOf(olds), ctx);
    const outs = outputsFor(contractCaseWithRecord(contracts, year, month, olds), allServerCores);
    if (!outs || olds.cores !== undefined) return outs;
    // Read by its id alone (`pulumi import`): the term, and the commitment the program would send.
    return { contractYear: year, cores: commitmentOf(outs), ...outs };
  },

  async update(_id, olds, news, ctx) {
    const client = sdpClientFor(news.connection);
    const timeZone = timeZoneOf(news);
    const { contracts, month } = await load(client, timeZone, ctx);
    const now = contractCaseWithRecord(contracts, news.contractYear, month, olds);
    if (now.kind === "expired") {
      if (news.renewExpired !== true) throw new SdpContractExpiredError(news.contractYear, now.ended.endMonth, month, timeZone);
      ctx.log(`renewExpired: signing a new ${news.contractYear}-year contract after the one that ended with ${now.ended.endMonth}`);
      await setCommitment(client, news, ctx);
    } else if (olds.cores !== news.cores) await setCommitment(client, news, ctx);
    return settle(client, news, ctx);
  },

  /**
   * Not started: the contract is deleted. Started: it cannot be cancelled, so the pending
   * commitment is removed and renewal disabled; it runs to its end month. Final month: renewal is
   * disabled and the successor contract, if any, deleted. Expired: nothing is left to remove.
   */
  async delete(_id, olds, ctx) {
    const client = sdpClientFor(olds.connection);
    const year = Number(olds.contractYear);
    const timeZone = timeZoneOf(olds);
    const { contracts, month } = await load(client, timeZone, ctx);
    const state = contractCaseWithRecord(contracts, year, month, olds);
    if (state.kind === "expired") {
      ctx.log(`the ${year}-year contract ended with ${state.ended.endMonth}: nothing to remove`);
      return;
    }
    if (state.kind === "none-or-not-started") {
      if (state.next) await commit(client, year, 0, timeZone, ctx);
      ctx.log(state.next ? `deleted the ${year}-year contract that had not started` : "no contract to delete");
      return;
    }
    if (state.kind === "started") {
      if (state.running.pending_cores > 0) await commit(client, year, 0, timeZone, ctx);
      if (state.running.contract_renewal) await setRenewal(client, year, false, ctx);
      ctx.log(`the ${year}-year contract has started and cannot be cancelled: removed the pending commitment and disabled renewal; it runs until ${state.running.end_month}`);
      return;
    }
    if (state.running.contract_renewal) await setRenewal(client, year, false, ctx);
    if (state.next) await commit(client, year, 0, timeZone, ctx);
    ctx.log(`the ${year}-year contract ends this month: renewal disabled${state.next ? " and its successor deleted" : ""}`);
  },
});

/**
 * Diff sends no request: it names the seed's case from the recorded outputs and this machine's clock
 * (in the contract time zone). It never throws: the engine also calls it during `pulumi refresh`
 * (with the refreshed outputs as olds, pulumi/pkg `resource/deploy/step.go` RefreshStep), where an
 * error would fail the refresh that is meant to record the expiry. An expired contract is an
 * update that update refuses unless `renewExpired` is set, since it would sign a new commitment.
 * (The kernel has no hook for a diff's log line yet, hence the wrapper.)
 */
export const provider: BackupInfraProvider = {
  ...base,
  diff: async (id, olds, news) => {
    const { kind, month, timeZone } = previewCase(olds, news);
    const year = Number(news.contractYear ?? olds.contractYear);
    const result = await base.diff!(id, olds, news);
    const refused = kind === "expired" && news.renewExpired !== true && !containsUnknown(news.renewExpired);
    const line = refused ? new SdpContractExpiredError(year, String(olds.endMonth), month, timeZone).message : caseLine(kind, olds, news.cores, month);
    log(refused ? "warn" : "info", "SdpVsphereContract", `${year}-year: diff (months in ${timeZone}, now ${month}): ${line}${result.changes ? "" : "; no change"}`);
    return result;
  },
};

export const descriptor = sdpVsphereContract;
