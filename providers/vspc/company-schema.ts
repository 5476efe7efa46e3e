import { z } from "zod";
import { timeoutsSchema } from "../core/duration";
import { clean } from "./documents";

export const vspcConnectionSchema = z
  .object({
    url: z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://vspc.example.com:1280" }).optional(),
    apiKey: z.string().min(8, { message: "must be at least 8 characters" }).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(4, { message: "must be at least 4 characters" }).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

const text = (max: number) => z.string().max(max, { message: `must be at most ${max} characters` });
const quota = z.number().int({ message: "must be a whole number" }).min(0, { message: "must be 0 or more" });

export const organizationSchema = z
  .object({
    name: z.string().trim().min(1, { message: "is required" }).max(128, { message: "must be at most 128 characters" }),
    alias: text(128).optional(),
    taxId: text(64).optional(),
    email: z.email({ message: "must be an email address" }).optional(),
    phone: text(64).optional(),
    country: z.number().int().min(0).optional(),
    state: z.number().int().min(0).optional(),
    city: text(128).optional(),
    street: text(256).optional(),
    zipCode: text(32).optional(),
    website: text(256).optional(),
    notes: text(2048).optional(),
  })
  .strict();

export const companyServicesSchema = z
  .object({
    hostedServices: z.object({ isVbPublicCloudManagementEnabled: z.boolean().optional() }).strict().optional(),
    remoteServices: z
      .object({
        isBackupResourcesEnabled: z.boolean().optional(),
        isVbPublicCloudManagementEnabled: z.boolean().optional(),
        backupAgentsManagement: z.object({ workstationAgentsQuota: quota.optional(), serverAgentsQuota: quota.optional() }).strict().optional(),
        backupServersManagement: z.object({ backupServerQuota: quota.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const vspcCompanySchema = z
  .object({
    organization: organizationSchema,
    ownerUserName: z.string().trim().min(1, { message: "is required" }).max(128),
    ownerPassword: z.string().min(8, { message: "must be at least 8 characters" }),
    resellerUid: z.uuid({ message: "must be a UID" }).optional(),
    subscriptionPlanUid: z.uuid({ message: "must be a UID" }).optional(),
    isRestAccessEnabled: z.boolean().optional(),
    isAlarmDetectEnabled: z.boolean().optional(),
    companyServices: companyServicesSchema.optional(),
    removeAllAgents: z.boolean().optional(),
    adopt: z.boolean().optional(),
    timeouts: timeoutsSchema.optional(),
    connection: vspcConnectionSchema.optional(),
  });

export type VspcCompanyInputs = z.infer<typeof vspcCompanySchema>;

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
