import { createHash } from "node:crypto";
import { statusOf, type Server, type Vcenter } from "./state";

function macFor(id: string, n: number): string {
  const h = createHash("sha256").update(`${id}/${n}`).digest("hex");
  return ["0a", h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10)].join(":");
}

/** A server in the detail shape of the seed's samples (adminPass is never returned). */
export function serverDetailView(s: Server, tenantId: string, now: number) {
  const status = statusOf(s, now);
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
      nic_physical_ports: s.networks.map((n, i) => ({
        id: `${s.id.slice(0, 8)}-nic-${i}`,
        mac_addr: macFor(s.id, i),
        network_physical_port_id: `${s.id.slice(0, 8)}-pp-${i}`,
        plane: (n.plane as string | undefined) ?? "data",
        attached_ports: [],
        hardware_id: `${s.id.slice(0, 8)}-hw-${i}`,
      })),
      "chassis-status": { "chassis-power": status === "ACTIVE", "power-supply": true, cpu: true, memory: true, fan: true, disk: 0, nic: true, "system-board": true, etc: true },
      media_attachments: [],
    },
    cfgw_connection_status: status === "ACTIVE",
  };
}

/** A registered vCenter: metering fields are null until metering has run (`meteringMs` after registration). */
export function vcenterView(v: Vcenter, now: number, meteringMs: number) {
  const metered = now >= v.registeredAt + meteringMs;
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
