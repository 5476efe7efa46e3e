import { z } from "zod";
import { ORGANIZATION_FIELDS } from "./organization-fields";
import { bothNone, describeResource, input, output, timeoutsInput, type ArgsOf, type InputsOf, type InputOf, type Inputify } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { vspcConnection } from "./connection";

export type { VspcConnectionArgs } from "./connection";

const quota = z.number().int({ message: "must be a whole number" }).min(0, { message: "must be 0 or more" });

/** The company's organization record (VSPC's `organizationInput`); only `name` is required. */
export type VspcOrganization = {
  /** The company's name, 1 to 128 characters (surrounding spaces trimmed). */
  name: string;
  /** A short alias of the company, at most 128 characters. */
  alias?: string;
  /** The company's tax id, at most 64 characters. */
  taxId?: string;
  /** The company's contact email address. */
  email?: string;
  /** The company's phone number, at most 64 characters. */
  phone?: string;
  /** VSPC's numeric id of the country, e.g. 1 (USA). */
  country?: number;
  /** VSPC's numeric id of the state or region within the country. */
  state?: number;
  /** At most 128 characters. */
  city?: string;
  /** Street address, at most 256 characters. */
  street?: string;
  /** Postal code, at most 32 characters. */
  zipCode?: string;
  /** The company's website, at most 256 characters. */
  website?: string;
  /** Free text, at most 2048 characters. */
  notes?: string;
};


/** VSPC's `organizationInput`. */
const organizationSchema: z.ZodType<VspcOrganization, VspcOrganization> = z.object(ORGANIZATION_FIELDS).strict();

/** The company's `companyServices`, as far as this resource manages them; what is left out keeps VSPC's defaults. Quotas are whole numbers ≥ 0. */
export type VspcCompanyServices = {
  /** Services the company gets on the provider's hosted infrastructure. */
  hostedServices?: {
    /** Whether management of Veeam Backup for Public Clouds appliances is enabled for the company on hosted infrastructure. */
    isVbPublicCloudManagementEnabled?: boolean;
  };
  /** Services VSPC manages on the company's own infrastructure (its backup agents and backup servers). */
  remoteServices?: {
    /** Whether backup resources are enabled for the company's remote services (VSPC's `isBackupResourcesEnabled`). */
    isBackupResourcesEnabled?: boolean;
    /** Whether management of the company's own Veeam Backup for Public Clouds appliances is enabled. */
    isVbPublicCloudManagementEnabled?: boolean;
    /** Quotas on the Veeam backup agents VSPC manages for the company. */
    backupAgentsManagement?: {
      /** The most workstation backup agents VSPC manages for the company, a whole number ≥ 0. */
      workstationAgentsQuota?: number;
      /** The most server backup agents VSPC manages for the company, a whole number ≥ 0. */
      serverAgentsQuota?: number;
    };
    /** Quotas on the Veeam Backup & Replication servers VSPC manages for the company. */
    backupServersManagement?: {
      /** The most backup servers VSPC manages for the company, a whole number ≥ 0. */
      backupServerQuota?: number;
    };
  };
};

const companyServicesSchema: z.ZodType<VspcCompanyServices, VspcCompanyServices> = z
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


/** A document as VSPC reports it back on refresh: the managed keys, any of them null (cleared in the portal) or beyond the input's limits. */
type Reported<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Reported<T[K]> | null } : T;
const reported = <T>() => z.custom<Reported<T>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), { message: "must be an object" });

export const vspcCompany = describeResource({
  module: "vspc",
  name: "VspcCompany",
  inputs: {
    /** The company's organization record (`organizationInput`); patched in place. */
    organization: input(organizationSchema, "update", { recorded: reported<z.output<typeof organizationSchema>>() }),
    /** The company owner's login. Replaces on change. */
    ownerUserName: input(z.string().trim().min(1, { message: "is required" }).max(128), "replace", { recorded: z.string() }),
    /**
     * The company owner's password; stored as a secret. Write-only: VSPC never shows it, so a
     * company taken over (`pulumi import`, or `adopt`) keeps its owner's password, and the one
     * given here is recorded as the owner's without being sent; a later change to it is sent.
     */
    ownerPassword: input(z.string().min(8, { message: "must be at least 8 characters" }), "update", { secret: true, writeOnly: true }),
    /** Replaces on change. */
    resellerUid: input(z.uuid({ message: "must be a UID" }).optional(), "replace", { recorded: z.string().nullable(), sameValue: bothNone }),
    /** The subscription plan (UID) billed to the company. Updated in place. */
    subscriptionPlanUid: input(z.uuid({ message: "must be a UID" }).optional(), "update", { recorded: z.string().nullable(), sameValue: bothNone }),
    /** Default true. */
    isRestAccessEnabled: input(z.boolean().optional(), "update", { recorded: z.boolean() }),
    /** Default false. */
    isAlarmDetectEnabled: input(z.boolean().optional(), "update", { recorded: z.boolean() }),
    /** Hosted and remote services and their quotas (whole numbers ≥ 0); left out, the server's defaults. Updated in place. */
    companyServices: input(companyServicesSchema.optional(), "update", { recorded: reported<z.output<typeof companyServicesSchema>>() }),
    /** Delete the company's backup agents with it on destroy. Default false. */
    removeAllAgents: input(z.boolean().optional(), "none", { recorded: z.boolean() }),
    /** Take over an existing company with the same name instead of failing. */
    adopt: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `vspc:*` stack config for this resource; stored as a secret. */
    connection: vspcConnection.input,
  },
  outputs: {
    /** The company's organization UID (what VSPC's PATCH /organizations/{uid} takes). */
    organizationUid: output(z.string()),
    /** The company owner's user: issue API keys for it with VspcApiKey. */
    ownerUserUid: output(z.string()),
    /** VSPC's status of the company, e.g. "Active". */
    status: output(z.string()),
    /** The portal URL the company's users log in at, null when VSPC gives none. */
    loginUrl: output(z.string().nullable()),
    /** True when create took over an existing company (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
  },
});

export type VspcCompanyArgs = ArgsOf<typeof vspcCompany.inputs>;
/** The inputs as the provider gets them (parsed). */
export type VspcCompanyInputs = InputsOf<typeof vspcCompany.inputs>;

type Fields<T> = { [K in keyof T]: Inputify<T[K]> };
/** The company's organization record (`organization`), field by field. */
export type VspcOrganizationArgs = Fields<InputOf<typeof vspcCompany.inputs.organization>>;
/** The company's services (`companyServices`), field by field. */
export type VspcCompanyServicesArgs = Fields<NonNullable<InputOf<typeof vspcCompany.inputs.companyServices>>>;

/** A managed company (tenant) in Veeam Service Provider Console. */
export const VspcCompany = resourceClass(vspcCompany);
export type VspcCompany = InstanceType<typeof VspcCompany>;
