import { z } from "zod";
import { describeResource, input, output, timeoutsInput, type ArgsOf, type Inputify } from "../program/descriptor";
import { resourceClass } from "../program/resource";
import { sdpConnection } from "./connection";

const required = { message: "is required" };
const vlan = { message: "must be between 4 and 4093" };
const networkCount = { message: "must have 2 to 4 networks" };

/** One of a server's networks (SDP's `networks[]`): a logical network (`uuid`) or a port (`port`), exactly one of them. */
export type SdpServerNetwork = {
  /** The logical network's id (SDP's `uuid`); give this or `port`. */
  uuid?: string;
  /** A port's id (SDP's `port`), instead of a logical network; give this or `uuid`. */
  port?: string;
  /** The IPv4 address to give the server on this network (SDP's `fixed_ip`). */
  fixedIp?: string;
  /** Which of the server's physical NIC planes the network is on: "data" or "storage". */
  plane?: "data" | "storage";
  /** The network's VLAN id (SDP's `segmentation_id`), 4–4093. */
  segmentationId?: number;
};

const serverNetworkSchema: z.ZodType<SdpServerNetwork, SdpServerNetwork> = z
  .object({
    uuid: z.string().min(1).optional(),
    port: z.string().min(1).optional(),
    fixedIp: z.ipv4({ message: "must be an IPv4 address" }).optional(),
    plane: z.enum(["data", "storage"], { message: 'must be "data" or "storage"' }).optional(),
    segmentationId: z.number().int().min(4, vlan).max(4093, vlan).optional(),
  })
  .strict()
  .refine((n) => (n.uuid === undefined) !== (n.port === undefined), { message: "give exactly one of uuid or port" });

export const sdpServer = describeResource({
  module: "sdp",
  name: "SdpServer",
  inputs: {
    /** Updated in place. */
    name: input(z.string().trim().min(1, required).max(255), "update"),
    /** Replaces on change. */
    description: input(z.string().max(255).optional(), "replace", { recorded: z.string().nullable() }),
    /**
     * ESXi root password; write-only (SDP never reads it back), stored as a secret. Replaces on
     * change. A server brought in by `pulumi import` has none recorded: the program's adminPass is
     * then taken as it is (no replacement), and compared from the first update that records it.
     */
    adminPass: input(z.string().min(8, { message: "must be at least 8 characters" }), "replace", { secret: true, writeOnly: true }),
    /** Replaces on change. */
    imageRef: input(z.string().min(1, required), "replace"),
    /** Replaces on change. */
    flavorRef: input(z.string().min(1, required), "replace"),
    /** 2 to 4 networks. Replaces on change. */
    networks: input(z.array(serverNetworkSchema).min(2, networkCount).max(4, networkCount), "replace"),
    /** The server's zone when left out (SDP chooses it). Replaces on change. */
    availabilityZone: input(z.string().min(1).optional(), "replace", { derived: true, recorded: z.string().nullable() }),
    /** Replaces on change. */
    metadata: input(z.record(z.string(), z.string()).optional(), "replace", { recorded: z.record(z.string(), z.string()) }),
    /**
     * `true`: the server's connection to the common function gateway (CFGW) must be established.
     * After create and on every update SDP's connection is read, and when it is down SDP's update
     * call is sent to establish it again; a connection still down fails naming SDP's error type.
     * `pulumi refresh` reads it, and a connection found down is applied again by the next `up`.
     * Left out: not managed (nothing about it is read or sent). `false` is refused: SDP's update
     * takes no body and only (re)establishes, so there is no call that disconnects. Updated in place.
     */
    cfgwConnected: input(
      z
        .boolean()
        .refine((v) => v, { message: "cannot be false: SDP's CFGW update takes no body and only (re)establishes the connection; leave cfgwConnected out to not manage it" })
        .optional(),
      "update",
    ),
    /** Take over an existing server with the same name. */
    adopt: input(z.boolean().optional(), "none"),
    /** Bounds per operation as durations (`{ create: "30m", read: "2m" }`); an operation past its bound fails naming it. Never a change. */
    timeouts: timeoutsInput,
    /** Overrides the `sdp:*` stack config for this resource; stored as a secret. */
    connection: sdpConnection.input,
  },
  outputs: {
    /** SDP's status of the server: BUILD while it is made, ACTIVE when ready, ERROR. */
    status: output(z.string()),
    /** The hypervisor running on the server, e.g. "vsphere_esxi". */
    hypervisorType: output(z.string().nullable()),
    /** The server's power state as SDP reports it. */
    powerState: output(z.string().nullable()),
    /** The server's physical NIC ports: id, MAC address, plane (data or storage) and hardware id. */
    nicPhysicalPorts: output(z.array(z.object({ id: z.string(), macAddr: z.string().nullable(), plane: z.string().nullable(), hardwareId: z.string().nullable() }))),
    /** SDP's chassis health report of the server, as SDP gives it. */
    chassisStatus: output(z.record(z.string(), z.unknown()).nullable()),
    /**
     * Whether the server is connected to the common function gateway (CFGW): SDP's CFGW connection
     * status when `cfgwConnected` is set, else the server's `cfgw_connection_status`; null when SDP does not say.
     */
    cfgwConnectionStatus: output(z.boolean().nullable()),
    /** SDP's `error_type` of the CFGW connection (null when it is up or SDP gives none); read only when `cfgwConnected` is set, else null. */
    cfgwErrorType: output(z.string().nullable()),
    /** When the CFGW connection was last established (ISO 8601), null for never; read only when `cfgwConnected` is set, else null. */
    cfgwLastEstablishedAt: output(z.string().nullable()),
    /** True when create took over an existing server (adopt). */
    adopted: output(z.boolean(), { createOnly: true }),
  },
});

export type SdpServerArgs = ArgsOf<typeof sdpServer.inputs>;
/** One of a server's networks, as the program gives it. */
export type SdpServerNetworkArgs = { [K in keyof SdpServerNetwork]: Inputify<SdpServerNetwork[K]> };

/**
 * A dedicated hypervisor (vSphere ESXi server) on NTT Smart Data Platform. `pulumi import` takes
 * the server's id and proposes what SDP reports: name, description, imageRef, flavorRef,
 * availabilityZone, metadata and networks (per attached port: its logical network as `uuid`, its
 * fixed IP, its plane; SDP reports no `segmentationId`, so a program whose networks differ from
 * those replaces the server). adminPass, which SDP never reports, is the program's to give.
 */
export const SdpServer = resourceClass(sdpServer);
export type SdpServer = InstanceType<typeof SdpServer>;
