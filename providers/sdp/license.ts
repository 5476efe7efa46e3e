import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { connectionFailures } from "../core/check";
import { timeoutsSchema } from "../core/duration";
import { VendorApiError } from "../core/errors";
import { sendOnce } from "../core/send-once";
import { defineProvider, type OperationContext } from "../core/provider";
import { registerSecret } from "../core/redact";
import { dynamicProps, withSecretOutputs } from "../program/resource";
import { dynamicType } from "../program/resource-type";
import { providerShim } from "../program/shim";
import { SDP_PATHS, resolveSdpConnection, sdpClientFor, type SdpClient } from "./client";
import { sdpConnectionSchema } from "./server-schema";

const MINUTE = 60_000;

export const sdpLicenseSchema = z.object({
  licenseType: z.string().trim().min(1, { message: "is required" }),
  timeouts: timeoutsSchema.optional(),
  connection: sdpConnectionSchema.optional(),
});
export type SdpLicenseInputs = z.infer<typeof sdpLicenseSchema>;

const license = z.looseObject({
  id: z.string(),
  key: z.string().nullish(),
  assigned_from: z.string().nullish(),
  expires_at: z.string().nullish(),
  license_type: z.string(),
});
type License = z.infer<typeof license>;
export const licenseTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  has_license_key: z.boolean().nullish(),
  license_switch: z.boolean().nullish(),
  unit: z.string().nullish(),
  description: z.string().nullish(),
});

export async function listLicenseTypes(client: SdpClient, ctx: Pick<OperationContext, "deadline">): Promise<z.infer<typeof licenseTypeSchema>[]> {
  return (await client.answer("GET", SDP_PATHS.licenseTypes, z.looseObject({ license_types: z.array(licenseTypeSchema) }), { deadline: ctx.deadline })).license_types;
}

/**
 * The API echoes a type in its own spelling: the seed's answers say "vCenter.Server 5.5 Standard"
 * (l.690, l.731) to a request of "vCenter Server 5.5 Standard" (l.716). The echo is reported apart
 * (`reportedLicenseType`) and `licenseType` stays as requested, so that it causes no diff.
 */
function remoteOutputs(l: License): Record<string, unknown> {
  if (l.key) registerSecret(l.key);
  return { reportedLicenseType: l.license_type, key: l.key ?? null, assignedFrom: l.assigned_from ?? null, expiresAt: l.expires_at ?? null };
}

/** One type in two spellings ("vCenter Server 5.5 Standard" / "vCenter.Server 5.5 Standard"). */
export function spelledAlike(a: unknown, b: unknown): boolean {
  const canonical = (s: string) => s.toLowerCase().replace(/[\s._-]+/g, " ").trim();
  return typeof a === "string" && typeof b === "string" && canonical(a) === canonical(b);
}

/** SDP answers an unknown license type with a bare 400: name the valid types (one more request, on that path only). */
async function explainUnknownType(client: SdpClient, licenseType: string, error: unknown, ctx: OperationContext): Promise<unknown> {
  if (!(error instanceof VendorApiError) || error.status !== 400) return error;
  const types = await listLicenseTypes(client, ctx).catch(() => undefined);
  if (!types || types.some((t) => t.name === licenseType)) return error;
  return new Error(`SdpLicense: unknown licenseType "${licenseType}"; valid types: ${types.map((t) => `"${t.name}"`).join(", ")}`);
}

async function listLicenses(client: SdpClient, licenseType: string | undefined, ctx: OperationContext): Promise<License[]> {
  return (await client.answer("GET", SDP_PATHS.licenses, z.looseObject({ licenses: z.array(license) }), { query: { license_type: licenseType }, deadline: ctx.deadline })).licenses;
}

/**
 * There is no GET by id: list the licenses and find ours. Unfiltered, because a state written by an
 * earlier release records the type in the API's echoed spelling, which the filter may not take.
 */
async function findLicense(client: SdpClient, id: string, ctx: OperationContext): Promise<License | undefined> {
  return (await listLicenses(client, undefined, ctx)).find((l) => l.id === id);
}

