import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { runLookup } from "../core/lookup";
import { NSX_PATHS, NsxClient } from "./client";
import { resolveNsxConnection, type NsxLookupConnection } from "./connection";

export type { NsxLookupConnection } from "./connection";

export interface VmAndVnics {
  /** The VM's instance UUID in the source vCenter. */
  vmInstanceId: string;
  /** The VM's vNICs on this logical switch (device keys as NSX gives them, e.g. "4000"). */
  vnics: string[];
}

export interface LogicalSwitchVms {
  /** The NSX logical switch's id. */
  lsId: string;
  /** The VMs attached to it, with their vNICs. */
  vmAndVnicsMapping: VmAndVnics[];
}

/** What `get_vm_group_execution_details` returns, all pages joined. */
export interface VmGroupExecutionDetails {
  /** Per logical switch, the VMs and vNICs on it (NSX's `logical_switch_id_to_vm_instance_id_and_vnics_map`). */
  logicalSwitchIdToVmInstanceIdAndVnicsMap: LogicalSwitchVms[];
  /** VMs not found in the source vCenter. */
  failedVmInstanceIds: string[];
}

/** One page of VmGroupExecutionDetails (seed l.44; NSX's schema: ListResult's cursor and result_count, the map, the failed VMs). */
const pageSchema = z.looseObject({
  cursor: z.string().nullish(),
  result_count: z.number().nullish(),
  failed_vm_instance_ids: z.array(z.string()).nullish(),
  logical_switch_id_to_vm_instance_id_and_vnics_map: z
    .array(z.looseObject({ ls_id: z.string(), vm_and_vnics_mapping: z.array(z.looseObject({ vm_instance_id: z.string(), vnics: z.array(z.union([z.string(), z.number()]).transform(String)) })) }))
    .nullish(),
});

const MAX_PAGES = 10_000;

export interface VmGroupExecutionDetailsQuery {
  /** The migration VM group's id (NSX's `group_id`, required). */
  groupId: string;
  /** The federation site (NSX's `federation_site_id`), for a federated migration. */
  federationSiteId?: string;
  /** Overrides the `nsx:*` stack config (then `NSX_*`) for this lookup. */
  connection?: NsxLookupConnection;
}

/** The VM group's logical-switch → VM/vNIC map and its failed VMs, following `cursor` pages. */
export function getVmGroupExecutionDetails(args: VmGroupExecutionDetailsQuery): Promise<VmGroupExecutionDetails> {
  if (!args.groupId) return Promise.reject(new Error("getVmGroupExecutionDetails: groupId is required"));
  return runLookup("getVmGroupExecutionDetails", async (deadline) => {
    const client = new NsxClient(resolveNsxConnection(args.connection));
    const byLs = new Map<string, VmAndVnics[]>();
    const failed = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await client.get(NSX_PATHS.vmGroupExecutionDetails, { group_id: args.groupId, federation_site_id: args.federationSiteId, cursor }, pageSchema, deadline);
      for (const id of body.failed_vm_instance_ids ?? []) failed.add(id);
      for (const entry of body.logical_switch_id_to_vm_instance_id_and_vnics_map ?? []) {
        const list = byLs.get(entry.ls_id) ?? [];
        list.push(...entry.vm_and_vnics_mapping.map((m) => ({ vmInstanceId: m.vm_instance_id, vnics: m.vnics })));
        byLs.set(entry.ls_id, list);
      }
      if (!body.cursor || body.cursor === cursor) break;
      cursor = body.cursor;
    }
    return {
      logicalSwitchIdToVmInstanceIdAndVnicsMap: [...byLs.entries()].map(([lsId, vmAndVnicsMapping]) => ({ lsId, vmAndVnicsMapping })),
      failedVmInstanceIds: [...failed],
    };
  });
}

export const getVmGroupExecutionDetailsOutput = (
  args: pulumi.Input<Omit<VmGroupExecutionDetailsQuery, "groupId" | "federationSiteId"> & { groupId: pulumi.Input<string>; federationSiteId?: pulumi.Input<string> }>,
): pulumi.Output<VmGroupExecutionDetails> => pulumi.output(args).apply((a) => getVmGroupExecutionDetails(a));
