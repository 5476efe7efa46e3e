import { z } from "zod";
import { connectionFailures } from "../core/check";
import { VendorApiError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { registerSecret } from "../core/redact";
import { sendOnce } from "../core/send-once";
import { SDP_PATHS, sdpClientFor, type SdpClient } from "./client";
import { resolveSdpConnection } from "./connection";
import { SdpUnknownLicenseTypeError } from "./errors";
import { sdpLicense, spelledAlike } from "./license";
import { listLicenseTypes } from "./listings";

const MINUTE = 60_000;

const license = z.looseObject({
  id: z.string(),
  key: z.string().nullish(),
  assigned_from: z.string().nullish(),
  expires_at: z.string().nullish(),
  license_type: z.string(),
});
type License = z.infer<typeof license>;
/**
 * The API echoes a type in its own spelling (see `spelledAlike`): the echo is reported apart
 * (`reportedLicenseType`) and `licenseType` stays as requested, so that it causes no diff.
 */
function remoteOutputs(l: License): Record<string, unknown> {
  if (l.key) registerSecret(l.key);
  return { reportedLicenseType: l.license_type, key: l.key ?? null, assignedFrom: l.assigned_from ?? null, expiresAt: l.expires_at ?? null };
}

/** SDP answers an unknown license type with a bare 400: name the valid types (one more request, on that path only). */
async function explainUnknownType(client: SdpClient, licenseType: string, error: unknown, ctx: OperationContext): Promise<unknown> {
  if (!(error instanceof VendorApiError) || error.status !== 400) return error;
  const types = await listLicenseTypes(client, ctx.deadline).catch(() => undefined);
  if (!types || types.some((t) => t.name === licenseType)) return error;
  return new SdpUnknownLicenseTypeError(licenseType, types.map((t) => t.name));
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

/** The name GET /license_types gives the type SDP echoes as `echoed` (see `spelledAlike`); the echo itself when none is spelled alike. */
async function typeNamed(client: SdpClient, echoed: string, ctx: OperationContext): Promise<string> {
  const types = await listLicenseTypes(client, ctx.deadline);
  return (types.find((t) => t.name === echoed) ?? types.find((t) => spelledAlike(t.name, echoed)))?.name ?? echoed;
}

export const provider = defineProvider(sdpLicense, {
  label: (i) => i.licenseType,
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
        if (fresh.length > 1) throw new Error(`the answer to the create was lost and ${fresh.length} new licenses of this type appeared meanwhile (${fresh.map((l) => l.id).join(", ")}); delete the one that is not yours`);
        return fresh[0];
      },
      landedLate: (l) => ({ id: l.id, properties: remoteOutputs(l) }),
    });
    ctx.log(`license ${made.id} created`);
    return { id: made.id, outs: remoteOutputs(made) };
  },

  async read(id, olds, ctx) {
    const client = sdpClientFor(olds.connection);
    const found = await findLicense(client, id, ctx);
    if (!found) return undefined;
    if (olds.licenseType !== undefined) return remoteOutputs(found);
    // Read by its id alone (`pulumi import`): the type as GET /license_types names it, the name a create takes.
    return { licenseType: await typeNamed(client, found.license_type, ctx), ...remoteOutputs(found) };
  },

  // Nothing is updated in place (licenseType replaces): the recorded outputs stay.
  async update(_id, olds) {
    return olds;
  },

  async delete(id, olds, ctx) {
    const res = await sdpClientFor(olds.connection).send("DELETE", SDP_PATHS.license(id), { deadline: ctx.deadline, allow404: true });
    ctx.log(res.status === 404 ? `license ${id} was already gone` : `deleted license ${id}`);
  },
});

export const descriptor = sdpLicense;
