import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { applyPatch, type Operation } from "fast-json-patch";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { vspcErrors } from "./errors";
import { sendCollection } from "./filter";
import type { VspcKnobs } from "./knobs";
import type { AsyncActions } from "./async-actions";
import { newUid, type Answer, type Company, type Organization, type VspcState } from "./state";
import { companyServicesWithDefaults, companyView, organizationView } from "./views";

const quota = z.number().int().min(0).nullish();
const organizationInput = z.object({
  name: z.string().trim().min(1),
  alias: z.string().nullish(),
  taxId: z.string().nullish(),
  email: z.email().nullish(),
  phone: z.string().nullish(),
  country: z.number().int().nullish(),
  state: z.number().int().nullish(),
  city: z.string().nullish(),
  street: z.string().nullish(),
  zipCode: z.string().nullish(),
  website: z.string().nullish(),
  notes: z.string().nullish(),
});
const companyServices = z.looseObject({
  hostedServices: z.looseObject({}).nullish(),
  remoteServices: z
    .looseObject({
      backupAgentsManagement: z.looseObject({ workstationAgentsQuota: quota, serverAgentsQuota: quota }).nullish(),
      backupServersManagement: z.looseObject({ backupServerQuota: quota }).nullish(),
    })
    .nullish(),
});
const companyInput = z.object({
  organizationInput,
  ownerCredentials: z.object({ userName: z.string().min(1), password: z.string().min(1) }),
  resellerUid: z.string().nullish(),
  subscriptionPlanUid: z.string().nullish(),
  isRestAccessEnabled: z.boolean().nullish(),
  isAlarmDetectEnabled: z.boolean().nullish(),
  companyServices: companyServices.nullish(),
});
const patchDocument = z.array(z.looseObject({ op: z.enum(["add", "remove", "replace", "move", "copy", "test"]), path: z.string() }));
const uidParam = z.object({ uid: z.string() });

function badInput(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send(
    vspcErrors(...error.issues.map((i) => ({ message: i.message, type: "logical" as const, code: 400, propertyName: i.path.join(".") || undefined }))),
  );
}

const notFound = (reply: FastifyReply, what: string) => reply.code(404).send(vspcErrors({ message: `${what} was not found.`, type: "logical", code: 404 }));
const wantsOrganization = (request: FastifyRequest) => /(^|,)\s*organization\s*(,|$)/i.test(String((request.query as Record<string, string>).expand ?? ""));

/** Applies RFC 6902 operations to a copy of `doc`; code 1001 when they do not apply. */
function patched<T>(doc: T, body: unknown): T | Error {
  const ops = patchDocument.safeParse(body);
  if (!ops.success) return new Error("The request body is not a JSON Patch document.");
  try {
    return applyPatch(structuredClone(doc), ops.data as Operation[], true, false).newDocument;
  } catch (error) {
    return new Error(`JSON Patch modifications failed to apply: ${(error as Error).message.split("\n")[0]}`);
  }
}

export interface CompanyRouteDeps {
  state: VspcState;
  asyncActions: AsyncActions;
}

