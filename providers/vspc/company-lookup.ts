import { z } from "zod";
import type { OperationContext } from "../core/provider";
import { listAll } from "./async";
import { VSPC_PATHS, vspcAnswer, type VspcClient } from "./client";
import { companyResponse, type CompanyResponse } from "./company-schema";

export const userItem = z.looseObject({ instanceUid: z.string(), userName: z.string().nullish(), role: z.string().nullish(), organizationUid: z.string().nullish() });
export type UserItem = z.infer<typeof userItem>;

/** Companies are read with their organization embedded (seed: "expand", the example of GET /organizations/companies). */
export const companyQuery = { expand: "Organization" };

const companyEnvelope = z.looseObject({ data: companyResponse });

export async function getCompany(client: VspcClient, uid: string, ctx: OperationContext): Promise<CompanyResponse | undefined> {
  const res = await client.send("GET", VSPC_PATHS.company(uid), { query: companyQuery, deadline: ctx.deadline, allow404: true });
  if (res.status === 404) return undefined;
  return vspcAnswer(`GET ${VSPC_PATHS.company(uid)}`, companyEnvelope, res.body).data;
}

export async function findCompanyByName(client: VspcClient, name: string, ctx: OperationContext): Promise<CompanyResponse | undefined> {
  const filter = JSON.stringify([{ property: "name", operation: "equals", collation: "ignorecase", value: name }]);
  const items = await listAll(client, VSPC_PATHS.companies, { filter, ...companyQuery }, ctx.deadline, (c) => String((c as { instanceUid?: unknown }).instanceUid));
  return items.map((c) => vspcAnswer(`GET ${VSPC_PATHS.companies}`, companyResponse, c)).find((c) => c.name.toLowerCase() === name.toLowerCase());
}

type OwnerKey = "organizationUid" | "userName";

/**
 * The company owner: a user with the CompanyOwner role, found by its organization or its user name,
 * fields of VSPC's User (Cenvora/veeam-spc v3_6_1/models/user.py: `organizationUid`, `userName`,
 * `role`), in one request with the seed's grouped filter (`[{"operation":"and","items":[…]}]`).
 * User names compare without case, as VSPC's logins do.
 */
export async function findOwner(client: VspcClient, property: OwnerKey, value: string, ctx: OperationContext): Promise<UserItem | undefined> {
  const byName = property === "userName";
  const filter = JSON.stringify([
    {
      operation: "and",
      items: [
        { property, operation: "equals", ...(byName ? { collation: "ignorecase" } : {}), value },
        { property: "role", operation: "equals", value: "CompanyOwner" },
      ],
    },
  ]);
  const users = await listAll(client, VSPC_PATHS.users, { filter }, ctx.deadline, (u) => String((u as { instanceUid?: unknown }).instanceUid));
  const same = (found: string | null | undefined): boolean => (byName ? found?.toLowerCase() === value.toLowerCase() : found === value);
  return users.map((u) => vspcAnswer(`GET ${VSPC_PATHS.users}`, userItem, u)).find((u) => same(u[property]) && u.role === "CompanyOwner");
}

/** What `findOwner` searched, for the error that it found nothing. */
export function ownerNotFound(property: OwnerKey, value: string): string {
  return `VSPC has no user with ${property} "${value}" and role CompanyOwner (GET ${VSPC_PATHS.users} filtered on ${property} and role)`;
}
