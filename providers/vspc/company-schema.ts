import { z } from "zod";
import type { VspcCompanyInputs } from "./company";
import { clean } from "./documents";

export const companyResponse = z.looseObject({
  instanceUid: z.string(),
  name: z.string(),
  status: z.string().nullish(),
  resellerUid: z.string().nullish(),
  subscriptionPlanUid: z.string().nullish(),
  isRestAccessEnabled: z.boolean().nullish(),
  isAlarmDetectEnabled: z.boolean().nullish(),
  companyServices: z.record(z.string(), z.unknown()).nullish(),
  loginUrl: z.string().nullish(),
  ownerCredentials: z.looseObject({ userName: z.string().nullish() }).nullish(),
  _embedded: z.looseObject({ organization: z.looseObject({ instanceUid: z.string() }).nullish() }).nullish(),
});
export type CompanyResponse = z.infer<typeof companyResponse>;

/** The company fields this resource manages, as VSPC's Company resource holds them. */
export function companyDoc(i: VspcCompanyInputs): Record<string, unknown> {
  return clean({
    subscriptionPlanUid: i.subscriptionPlanUid ?? null,
    isRestAccessEnabled: i.isRestAccessEnabled ?? true,
    isAlarmDetectEnabled: i.isAlarmDetectEnabled ?? false,
    ...(i.companyServices ? { companyServices: i.companyServices } : {}),
  });
}

/** The `CompanyInput` body of `POST /organizations/companies`. */
export function companyInput(i: VspcCompanyInputs): Record<string, unknown> {
  return clean({
    organizationInput: i.organization,
    ownerCredentials: { userName: i.ownerUserName, password: i.ownerPassword },
    resellerUid: i.resellerUid,
    ...companyDoc(i),
  });
}