export function companyRoutes(api: FastifyInstance, ctx: EmulatorContext<VspcKnobs>, deps: CompanyRouteDeps): void {
  const { state } = deps;

  const create = (input: z.infer<typeof companyInput>): Company => {
    const organizationUid = newUid();
    const o = input.organizationInput;
    const org: Organization = {
      instanceUid: organizationUid,
      name: o.name,
      alias: o.alias ?? null,
      taxId: o.taxId ?? null,
      email: o.email ?? null,
      phone: o.phone ?? null,
      country: o.country ?? null,
      state: o.state ?? null,
      city: o.city ?? null,
      street: o.street ?? null,
      zipCode: o.zipCode ?? null,
      website: o.website ?? null,
      notes: o.notes ?? null,
    };
    const company: Company = {
      instanceUid: newUid(),
      organizationUid,
      resellerUid: input.resellerUid ?? null,
      subscriptionPlanUid: input.subscriptionPlanUid ?? null,
      isRestAccessEnabled: input.isRestAccessEnabled ?? true,
      isAlarmDetectEnabled: input.isAlarmDetectEnabled ?? false,
      companyServices: companyServicesWithDefaults(input.companyServices ?? undefined),
      ownerCredentials: { ...input.ownerCredentials },
    };
    state.organizations.set(org.instanceUid, org);
    state.companies.set(company.instanceUid, company);
    const owner = { instanceUid: newUid(), organizationUid, userName: input.ownerCredentials.userName, role: "CompanyOwner" as const, status: "Enabled" as const };
    state.users.set(owner.instanceUid, owner);
    return company;
  };

  /**
   * 409: "conflicts with a resource that already exists" (seed, error codes, line 1105), in the
   * seed's error shape with propertyName naming the property that conflicts (lines 1084-1095).
   */
  const conflict = (input: z.infer<typeof companyInput>): Answer | undefined => {
    if (state.companyByName(input.organizationInput.name)) {
      return { status: 409, body: vspcErrors({ message: "A company with the same name already exists.", type: "logical", code: 409, propertyName: "organizationInput.name" }) };
    }
    if (state.userByName(input.ownerCredentials.userName)) {
      return { status: 409, body: vspcErrors({ message: "A user with the same name already exists.", type: "logical", code: 409, propertyName: "ownerCredentials.userName" }) };
    }
    return undefined;
  };
  const created = (input: z.infer<typeof companyInput>): Answer => conflict(input) ?? { status: 200, body: { data: companyView(state, create(input), false) } };

  // Nothing recognises a resent create: x-request-id only names its async action (seed line 1233).
  api.post("/organizations/companies", async (request, reply) => {
    const input = companyInput.safeParse(request.body);
    if (!input.success) return badInput(reply, input.error);
    const refused = conflict(input.data);
    if (refused) return reply.code(refused.status).send(refused.body);
    if (ctx.knobs().asyncCreates) {
      // 202 Accepted with the action in Location (seed line 1232); conflicts are checked again when it runs.
      const location = deps.asyncActions.start(request, "CreateCompany", () => created(input.data));
      return reply.code(202).header("location", location).send();
    }
    const answer = created(input.data);
    return reply.code(answer.status).send(answer.body);
  });

  api.get("/organizations/companies", async (request, reply) => {
    const views = [...state.companies.values()].map((c) => companyView(state, c, wantsOrganization(request)));
    return sendCollection(reply, views, request.query as Record<string, string>);
  });

  api.get("/organizations/companies/:uid", async (request, reply) => {
    const company = state.companies.get(uidParam.parse(request.params).uid);
    return company ? { data: companyView(state, company, wantsOrganization(request)) } : notFound(reply, "Company");
  });

  api.patch("/organizations/companies/:uid", async (request, reply) => {
    const company = state.companies.get(uidParam.parse(request.params).uid);
    if (!company) return notFound(reply, "Company");
    const next = patched(company, request.body);
    if (next instanceof Error) return reply.code(400).send(vspcErrors({ message: next.message, type: "logical", code: 1001 }));
    const valid = companyServices.safeParse(next.companyServices);
    if (!valid.success || next.instanceUid !== company.instanceUid || next.organizationUid !== company.organizationUid) {
      return reply.code(400).send(vspcErrors({ message: "JSON Patch modifications failed to apply: the result is not a valid company.", type: "logical", code: 1001 }));
    }
    state.companies.set(company.instanceUid, next);
    return { data: companyView(state, next, false) };
  });

  api.delete("/organizations/companies/:uid", async (request, reply) => {
    const { uid } = uidParam.parse(request.params);
    const removeAllAgents = (request.query as Record<string, string>).removeAllAgents;
    if (removeAllAgents !== "true" && removeAllAgents !== "false") {
      return reply.code(400).send(vspcErrors({ message: "The removeAllAgents parameter is required.", type: "logical", code: 400, parameterName: "removeAllAgents" }));
    }
    if (!state.companies.has(uid)) return notFound(reply, "Company");
    state.removeCompany(uid);
    return { data: null };
  });

  api.get("/organizations/:uid", async (request, reply) => {
    const org = state.organizations.get(uidParam.parse(request.params).uid);
    return org ? { data: organizationView(org) } : notFound(reply, "Organization");
  });

  api.patch("/organizations/:uid", async (request, reply) => {
    const org = state.organizations.get(uidParam.parse(request.params).uid);
    if (!org) return notFound(reply, "Organization");
    const next = patched(org, request.body);
    if (next instanceof Error) return reply.code(400).send(vspcErrors({ message: next.message, type: "logical", code: 1001 }));
    const valid = organizationInput.safeParse(next);
    if (!valid.success || next.instanceUid !== org.instanceUid) return badInput(reply, valid.error ?? new z.ZodError([]));
    if (next.name.toLowerCase() !== org.name.toLowerCase() && state.companyByName(next.name)) {
      return reply.code(409).send(vspcErrors({ message: "A company with the same name already exists.", type: "logical", code: 409, propertyName: "name" }));
    }
    state.organizations.set(org.instanceUid, next);
    return { data: organizationView(next) };
  });
}
