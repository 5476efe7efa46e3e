import type { VmGroupExecutionDetails } from "./execution-details";

/** A distributed port group of the target vCenter (from its VDS inventory). */
export interface DvPortGroup {
  /** The port group's key (what a vNIC's backing names). */
  key: string;
  /** "nsx" for an NSX-backed port group. */
  backingType: string;
  /** The NSX logical switch behind it, for an NSX-backed port group. */
  logicalSwitchUuid?: string | null;
  /** config.distributedVirtualSwitch.uuid */
  switchUuid: string;
}

/** VDS 6.x migrates to NVDS opaque networks; VDS 7.0 and later to NSX-backed DVPGs. */
export type MigrationTarget = { vds: "6.x" } | { vds: "7+"; portGroups: DvPortGroup[] };

export interface VmVnics {
  /** The VM's instance UUID. */
  vmInstanceUuid: string;
  /** Device keys of the VM's vNICs, e.g. 4000, 4001. */
  vnicKeys: number[];
}

/** A vNIC's new backing: an NVDS opaque network (VDS 6.x) or a port on an NSX-backed DVPG (VDS 7+). */
export type VnicBacking =
  | {
      /** "opaqueNetwork": the vNIC joins an NVDS opaque network (VDS 6.x). */
      type: "opaqueNetwork";
      /** The opaque network's id: the NSX logical switch's id. */
      opaqueNetworkId: string;
      /** Always "nsx.LogicalSwitch". */
      opaqueNetworkType: "nsx.LogicalSwitch";
    }
  | {
      /** "distributedVirtualPort": the vNIC joins the NSX-backed port group of its logical switch (VDS 7+). */
      type: "distributedVirtualPort";
      /** The port group's key (DvPortGroup.key). */
      portgroupKey: string;
      /** The port group's distributed switch uuid (DvPortGroup.switchUuid). */
      switchUuid: string;
    };

export interface PlannedVnic {
  /** The VM's instance UUID. */
  vmInstanceUuid: string;
  /** The vNIC's device key. */
  vnicKey: number;
  /** `<vmInstanceUuid>:<vnicKey>`, set as the device's externalId. */
  externalId: string;
  /** The logical switch the vNIC is on. */
  lsId: string;
  /** The backing to give the vNIC on the target. */
  backing: VnicBacking;
}

export interface VnicPlan {
  /** Each vNIC found in the map, with its new backing. */
  vnics: PlannedVnic[];
  /** vNICs absent from the map: left as they are. */
  skipped: {
    /** The VM's instance UUID. */
    vmInstanceUuid: string;
    /** The vNIC's device key. */
    vnicKey: number;
  }[];
}

/**
 * The seed's algorithm: a map of vmInstanceUuid → (vnic → ls_id) from the execution details; per
 * VM vNIC, skip it when absent, else VIF id `<uuid>:<vnic>` and a backing: an opaque network
 * (`nsx.LogicalSwitch`, ls_id) for VDS 6.x, or the NSX-backed DVPG of that logical switch (map
 * built once from port groups with backingType "nsx" and a logicalSwitchUuid) for VDS 7+.
 */
export function planVnicBackings(details: VmGroupExecutionDetails, target: MigrationTarget, vms: VmVnics[]): VnicPlan {
  const lsByVmVnic = new Map<string, Map<string, string>>();
  for (const { lsId, vmAndVnicsMapping } of details.logicalSwitchIdToVmInstanceIdAndVnicsMap) {
    for (const { vmInstanceId, vnics } of vmAndVnicsMapping) {
      const byVnic = lsByVmVnic.get(vmInstanceId) ?? new Map<string, string>();
      for (const vnic of vnics) byVnic.set(String(vnic), lsId);
      lsByVmVnic.set(vmInstanceId, byVnic);
    }
  }
  const dvpgByLs = new Map<string, { key: string; switchUuid: string }>();
  if (target.vds === "7+") {
    for (const pg of target.portGroups) {
      if (pg.backingType === "nsx" && pg.logicalSwitchUuid && pg.logicalSwitchUuid.trim() !== "") dvpgByLs.set(pg.logicalSwitchUuid, { key: pg.key, switchUuid: pg.switchUuid });
    }
  }

  const plan: VnicPlan = { vnics: [], skipped: [] };
  for (const vm of vms) {
    for (const vnicKey of vm.vnicKeys) {
      const lsId = lsByVmVnic.get(vm.vmInstanceUuid)?.get(String(vnicKey));
      if (lsId === undefined) {
        plan.skipped.push({ vmInstanceUuid: vm.vmInstanceUuid, vnicKey });
        continue;
      }
      let backing: VnicBacking;
      if (target.vds === "6.x") backing = { type: "opaqueNetwork", opaqueNetworkId: lsId, opaqueNetworkType: "nsx.LogicalSwitch" };
      else {
        const dvpg = dvpgByLs.get(lsId);
        if (!dvpg) throw new Error(`no NSX-backed distributed port group in the target vCenter for logical switch ${lsId} (needed by VM ${vm.vmInstanceUuid} vNIC ${vnicKey})`);
        backing = { type: "distributedVirtualPort", portgroupKey: dvpg.key, switchUuid: dvpg.switchUuid };
      }
      plan.vnics.push({ vmInstanceUuid: vm.vmInstanceUuid, vnicKey, externalId: `${vm.vmInstanceUuid}:${vnicKey}`, lsId, backing });
    }
  }
  return plan;
}
