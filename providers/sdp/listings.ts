import { z } from "zod";
import type { Deadline } from "../core/deadline";
import { SDP_PATHS, type SdpClient } from "./client";

/** Listings that a resource and a lookup function both read. */

export const licenseTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  has_license_key: z.boolean().nullish(),
  license_switch: z.boolean().nullish(),
  unit: z.string().nullish(),
  description: z.string().nullish(),
});
export type LicenseType = z.infer<typeof licenseTypeSchema>;

/** GET /license_types: the types a license can be created with. */
export async function listLicenseTypes(client: SdpClient, deadline: Deadline): Promise<LicenseType[]> {
  return (await client.answer("GET", SDP_PATHS.licenseTypes, z.looseObject({ license_types: z.array(licenseTypeSchema) }), { deadline })).license_types;
}

const addresses = z.looseObject({ addresses: z.array(z.looseObject({ address: z.string(), in_use: z.boolean() })) });

/** GET /vcenters/addresses: the link-local addresses SDP offers for a vCenter, and which are in use. */
export async function listVcenterAddresses(client: SdpClient, deadline: Deadline): Promise<{ address: string; in_use: boolean }[]> {
  return (await client.answer("GET", SDP_PATHS.vcenterAddresses, addresses, { deadline })).addresses;
}
