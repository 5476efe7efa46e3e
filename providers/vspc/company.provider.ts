import type { Operation } from "fast-json-patch";
import type { z } from "zod";
import { connectionFailures } from "../core/check";
import { ObjectGoneError, ResourceInitFailedError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { resultData } from "./async";
import { VSPC_PATHS, vspcClientFor, type VspcClient } from "./client";
import { vspcCompany, type VspcCompanyInputs } from "./company";
import { ORGANIZATION_FIELDS } from "./organization-fields";
import { createCompany } from "./company-create";
import { findCompanyByName, findOwner, getCompany, ownerNotFound } from "./company-lookup";
import { companyDoc, type CompanyResponse } from "./company-schema";
import { resolveVspcConnection } from "./connection";
import { addsObject, clean, patchOps, projectDoc, projectOnto } from "./documents";

const MINUTE = 60_000;

/** What a patch is made from: the recorded state, or the company as found when adopting. */
type Before = Record<string, unknown> & { organization?: Record<string, unknown> | null; ownerPassword?: string | null };

/** What VSPC reports, shaped like the inputs (only the fields the program manages). */
function remoteOutputs(c: CompanyResponse, shape: { organization?: Record<string, unknown> | null; ownerUserName?: string | null; companyServices?: unknown; organizationUid?: string | null }) {
  const org = c._embedded?.organization;
  return {
    organization: org ? projectDoc(shape.organization, org) : shape.organization,
    ownerUserName: c.ownerCredentials?.userName ?? shape.ownerUserName,
    resellerUid: c.resellerUid ?? null,
    subscriptionPlanUid: c.subscriptionPlanUid ?? null,
    isRestAccessEnabled: c.isRestAccessEnabled ?? true,
    isAlarmDetectEnabled: c.isAlarmDetectEnabled ?? false,
    ...(shape.companyServices != null && c.companyServices ? { companyServices: projectOnto(shape.companyServices, c.companyServices) } : {}),
    organizationUid: org?.instanceUid ?? shape.organizationUid ?? null,
    status: c.status ?? null,
    loginUrl: c.loginUrl ?? null,
  };
}

/** Every `companyServices` setting this resource manages (VspcCompanyServices), as a shape to project VSPC's document onto. */
const MANAGED_SERVICES = {
  hostedServices: { isVbPublicCloudManagementEnabled: true },
  remoteServices: {
    isBackupResourcesEnabled: true,
    isVbPublicCloudManagementEnabled: true,
    backupAgentsManagement: { workstationAgentsQuota: true, serverAgentsQuota: true },
    backupServersManagement: { backupServerQuota: true },
  },
};

/** A document without its null (unset) members, and without the objects that leaves empty; undefined when nothing is left. */
function setOnly(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value ?? undefined;
  const kept = Object.entries(value).flatMap(([k, v]) => {
    const left = setOnly(v);
    return left === undefined ? [] : [[k, left] as const];
  });
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The company read by its id alone (`pulumi import`), with nothing recorded to shape it by: the
 * organization's `organizationInput` fields and the managed `companyServices` settings that VSPC
 * holds a value for, and the owner, found by the organization (as a create finds it).
 */
async function asFound(client: VspcClient, c: CompanyResponse, ctx: OperationContext): Promise<Record<string, unknown>> {
  const org = c._embedded?.organization;
  const fields = Object.fromEntries(Object.keys(ORGANIZATION_FIELDS).map((k) => [k, true]));
  const services = c.companyServices ? setOnly(projectOnto(MANAGED_SERVICES, c.companyServices)) : undefined;
  const outs = {
    ...remoteOutputs(c, {}),
    organization: org ? (setOnly(projectOnto(fields, org)) ?? {}) : null,
    ...(services !== undefined ? { companyServices: services } : {}),
  };
  const organizationUid = outs.organizationUid;
  const owner = organizationUid ? await findOwner(client, "organizationUid", organizationUid, ctx) : undefined;
  return { ...outs, ownerUserUid: owner?.instanceUid ?? null };
}

/**
 * The organization as the input takes it: each field VSPC reports that passes the input's rule for
 * it (a portal may hold a value beyond the input's limits: that field is left to the portal).
 */
function importableOrganization(reported: unknown): Record<string, unknown> | undefined {
  if (!reported || typeof reported !== "object") return undefined;
  const rules: Record<string, z.ZodType> = ORGANIZATION_FIELDS;
  const fields = Object.entries(reported).flatMap(([k, v]) => {
    const parsed = rules[k]?.safeParse(v);
    return parsed?.success && parsed.data !== undefined ? [[k, parsed.data] as const] : [];
  });
  return fields.length > 0 ? Object.fromEntries(fields) : undefined;
}

/**
 * The company's JSON Patch, from the state's view of it. A setting managed for the first time is
 * absent there, and `add` of a whole object would replace that member on the server with all
 * the settings the program does not manage (RFC 6902 §4.1): then the patch is made against what
 * the server holds, so that only the managed leaves change.
 */
async function companyOps(client: VspcClient, uid: string, olds: Before, news: VspcCompanyInputs, ctx: OperationContext): Promise<Operation[]> {
  const wanted = companyDoc(news);
  const ops = patchOps(projectDoc(wanted, olds), wanted);
  if (!ops.some(addsObject)) return ops;
  const current = await getCompany(client, uid, ctx);
  if (!current) throw new ObjectGoneError(`company ${uid}`, "disappeared during the update");
  return patchOps(projectDoc(wanted, current), wanted);
}

/** Sends the JSON Patch documents that turn `olds` into `news`: company and organization each only when changed. */
async function applyPatches(client: VspcClient, uid: string, orgUid: string, olds: Before, news: VspcCompanyInputs, ctx: OperationContext): Promise<void> {
  const ops = await companyOps(client, uid, olds, news, ctx);
  // Never recorded (an imported company): the owner keeps the password it has, as with adopt.
  if (olds.ownerPassword != null && olds.ownerPassword !== news.ownerPassword) ops.push({ op: "replace", path: "/ownerCredentials/password", value: news.ownerPassword });
  if (ops.length > 0) {
    ctx.log(`patching company: ${ops.map((o) => `${o.op} ${o.path}`).join(", ")}`);
    await client.send("PATCH", VSPC_PATHS.company(uid), { body: ops, deadline: ctx.deadline });
  }
  const orgOps = patchOps(olds.organization ?? {}, news.organization);
  if (orgOps.length > 0) {
    ctx.log(`patching organization: ${orgOps.map((o) => `${o.op} ${o.path}`).join(", ")}`);
    await client.send("PATCH", VSPC_PATHS.organization(orgUid), { body: orgOps, deadline: ctx.deadline });
  }
}

/** The company as written; `knownOwner` (an update: ownerUserName replaces, so the owner stays) spares the users lookup. */
async function settled(client: VspcClient, uid: string, inputs: VspcCompanyInputs, ctx: OperationContext, knownOwner?: string | null): Promise<Record<string, unknown>> {
  const company = await getCompany(client, uid, ctx);
  if (!company) throw new ObjectGoneError(`company ${uid}`, "disappeared right after it was written");
  const outs = remoteOutputs(company, inputs);
  if (typeof knownOwner === "string") return { ...outs, ownerUserUid: knownOwner };
  const organizationUid = String(outs.organizationUid);
  const owner = await findOwner(client, "organizationUid", organizationUid, ctx);
  if (!owner) throw new Error(`company ${uid}: ${ownerNotFound("organizationUid", organizationUid)}`);
  return { ...outs, ownerUserUid: owner.instanceUid };
}

/**
 * A new company's outputs from the create's answer and one lookup of its owner by user name (the
 * answer carries neither the organization's uid nor the owner's, the owner's user record both).
 * Without the owner the company is recorded as a partial create, naming what was searched.
 */
async function created(client: VspcClient, company: CompanyResponse, inputs: VspcCompanyInputs, ctx: OperationContext): Promise<Record<string, unknown>> {
  const outs = { ...remoteOutputs(company, inputs), adopted: false };
  const owner = await findOwner(client, "userName", inputs.ownerUserName, ctx);
  if (!owner?.organizationUid) {
    const reason = `company ${company.instanceUid} was created, but ${ownerNotFound("userName", inputs.ownerUserName)}, so ownerUserUid is unknown`;
    throw new ResourceInitFailedError(company.instanceUid, outs, [reason]);
  }
  return { ...outs, organizationUid: owner.organizationUid, ownerUserUid: owner.instanceUid };
}

export const provider = defineProvider(vspcCompany, {
  label: (i) => i.organization.name,
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
      const current = remoteOutputs(existing, inputs);
      await applyPatches(client, existing.instanceUid, String(current.organizationUid), { ...current, ownerPassword: inputs.ownerPassword }, inputs, ctx);
      return { id: existing.instanceUid, outs: { ...(await settled(client, existing.instanceUid, inputs, ctx)), adopted: true } };
    }
    ctx.log("creating");
    const company = await createCompany(client, inputs, ctx);
    ctx.log(`company ${company.instanceUid} ready`);
    return { id: company.instanceUid, outs: await created(client, company, inputs, ctx) };
  },

  async read(id, olds, ctx) {
    const client = vspcClientFor(olds.connection);
    const company = await getCompany(client, id, ctx);
    if (!company) return undefined;
    // No recorded organization (a required input): read by id alone (`pulumi import`).
    return olds.organization ? remoteOutputs(company, olds) : asFound(client, company, ctx);
  },

  importInputs: (current) => {
    const organization = importableOrganization(current.organization);
    return organization ? { organization } : {};
  },

  async update(id, olds, news, ctx) {
    const client = vspcClientFor(news.connection);
    await applyPatches(client, id, String(olds.organizationUid), olds, news, ctx);
    return settled(client, id, news, ctx, olds.ownerUserUid);
  },

  async delete(id, olds, ctx) {
    const client = vspcClientFor(olds.connection);
    const removeAllAgents = olds.removeAllAgents === true;
    const res = await client.send("DELETE", VSPC_PATHS.company(id), { query: { removeAllAgents }, deadline: ctx.deadline, allow404: true });
    if (res.status === 404) return ctx.log(`company ${id} was already gone`);
    if (res.status === 202) await resultData(client, `DELETE ${VSPC_PATHS.company(id)}`, res, { deadline: ctx.deadline, onWait: ctx.log });
    ctx.log(`deleted company ${id}${removeAllAgents ? " and all its agents" : ""}`);
  },
});

export const descriptor = vspcCompany;