export const provider = defineProvider<SdpLicenseInputs>({
  typeName: "SdpLicense",
  schema: sdpLicenseSchema,
  replaceOn: ["licenseType"],
  // States written before the echo was kept apart hold the API's spelling as `licenseType`: the same type, no replacement.
  sameValue: { licenseType: spelledAlike },
  updateOn: [],
  label: (i) => i.licenseType,
  secrets: (i) => [i.connection?.password],
  defaultTimeoutsMs: { create: 10 * MINUTE, update: 10 * MINUTE, delete: 10 * MINUTE, read: 5 * MINUTE },
  normalize: (i) => ({ licenseType: i.licenseType }),
  extraCheck: (i) => connectionFailures(() => resolveSdpConnection(i.connection)),

  async create(inputs, ctx) {
    const client = sdpClientFor(inputs.connection);
    // Licenses have no natural key: the ones already there tell a lost answer's license apart.
    const before = new Set((await listLicenses(client, inputs.licenseType, ctx)).map((l) => l.id));
    ctx.log("creating");
    const made = await sendOnce(ctx, {
      what: "license create",
      send: async () => {
        try {
          return (await client.answer("POST", SDP_PATHS.licenses, z.looseObject({ license }), { body: { license_type: inputs.licenseType }, deadline: ctx.deadline })).license;
        } catch (error) {
          throw await explainUnknownType(client, inputs.licenseType, error, ctx);
        }
      },
      lookup: async (c) => {
        const fresh = (await listLicenses(client, inputs.licenseType, c)).filter((l) => !before.has(l.id));
        if (fresh.length > 1) throw new Error(`SdpLicense "${inputs.licenseType}": the answer to the create was lost and ${fresh.length} new licenses of this type appeared meanwhile (${fresh.map((l) => l.id).join(", ")}); delete the one that is not yours`);
        return fresh[0];
      },
      landedLate: (l) => ({ id: l.id, properties: remoteOutputs(l) }),
    });
    ctx.log(`license ${made.id} created`);
    return { id: made.id, outs: remoteOutputs(made) };
  },

  async read(id, olds, ctx) {
    const found = await findLicense(sdpClientFor(olds.connection as Record<string, unknown> | undefined), id, ctx);
    return found ? remoteOutputs(found) : undefined;
  },

  async update(_id, olds) {
    return olds;
  },

  async delete(id, olds, ctx) {
    const res = await sdpClientFor(olds.connection as Record<string, unknown> | undefined).send("DELETE", SDP_PATHS.license(id), { deadline: ctx.deadline, allow404: true });
    ctx.log(res.status === 404 ? `license ${id} was already gone` : `deleted license ${id}`);
  },
});

export const resourceType = dynamicType("sdp", "SdpLicense");
const shim = providerShim(resourceType);

export interface SdpLicenseArgs {
  /** A name from GET /license_types, e.g. "vCenter Server 5.5 Standard". Replaces on change. */
  licenseType: pulumi.Input<string>;
  timeouts?: pulumi.Input<{ create?: pulumi.Input<string>; delete?: pulumi.Input<string> }>;
  connection?: pulumi.Input<Record<string, pulumi.Input<string | boolean>>>;
}

/** A license (e.g. for vCenter Server) on NTT Smart Data Platform. */
export class SdpLicense extends pulumi.dynamic.Resource {
  /** Outputs the engine keeps secret (beyond those named like a secret input). */
  static readonly secretOutputs: readonly string[] = ["key"];
  declare readonly licenseType: pulumi.Output<string>;
  /** The type as SDP spells it in its answers (e.g. "vCenter.Server 5.5 Standard"); `licenseType` stays as given. */
  declare readonly reportedLicenseType: pulumi.Output<string>;
  /** The license key: a secret output. */
  declare readonly key: pulumi.Output<string | null>;
  declare readonly assignedFrom: pulumi.Output<string | null>;
  declare readonly expiresAt: pulumi.Output<string | null>;

  constructor(name: string, args: SdpLicenseArgs, opts?: pulumi.CustomResourceOptions) {
    super(shim, name, dynamicProps(args, [], ["reportedLicenseType", "key", "assignedFrom", "expiresAt"]), withSecretOutputs(opts, SdpLicense.secretOutputs), resourceType.module, resourceType.name);
  }
}
