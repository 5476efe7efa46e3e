import type { OperationContext } from "../core/provider";
import { VSPC_PATHS, VspcApiError, type VspcClient } from "./client";
import type { VspcCompanyInputs } from "./company-schema";
import { findCompanyByName } from "./company-lookup";

/** The property a 409 names: `organizationInput.name` (or `name`) for the company name, `…userName` for the owner login. */
const isNameProperty = (property: string): boolean => /^(organizationInput\.)?name$/i.test(property);
const isLoginProperty = (property: string): boolean => /(^|\.)userName$/i.test(property);

/** A 409 that is (or may be, naming no property) about the company name. */
export function conflictsOnName(error: unknown): boolean {
  return error instanceof VspcApiError && error.status === 409 && (error.property === undefined || isNameProperty(error.property));
}

/**
 * A 409 on company create, explained by the property VSPC names and in its own words. Only a
 * conflict on the company name suggests adoption; when VSPC names no property, a lookup of the
 * name decides. Any other error passes through.
 */
export async function explainConflict(client: VspcClient, inputs: VspcCompanyInputs, error: unknown, ctx: OperationContext): Promise<unknown> {
  if (!(error instanceof VspcApiError) || error.status !== 409) return error;
  const name = inputs.organization.name;
  const property = error.property ?? "";
  const refused = (advice: string): VspcApiError =>
    new VspcApiError(409, error.errorCode, error.errorType, error.property, "POST", VSPC_PATHS.companies, `VspcCompany "${name}": ${error.detail} ${advice}`);
  if (isLoginProperty(property)) return refused(`The owner login "${inputs.ownerUserName}" is taken: choose another ownerUserName.`);
  const holder = property === "" || isNameProperty(property) ? await findCompanyByName(client, name, ctx).catch(() => undefined) : undefined;
  if (holder) return refused(`The company ${holder.instanceUid} holds this name: set adopt: true to manage it with Pulumi, or choose another name.`);
  if (isNameProperty(property)) return refused("Set adopt: true to manage the company that holds this name with Pulumi, or choose another name.");
  if (property) return refused(`VSPC names ${property} as the conflict, not the company name: change that input.`);
  return refused("No company holds this name, so adopting would not help: change the conflicting input.");
}
