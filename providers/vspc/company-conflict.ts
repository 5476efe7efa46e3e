import { AdoptionRequiredError } from "../core/errors";
import type { OperationContext } from "../core/provider";
import type { VspcClient } from "./client";
import type { VspcCompanyInputs } from "./company";
import { findCompanyByName } from "./company-lookup";
import { VspcApiError, VspcConflictError } from "./errors";

/** The property a 409 names: `organizationInput.name` (or `name`) for the company name, `…userName` for the owner login. */
const isNameProperty = (property: string): boolean => /^(organizationInput\.)?name$/i.test(property);
const isLoginProperty = (property: string): boolean => /(^|\.)userName$/i.test(property);

/** A 409 that is (or may be, naming no property) about the company name. */
export function conflictsOnName(error: unknown): boolean {
  return error instanceof VspcApiError && error.status === 409 && (error.property === undefined || isNameProperty(error.property));
}

/**
 * A 409 on company create as the error it is, by the property VSPC names: a company found holding
 * the name is an AdoptionRequiredError (VSPC's answer as its cause); anything else a
 * VspcConflictError in VSPC's words with what to change. When VSPC names no property, a lookup of
 * the name decides. Any other error passes through.
 */
export async function explainConflict(client: VspcClient, inputs: VspcCompanyInputs, error: unknown, ctx: OperationContext): Promise<unknown> {
  if (!(error instanceof VspcApiError) || error.status !== 409) return error;
  const property = error.property ?? "";
  if (isLoginProperty(property)) return new VspcConflictError(error, `The owner login "${inputs.ownerUserName}" is taken: choose another ownerUserName.`);
  const holder = property === "" || isNameProperty(property) ? await findCompanyByName(client, inputs.organization.name, ctx).catch(() => undefined) : undefined;
  if (holder) {
    const adoption = new AdoptionRequiredError("a company with this name", holder.instanceUid, "choose another name");
    adoption.cause = error;
    return adoption;
  }
  if (isNameProperty(property)) return new VspcConflictError(error, "Set adopt: true to manage the company that holds this name with Pulumi, or choose another name.");
  if (property) return new VspcConflictError(error, `VSPC names ${property} as the conflict, not the company name: change that input.`);
  return new VspcConflictError(error, "No company holds this name, so adopting would not help: change the conflicting input.");
}
