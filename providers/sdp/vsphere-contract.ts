import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionFailures } from "../core/check";
import { timeoutsSchema } from "../core/duration";
import { log } from "../core/log";
import { sendOnce } from "../core/send-once";
import { defineProvider, type OperationContext } from "../core/provider";
import { dynamicProps, type TimeoutsInput } from "../program/resource";
import { dynamicType } from "../program/resource-type";
import { providerShim } from "../program/shim";
import { containsUnknown } from "../core/unknown";
import { SDP_PATHS, resolveSdpConnection, sdpAnswer, sdpClientFor, type SdpClient } from "./client";
import { currentMonth, isTimeZone, timeZoneFailures, timeZoneOf } from "./contract-month";
import { caseLine, previewCase } from "./contract-preview";
import { CONTRACT_YEARS, contractCase, contractCaseWithRecord, contractSchema, expiredError, type Contract, type ContractCase } from "./contract-terms";
import { sdpConnectionSchema } from "./server-schema";

const MINUTE = 60_000;

export { currentMonth } from "./contract-month";

export const sdpVsphereContractSchema = z.object({
  /** See CONTRACT_YEARS for the source of the accepted terms. */
  contractYear: z.union(CONTRACT_YEARS.map((y) => z.literal(y)) as [z.ZodLiteral<1>, z.ZodLiteral<3>], { message: "must be 1 or 3 (years): the terms SDP offers" }),
  cores: z.number().int({ message: "must be a whole number" }).min(1, { message: "must be 1 or more (destroy the resource to end the commitment)" }),
  contractRenewal: z.boolean().optional(),
  /** Signing a successor of a contract that has expired is a new commitment: only with this set. */
  renewExpired: z.boolean().optional(),
  timeZone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as "Asia/Tokyo"' }).optional(),
  timeouts: timeoutsSchema.optional(),
  connection: sdpConnectionSchema.optional(),
});
export type SdpVsphereContractInputs = z.infer<typeof sdpVsphereContractSchema>;

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
async function setCommitment(client: SdpClient, inputs: SdpVsphereContractInputs, ctx: OperationContext): Promise<void> {
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

async function settle(client: SdpClient, inputs: SdpVsphereContractInputs, ctx: OperationContext): Promise<Record<string, unknown>> {
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
  if (!outs || state.kind === "expired") throw new Error(`SdpVsphereContract ${inputs.contractYear}-year: the contract is not listed after the change`);
  return outs;
}

const base = defineProvider<SdpVsphereContractInputs>({
  typeName: "SdpVsphereContract",
  schema: sdpVsphereContractSchema,
  replaceOn: ["contractYear"],
  updateOn: ["cores", "contractRenewal"],
  derived: ["contractRenewal"],
  label: (i) => `${i.contractYear}-year`,
  secrets: (i) => [i.connection?.password],
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

  async read(_id, olds, ctx) {
    const client = sdpClientFor(olds.connection as Record<string, unknown> | undefined);
    const { contracts, month, allServerCores } = await load(client, timeZoneOf(olds), ctx);
    return outputsFor(contractCaseWithRecord(contracts, Number(olds.contractYear), month, olds), allServerCores);
  },

  async update(_id, olds, news, ctx) {
    const client = sdpClientFor(news.connection);
    const timeZone = timeZoneOf(news);
    const { contracts, month } = await load(client, timeZone, ctx);
    const now = contractCaseWithRecord(contracts, news.contractYear, month, olds);
    if (now.kind === "expired") {
      if (news.renewExpired !== true) throw expiredError(news.contractYear, now.ended, month, timeZone);
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
    const client = sdpClientFor(olds.connection as Record<string, unknown> | undefined);
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
 */
export const provider: pulumi.dynamic.ResourceProvider = {
  ...base,
  diff: async (id, olds, news) => {
    const { kind, month, timeZone } = previewCase(olds, news);
    const year = Number(news.contractYear ?? olds.contractYear);
    const result = await base.diff!(id, olds, news);
    const refused = kind === "expired" && news.renewExpired !== true && !containsUnknown(news.renewExpired);
    const line = refused ? expiredError(year, { endMonth: String(olds.endMonth) }, month, timeZone).message.replace(/^SdpVsphereContract \d-year: /, "") : caseLine(kind, olds, news.cores, month);
    log(refused ? "warn" : "info", "SdpVsphereContract", `${year}-year: diff (months in ${timeZone}, now ${month}): ${line}${result.changes ? "" : "; no change"}`);
    return result;
  },
};

export const resourceType = dynamicType("sdp", "SdpVsphereContract");
const shim = providerShim(resourceType);

export interface SdpVsphereContractArgs {
  /** 1 or 3 (years; the terms SDP offers). Replaces on change. */
  contractYear: pulumi.Input<1 | 3>;
  /** The monthly core commitment from next month. Updated in place. */
  cores: pulumi.Input<number>;
  /** Renew at the end of the term; unset leaves it as it is. */
  contractRenewal?: pulumi.Input<boolean>;
  /**
   * A contract that ran to its end (expired) is never signed again unless this is true: preview
   * and up fail until it is set (or the resource is removed). While true, every expiry is followed
   * by a new contract of `contractYear` years with `cores`.
   */
  renewExpired?: pulumi.Input<boolean>;
  /** IANA time zone of contract months; default `sdp:contractTimeZone`, else "Asia/Tokyo". */
  timeZone?: pulumi.Input<string>;
  timeouts?: TimeoutsInput;
  connection?: pulumi.Input<Record<string, pulumi.Input<string | boolean>>>;
}

/**
 * A long-term discount contract for vSphere ESXi cores (one per tenant and contract year). See
 * `delete` for what destroy does in each phase of the contract.
 */
export class SdpVsphereContract extends pulumi.dynamic.Resource {
  declare readonly contractCase: pulumi.Output<"none-or-not-started" | "started" | "final-month" | "expired">;
  declare readonly contractRenewal: pulumi.Output<boolean>;
  declare readonly renewExpired: pulumi.Output<boolean | undefined>;
  declare readonly timeZone: pulumi.Output<string | undefined>;
  declare readonly startMonth: pulumi.Output<string>;
  declare readonly endMonth: pulumi.Output<string>;
  declare readonly currentCores: pulumi.Output<number>;
  declare readonly pendingCores: pulumi.Output<number>;
  declare readonly coresInNextMonth: pulumi.Output<number>;
  declare readonly allServerCores: pulumi.Output<number | null>;

  constructor(name: string, args: SdpVsphereContractArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shim,
      name,
      dynamicProps(args, [], ["contractRenewal", "renewExpired", "timeZone", "contractCase", "startMonth", "endMonth", "currentCores", "pendingCores", "coresInNextMonth", "allServerCores"]),
      opts,
      resourceType.module,
      resourceType.name,
    );
  }
}
