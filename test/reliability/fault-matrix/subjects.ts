import type { ScpEmulator, SdpEmulator, SppEmulator, VspcEmulator } from "../../../emulators";
import type { Op } from "./faults";

type Props = Record<string, unknown>;

/** One resource type as the matrix drives it. `NAME` in `args` is replaced by each cell's own name. */
export interface Subject {
  type: string;
  /** The class the program would construct (captured once for its `__provider`). */
  className: string;
  args: Props;
  /** The update the `update` column applies; absent when the type has no in-place update. */
  change?: (inputs: Props) => Props;
  /** Ids of the matrix's objects of this type that the vendor holds now. */
  present(): string[];
  /** Operations that wait on a vendor task, and the knob that makes such tasks fail. */
  taskOps: readonly Op[];
  failTasks(fail: boolean): void;
}

export const NAME = "fm-NAME";
const isMatrix = (name: string | null | undefined): boolean => Boolean(name?.startsWith("fm-"));

export function sppSubjects(emu: SppEmulator): Subject[] {
  return [
    {
      type: "SppHypervisor",
      className: "SppHypervisor",
      args: { hostAddress: `${NAME}.example`, type: "vmware", username: "administrator@vsphere.local", password: "Matrix-VC-Passw0rd" },
      change: (i) => ({ ...i, snapshotConcurrency: 8 }),
      present: () => emu.inventory().hypervisors.filter((h) => isMatrix(h.hostAddress)).map((h) => h.id),
      taskOps: ["create"],
      failTasks: (fail) => emu.setKnobs({ inventoryFails: fail }),
    },
  ];
}

export function vspcSubjects(emu: VspcEmulator, keyOwnerUid: string): Subject[] {
  const failTasks = (fail: boolean): void => emu.setKnobs({ asyncFails: fail });
  return [
    {
      type: "VspcCompany",
      className: "VspcCompany",
      args: {
        organization: { name: NAME, email: "ops@matrix.example" },
        ownerUserName: `${NAME}-owner`,
        ownerPassword: "Matrix-Owner-Passw0rd",
        companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupServersManagement: { backupServerQuota: 2 } } },
      },
      change: (i) => ({ ...i, organization: { ...(i.organization as Props), city: "Porto" } }),
      present: () => emu.inventory().companies.filter((c) => isMatrix(c.name)).map((c) => c.instanceUid),
      taskOps: ["create", "delete"],
      failTasks,
    },
    {
      type: "VspcApiKey",
      className: "VspcApiKey",
      args: { userUid: keyOwnerUid, scopes: ["rest"], isReadAccessOnly: true, description: NAME },
      change: (i) => ({ ...i, enabled: false }),
      present: () => emu.inventory().logins.filter((l) => isMatrix(l.description)).map((l) => String(l.id)),
      taskOps: [],
      failTasks,
    },
  ];
}

export function sdpSubjects(emu: SdpEmulator): Subject[] {
  const failTasks = (fail: boolean): void => emu.setKnobs({ failBuilds: fail });
  const networks = [
    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
    { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
  ];
  return [
    {
      type: "SdpServer",
      className: "SdpServer",
      args: { name: NAME, adminPass: "Matrix-Esxi-Passw0rd", imageRef: "img", flavorRef: "flv", networks },
      change: (i) => ({ ...i, name: `${String(i.name)}-renamed` }),
      present: () => emu.inventory().servers.filter((s) => isMatrix(s.name)).map((s) => s.id),
      taskOps: ["create"],
      failTasks,
    },
    {
      type: "SdpLicense",
      className: "SdpLicense",
      args: { licenseType: "vCenter Server 5.5 Standard" },
      present: () => emu.inventory().licenses.map((l) => String(l.id)),
      taskOps: [],
      failTasks,
    },
    {
      type: "SdpVcenter",
      className: "SdpVcenter",
      args: { linkLocalAddress: "169.254.127.140", password: "Matrix-Vcenter-Passw0rd", licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f" },
      change: (i) => ({ ...i, password: "Matrix-Rotated-Passw0rd" }),
      present: () => emu.inventory().vcenters.map((v) => v.id),
      taskOps: [],
      failTasks,
    },
    {
      type: "SdpVsphereContract",
      className: "SdpVsphereContract",
      args: { contractYear: 1, cores: 16 },
      change: (i) => ({ ...i, cores: 24 }),
      present: () => emu.contracts().map((c) => `vsphere-contract-${c.contract_year}`),
      taskOps: [],
      failTasks,
    },
  ];
}

export function scpSubjects(emu: ScpEmulator, sourceVmId: string, imageId: string): Subject[] {
  const failTasks = (fail: boolean): void => emu.setKnobs({ failTasks: fail });
  return [
    {
      type: "ScpBackupProxyImage",
      className: "ScpBackupProxyImage",
      args: { sourceVmId, name: NAME, ownerId: "admin" },
      change: (i) => ({ ...i, description: "matrix v2" }),
      present: () => emu.inventory().images.filter((i) => isMatrix(i.name)).map((i) => i.id),
      taskOps: ["create", "update", "delete"],
      failTasks,
    },
    {
      type: "ScpBackupProxyVm",
      className: "ScpBackupProxyVm",
      args: { imageId, name: NAME, azId: "az-1", storageTagId: "tag-1", cores: 2, memoryMb: 4096, networks: [{ vpcId: "vpc", subnetId: "subnet" }] },
      change: (i) => ({ ...i, name: `${String(i.name)}-renamed` }),
      present: () => emu.inventory().servers.filter((s) => isMatrix(s.name)).map((s) => s.id),
      taskOps: ["create", "update", "delete"],
      failTasks,
    },
  ];
}
