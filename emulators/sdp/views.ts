import { createHash } from "node:crypto";
import { cfgwConnectionOf } from "./cfgw-state";
import { statusOf, type Server, type Vcenter } from "./state";

function macFor(id: string, n: number): string {
  const h = createHash("sha256").update(`${id}/${n}`).digest("hex");
  return ["0a", h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10)].join(":");
}

/**
 * The disk layout of a dedicated hypervisor, as the seed's detail sample gives it ("Show Server",
 * l.348-410): the flavor decides it, so every emulated server reports this one.
 */
const DISK_LAYOUT = {
  raid_arrays: [
    {
      primary_storage: true,
      raid_card_hardware_id: "fakeraid_card_uuid",
      disk_hardware_ids: ["disk0_uuid", "disk1_uuid", "disk2_uuid", "disk3_uuid"],
      partitions: [
        { lvm: true, partition_label: "partition_label" },
        { lvm: false, size: "100G", partition_label: "var" },
      ],
    },
    {
      primary_storage: false,
      raid_card_hardware_id: "fakeraid_card_uuid",
      disk_hardware_ids: ["disk4_uuid", "disk5_uuid", "disk6_uuid", "disk7_uuid"],
      raid_level: 10,
      partitions: [{ lvm: true, partition_label: "secondary-part1" }],
    },
  ],
  lvm_volume_groups: [{ vg_label: "VG_root", physical_volume_partition_labels: ["primary-part1", "secondary-part1"], logical_volumes: [{ lv_label: "LV_root" }, { size: "2G", lv_label: "LV_swap" }] }],
  filesystems: [
    { label: "LV_root", mount_point: "/", fs_type: "xfs" },
    { label: "var", mount_point: "/var", fs_type: "xfs" },
    { label: "LV_swap", mount_point: "swap" },
  ],
};

const derivedId = (id: string, what: string, n: number) => {
  const h = createHash("sha256").update(`${id}/${what}/${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The logical port a create's network entry attached to the NIC (seed l.245-255: port, network, fixed IPs). */
function attachedPort(serverId: string, n: Record<string, unknown>, i: number) {
  const fixedIp = typeof n.fixed_ip === "string" ? n.fixed_ip : undefined;
  return {
    port_id: typeof n.port === "string" ? n.port : derivedId(serverId, "port", i),
    network_id: typeof n.uuid === "string" ? n.uuid : derivedId(serverId, "network", i),
    fixed_ips: fixedIp ? [{ subnet_id: derivedId(serverId, "subnet", i), ip_address: fixedIp }] : [],
  };
}

/** A server in the detail shape of the seed's samples (adminPass is never returned). */
export function serverDetailView(s: Server, tenantId: string, now: number) {
  const status = statusOf(s, now);
  // Field names and nesting: seed "Show Server" 200 (l.305-453); the same in List Servers Detail (l.132-283) and Update Server (l.513-661).
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    hypervisor_type: "vsphere_esxi",
    imageRef: s.imageRef,
    image_name: "vSphere ESXi 7.0 U3",
    status,
    baremetal_server: {
      "OS-EXT-STS:power_state": status === "ACTIVE" ? "RUNNING" : "NOSTATE",
      "OS-EXT-STS:task_state": status === "BUILD" ? "spawning" : "None",
      "OS-EXT-STS:vm_state": status === "BUILD" ? "BUILDING" : status,
      "OS-EXT-AZ:availability_zone": s.availabilityZone,
      created: s.created,
      flavor: { id: s.flavorRef, links: [{ rel: "bookmark" }] },
      id: s.id,
      image: { id: s.imageRef, links: [{ rel: "bookmark" }] },
      links: [{ rel: "self" }, { rel: "bookmark" }],
      metadata: s.metadata,
      name: s.name,
      progress: status === "BUILD" ? 50 : 100,
      status,
      tenant_id: tenantId,
      updated: s.created,
      user_id: "emulator",
      ...DISK_LAYOUT,
      nic_physical_ports: s.networks.map((n, i) => ({
        id: `${s.id.slice(0, 8)}-nic-${i}`,
        mac_addr: macFor(s.id, i),
        network_physical_port_id: `${s.id.slice(0, 8)}-pp-${i}`,
        plane: (n.plane as string | undefined) ?? "data",
        attached_ports: [attachedPort(s.id, n, i)],
        hardware_id: `${s.id.slice(0, 8)}-hw-${i}`,
      })),
      "chassis-status": { "chassis-power": status === "ACTIVE", "power-supply": true, cpu: true, memory: true, fan: true, disk: 0, nic: true, "system-board": true, etc: true },
      media_attachments: [],
    },
    // Seed l.280, l.452: the CFGW connection's status, as Show CFGW Connection gives it.
    cfgw_connection_status: cfgwConnectionOf(s, now).status,
  };
}

/**
 * A registered vCenter (seed l.1026-1037). Its metering fields are null until metering has run
 * (`meteringMs` after registration), and always in the answer to the registration itself, as the
 * seed's register sample shows them (l.1071-1074). `now` undefined: that answer.
 */
export function vcenterView(v: Vcenter, now: number | undefined, meteringMs: number) {
  const metered = now !== undefined && now >= v.registeredAt + meteringMs;
  return {
    id: v.id,
    link_local_address: v.link_local_address,
    metering_health: metered ? true : null,
    metering_health_error_type: null,
    version: metered ? "8.0.2.00400" : null,
    instance_name: metered ? `vcenter-${v.instance}` : null,
    license_id: v.license_id,
  };
}
