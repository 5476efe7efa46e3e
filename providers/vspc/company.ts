import * as pulumi from "@pulumi/pulumi";
import type { Operation } from "fast-json-patch";
import { connectionFailures } from "../core/check";
import { ResourceInitFailedError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { dynamicProps, type TimeoutsInput } from "../program/resource";
import { dynamicType } from "../program/resource-type";
import { providerShim } from "../program/shim";
import { resultData } from "./async";
import { VSPC_PATHS, resolveVspcConnection, vspcClientFor, type VspcClient } from "./client";
import { createCompany } from "./company-create";
import { companyDoc, vspcCompanySchema, type CompanyResponse, type VspcCompanyInputs } from "./company-schema";
import { findCompanyByName, findOwner, getCompany, ownerNotFound } from "./company-lookup";
import { addsObject, clean, patchOps, projectOnto } from "./documents";

const MINUTE = 60_000;

/** What VSPC reports, shaped like the inputs (only the fields the program manages). */
function remoteOutputs(c: CompanyResponse, shape: Record<string, unknown>): Record<string, unknown> {
  const org = c._embedded?.organization;
  return {
    organization: org ? projectOnto(shape.organization, org) : shape.organization,
    ownerUserName: c.ownerCredentials?.userName ?? shape.ownerUserName,
    resellerUid: c.resellerUid ?? null,
    subscriptionPlanUid: c.subscriptionPlanUid ?? null,
    isRestAccessEnabled: c.isRestAccessEnabled ?? true,
    isAlarmDetectEnabled: c.isAlarmDetectEnabled ?? false,
    ...(shape.companyServices !== undefined && c.companyServices ? { companyServices: projectOnto(shape.companyServices, c.companyServices) } : {}),
    organizationUid: org?.instanceUid ?? shape.organizationUid ?? null,
    status: c.status ?? null,
    loginUrl: c.loginUrl ?? null,
  };
}

/**
 * The company's JSON Patch, from the state's view of it. A setting managed for the first time is
 * absent there, and `add` of a whole object would replace that member on the server with all
 * the settings the program does not manage (RFC 6902 §4.1): then the patch is made against what
 * the server holds, so that only the managed leaves change.
 */
async function companyOps(client: VspcClient, uid: string, olds: Record<string, unknown>, news: VspcCompanyInputs, ctx: OperationContext): Promise<Operation[]> {
  const wanted = companyDoc(news);
  const ops = patchOps(projectOnto(wanted, olds) as Record<string, unknown>, wanted);
  if (!ops.some(addsObject)) return ops;
  const current = await getCompany(client, uid, ctx);
  if (!current) throw new Error(`VspcCompany "${news.organization.name}": company ${uid} disappeared during the update`);
  return patchOps(projectOnto(wanted, current) as Record<string, unknown>, wanted);
}

/** Sends the JSON Patch documents that turn `olds` into `news`: company and organization each only when changed. */
async function applyPatches(client: VspcClient, uid: string, orgUid: string, olds: Record<string, unknown>, news: VspcCompanyInputs, ctx: OperationContext): Promise<void> {
  const ops = await companyOps(client, uid, olds, news, ctx);
  if (olds.ownerPassword !== news.ownerPassword) ops.push({ op: "replace", path: "/ownerCredentials/password", value: news.ownerPassword });
  if (ops.length > 0) {
    ctx.log(`patching company: ${ops.map((o) => `${o.op} ${o.path}`).join(", ")}`);
    await client.send("PATCH", VSPC_PATHS.company(uid), { body: ops, deadline: ctx.deadline });
  }
  const orgOps = patchOps((olds.organization ?? {}) as Record<string, unknown>, news.organization);
  if (orgOps.length > 0) {
    ctx.log(`patching organization: ${orgOps.map((o) => `${o.op} ${o.path}`).join(", ")}`);
    await client.send("PATCH", VSPC_PATHS.organization(orgUid), { body: orgOps, deadline: ctx.deadline });
  }
}

/** The company as written; `knownOwner` (an update: ownerUserName replaces, so the owner stays) spares the users lookup. */
async function settled(client: VspcClient, uid: string, inputs: VspcCompanyInputs, ctx: OperationContext, knownOwner?: unknown): Promise<Record<string, unknown>> {
  const company = await getCompany(client, uid, ctx);
  if (!company) throw new Error(`VspcCompany "${inputs.organization.name}": company ${uid} disappeared right after it was written`);
  const outs = remoteOutputs(company, inputs as Record<string, unknown>);
  if (typeof knownOwner === "string") return { ...outs, ownerUserUid: knownOwner };
  const organizationUid = String(outs.organizationUid);
  const owner = await findOwner(client, "organizationUid", organizationUid, ctx);
  if (!owner) throw new Error(`VspcCompany "${inputs.organization.name}": company ${uid}: ${ownerNotFound("organizationUid", organizationUid)}`);
  return { ...outs, ownerUserUid: owner.instanceUid };
}

/**
 * A new company's outputs from the create's answer and one lookup of its owner by user name (the
 * answer carries neither the organization's uid nor the owner's, the owner's user record both).
 * Without the owner the company is recorded as a partial create, naming what was searched.
 */
async function created(client: VspcClient, company: CompanyResponse, inputs: VspcCompanyInputs, ctx: OperationContext): Promise<Record<string, unknown>> {
  const outs = { ...remoteOutputs(company, inputs as Record<string, unknown>), adopted: false };
  const owner = await findOwner(client, "userName", inputs.ownerUserName, ctx);
  if (!owner?.organizationUid) {
    const reason = `VspcCompany "${inputs.organization.name}": company ${company.instanceUid} was created, but ${ownerNotFound("userName", inputs.ownerUserName)}, so ownerUserUid is unknown`;
    throw new ResourceInitFailedError(company.instanceUid, outs, [reason]);
  }
  return { ...outs, organizationUid: owner.organizationUid, ownerUserUid: owner.instanceUid };
}

export const provider = defineProvider<VspcCompanyInputs>({
  typeName: "VspcCompany",
  schema: vspcCompanySchema,
  replaceOn: ["ownerUserName", "resellerUid"],
  updateOn: ["organization", "ownerPassword", "subscriptionPlanUid", "isRestAccessEnabled", "isAlarmDetectEnabled", "companyServices"],
  label: (i) => i.organization.name,
  secrets: (i) => [i.ownerPassword, i.connection?.password, i.connection?.apiKey],
  defaultTimeoutsMs: { create: 20 * MINUTE, update: 20 * MINUTE, delete: 20 * MINUTE, read: 5 * MINUTE },

  normalize: (i) => ({
    organization: clean(i.organization),
    ownerUserName: i.ownerUserName,
    ownerPassword: i.ownerPassword,
    resellerUid: i.resellerUid ?? null,
    ...companyDoc(i),
    removeAllAgents: i.removeAllAgents ?? false,
  }),

  extraCheck: (i) => connectionFailures(() => resolveVspcConnection(i.connection)),

  async create(inputs, ctx) {
    const client = vspcClientFor(inputs.connection);
    const name = inputs.organization.name;
    // VSPC refuses a second company of the same name (409): only adoption needs to look first.
    const existing = inputs.adopt ? await findCompanyByName(client, name, ctx) : undefined;
    if (existing) {
      ctx.log(`adopting the existing company ${existing.instanceUid}`);
      const current = remoteOutputs(existing, inputs as Record<string, unknown>);
      await applyPatches(client, existing.instanceUid, String(current.organizationUid), { ...current, ownerPassword: inputs.ownerPassword }, inputs, ctx);
      return { id: existing.instanceUid, outs: { ...(await settled(client, existing.instanceUid, inputs, ctx)), adopted: true } };
    }
    ctx.log("creating");
    const company = await createCompany(client, inputs, ctx);
    ctx.log(`company ${company.instanceUid} ready`);
    return { id: company.instanceUid, outs: await created(client, company, inputs, ctx) };
  },

  async read(id, olds, ctx) {
    const client = vspcClientFor(olds.connection as Record<string, unknown> | undefined);
    const company = await getCompany(client, id, ctx);
    return company ? remoteOutputs(company, olds) : undefined;
  },

  async update(id, olds, news, ctx) {
    const client = vspcClientFor(news.connection);
    await applyPatches(client, id, String(olds.organizationUid), olds, news, ctx);
    return { ...(await settled(client, id, news, ctx, olds.ownerUserUid)), adopted: olds.adopted ?? false };
  },

  async delete(id, olds, ctx) {
    const client = vspcClientFor(olds.connection as Record<string, unknown> | undefined);
    const removeAllAgents = olds.removeAllAgents === true;
    const res = await client.send("DELETE", VSPC_PATHS.company(id), { query: { removeAllAgents }, deadline: ctx.deadline, allow404: true });
    if (res.status === 404) return ctx.log(`company ${id} was already gone`);
    if (res.status === 202) await resultData(client, `DELETE ${VSPC_PATHS.company(id)}`, res, { what: `VspcCompany ${id} delete`, deadline: ctx.deadline, onWait: ctx.log });
    ctx.log(`deleted company ${id}${removeAllAgents ? " and all its agents" : ""}`);
  },
});

export const resourceType = dynamicType("vspc", "VspcCompany");
const shim = providerShim(resourceType);

export interface VspcConnectionArgs {
  /** e.g. https://vspc.example.com:1280 (the /api/v3 suffix is added when missing). */
  url?: pulumi.Input<string>;
  apiKey?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  caCert?: pulumi.Input<string>;
  insecure?: pulumi.Input<boolean>;
}

export interface VspcOrganizationArgs {
  name: pulumi.Input<string>;
  alias?: pulumi.Input<string>;
  taxId?: pulumi.Input<string>;
  email?: pulumi.Input<string>;
  phone?: pulumi.Input<string>;
  country?: pulumi.Input<number>;
  state?: pulumi.Input<number>;
  city?: pulumi.Input<string>;
  street?: pulumi.Input<string>;
  zipCode?: pulumi.Input<string>;
  website?: pulumi.Input<string>;
  notes?: pulumi.Input<string>;
}

export interface VspcCompanyServicesArgs {
  hostedServices?: pulumi.Input<{ isVbPublicCloudManagementEnabled?: pulumi.Input<boolean> }>;
  remoteServices?: pulumi.Input<{
    isBackupResourcesEnabled?: pulumi.Input<boolean>;
    isVbPublicCloudManagementEnabled?: pulumi.Input<boolean>;
    backupAgentsManagement?: pulumi.Input<{ workstationAgentsQuota?: pulumi.Input<number>; serverAgentsQuota?: pulumi.Input<number> }>;
    backupServersManagement?: pulumi.Input<{ backupServerQuota?: pulumi.Input<number> }>;
  }>;
}

export interface VspcCompanyArgs {
  /** The company's organization record (`organizationInput`); patched in place. */
  organization: pulumi.Input<VspcOrganizationArgs>;
  /** The company owner's login. Replaces on change. */
  ownerUserName: pulumi.Input<string>;
  /** The company owner's password; stored as a secret. */
  ownerPassword: pulumi.Input<string>;
  /** Replaces on change. */
  resellerUid?: pulumi.Input<string>;
  subscriptionPlanUid?: pulumi.Input<string>;
  /** Default true. */
  isRestAccessEnabled?: pulumi.Input<boolean>;
  /** Default false. */
  isAlarmDetectEnabled?: pulumi.Input<boolean>;
  companyServices?: pulumi.Input<VspcCompanyServicesArgs>;
  /** Delete the company's backup agents with it on destroy. Default false. */
  removeAllAgents?: pulumi.Input<boolean>;
  /** Take over an existing company with the same name instead of failing. */
  adopt?: pulumi.Input<boolean>;
  timeouts?: TimeoutsInput;
  /** Overrides the `vspc:*` stack config for this resource; stored as a secret. */
  connection?: pulumi.Input<VspcConnectionArgs>;
}

/** A managed company (tenant) in Veeam Service Provider Console. */
export class VspcCompany extends pulumi.dynamic.Resource {
  declare readonly organizationUid: pulumi.Output<string>;
  /** The company owner's user: issue API keys for it with VspcApiKey. */
  declare readonly ownerUserUid: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly loginUrl: pulumi.Output<string | null>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: VspcCompanyArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim, name, dynamicProps(args, ["ownerPassword"], ["organizationUid", "ownerUserUid", "status", "loginUrl", "adopted"]), opts, resourceType.module, resourceType.name);
  }
}
