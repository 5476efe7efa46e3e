import { z } from "zod";
import { timeoutsSchema } from "../core/duration";

export const sdpConnectionSchema = z
  .object({
    authUrl: z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL such as https://keystone-jp1-ecl.api.ntt.com/v3" }).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(4, { message: "must be at least 4 characters" }).optional(),
    tenantId: z.string().min(1).optional(),
    userDomain: z.string().min(1).optional(),
    endpoint: z.string().regex(/^https?:\/\/[^/]+/, { message: "must be an http(s) URL" }).optional(),
    caCert: z.string().min(1).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

export const serverNetworkSchema = z
  .object({
    uuid: z.string().min(1).optional(),
    port: z.string().min(1).optional(),
    fixedIp: z.ipv4({ message: "must be an IPv4 address" }).optional(),
    plane: z.enum(["data", "storage"], { message: 'must be "data" or "storage"' }).optional(),
    segmentationId: z.number().int().min(4, { message: "must be between 4 and 4093" }).max(4093, { message: "must be between 4 and 4093" }).optional(),
  })
  .strict()
  .refine((n) => (n.uuid === undefined) !== (n.port === undefined), { message: "give exactly one of uuid or port" });

export const sdpServerSchema = z.object({
  name: z.string().trim().min(1, { message: "is required" }).max(255),
  description: z.string().max(255).optional(),
  adminPass: z.string().min(8, { message: "must be at least 8 characters" }),
  imageRef: z.string().min(1, { message: "is required" }),
  flavorRef: z.string().min(1, { message: "is required" }),
  networks: z.array(serverNetworkSchema).min(2, { message: "must have 2 to 4 networks" }).max(4, { message: "must have 2 to 4 networks" }),
  availabilityZone: z.string().min(1).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  adopt: z.boolean().optional(),
  timeouts: timeoutsSchema.optional(),
  connection: sdpConnectionSchema.optional(),
});
export type SdpServerInputs = z.infer<typeof sdpServerSchema>;

export const serverDetail = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  hypervisor_type: z.string().nullish(),
  status: z.string(),
  baremetal_server: z
    .looseObject({
      "OS-EXT-STS:power_state": z.string().nullish(),
      "OS-EXT-AZ:availability_zone": z.string().nullish(),
      nic_physical_ports: z.array(z.looseObject({ id: z.string(), mac_addr: z.string().nullish(), plane: z.string().nullish(), hardware_id: z.string().nullish() })).nullish(),
      "chassis-status": z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
  cfgw_connection_status: z.boolean().nullish(),
});
export type ServerDetail = z.infer<typeof serverDetail>;
