import * as resources from "../providers";
import type { Estate, Vendor } from "./estate";
import { sppInventoryIdle } from "./spp-idle";

export type Op = "create" | "read" | "update" | "delete";
export const OPS: readonly Op[] = ["create", "read", "update", "delete"];

/** What the resources under test need from the estate: an existing user, a source VM and an image. */
export interface Fixtures {
  vspcAdminUid: string;
  scpSourceVmId: string;
  scpImageId: string;
}

/** One resource type driven through create, read, update and delete. */
export interface Subject {
  /** Row label: the resource type, with a variant in brackets. */
  label: string;
  type: string;
  vendor: Vendor;
  /** Declares one resource of the type under setMocks, for its serialised `__provider`. */
  declare(): void;
  /** The inputs of the `i`-th resource (plain, as the engine sends them, without `__provider`). */
  args(i: number): Record<string, unknown>;
  /** Inputs changed by the in-place update. */
  change(i: number): Record<string, unknown>;
  /** Operations that wait for the server (status polls): their time includes the waiter's sleeps. */
  waits: readonly Op[];
  /** Operations reported (default: all four). */
  report?: readonly Op[];
  /** Measured lifecycles (after one warm-up). */
  iterations: number;
  /** Runs before each create. */
  before?(estate: Estate): Promise<void>;
}

const TIMEOUTS = { create: "2m", update: "2m", delete: "2m" };
const ESX_PASS = "Bench-Esxi-Passw0rd";
const VC_PASS = "Bench-VC-Passw0rd";
const NETWORKS = [
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
];

const spp = (i: number, prefix: string) => ({ hostAddress: `${prefix}-${i}.vc.example`, type: "vmware", username: "administrator@vsphere.local", password: VC_PASS, timeouts: TIMEOUTS });

export function subjects(f: Fixtures): Subject[] {
  return [
    {
      label: "SppHypervisor",
      type: "SppHypervisor",
      vendor: "spp",
      declare: () => new resources.SppHypervisor("s", { hostAddress: "h", type: "vmware", username: "u", password: VC_PASS }),
      args: (i) => spp(i, "bench"),
      change: () => ({ snapshotConcurrency: 8 }),
      waits: [],
      iterations: 10,
    },
    {
      label: "SppHypervisor (waitForInventory)",
      type: "SppHypervisor",
      vendor: "spp",
      declare: () => new resources.SppHypervisor("s", { hostAddress: "h", type: "vmware", username: "u", password: VC_PASS, waitForInventory: true }),
      args: (i) => ({ ...spp(i, "bench-inventory"), waitForInventory: true }),
      change: () => ({ snapshotConcurrency: 8 }),
      waits: ["create"],
      report: ["create"],
      iterations: 3,
      before: (estate) => sppInventoryIdle(estate.spp),
    },
    {
      label: "VspcCompany",
      type: "VspcCompany",
      vendor: "vspc",
      declare: () => new resources.VspcCompany("s", { organization: { name: "n" }, ownerUserName: "o", ownerPassword: "Bench-Owner-Passw0rd" }),
      args: (i) => ({ organization: { name: `BenchCo ${i}`, city: "Lisbon" }, ownerUserName: `benchco-${i}-owner`, ownerPassword: "Bench-Owner-Passw0rd", timeouts: TIMEOUTS }),
      change: (i) => ({ organization: { name: `BenchCo ${i}`, city: "Porto" } }),
      waits: [],
      iterations: 10,
    },
    {
      label: "VspcApiKey",
      type: "VspcApiKey",
      vendor: "vspc",
      declare: () => new resources.VspcApiKey("s", { userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000", scopes: ["rest"] }),
      args: (i) => ({ userUid: f.vspcAdminUid, scopes: ["rest"], description: `bench ${i}`, timeouts: TIMEOUTS }),
      change: (i) => ({ description: `bench ${i} v2` }),
      waits: [],
      iterations: 10,
    },
    {
      label: "SdpServer",
      type: "SdpServer",
      vendor: "sdp",
      declare: () => new resources.SdpServer("s", { name: "n", adminPass: ESX_PASS, imageRef: "i", flavorRef: "f", networks: NETWORKS }),
      args: (i) => ({ name: `bench-esx-${i}`, adminPass: ESX_PASS, imageRef: "img", flavorRef: "flv", networks: NETWORKS, timeouts: TIMEOUTS }),
      change: (i) => ({ name: `bench-esx-${i}-renamed` }),
      waits: ["create", "delete"],
      iterations: 3,
    },
    {
      label: "SdpLicense",
      type: "SdpLicense",
      vendor: "sdp",
      declare: () => new resources.SdpLicense("s", { licenseType: "vCenter Server 5.5 Standard" }),
      args: () => ({ licenseType: "vCenter Server 5.5 Standard", timeouts: TIMEOUTS }),
      change: () => ({}),
      waits: [],
      iterations: 10,
    },
    {
      label: "SdpVcenter",
      type: "SdpVcenter",
      vendor: "sdp",
      declare: () => new resources.SdpVcenter("s", { password: VC_PASS, licenseId: "l" }),
      args: (i) => ({ linkLocalAddress: `169.254.127.${10 + i}`, password: VC_PASS, licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f", timeouts: TIMEOUTS }),
      change: () => ({ password: "Bench-Rotated-Passw0rd" }),
      waits: [],
      iterations: 10,
    },
    {
      label: "SdpVsphereContract",
      type: "SdpVsphereContract",
      vendor: "sdp",
      declare: () => new resources.SdpVsphereContract("s", { contractYear: 1, cores: 16 }),
      args: () => ({ contractYear: 1, cores: 16, timeouts: TIMEOUTS }),
      change: () => ({ cores: 24 }),
      waits: [],
      iterations: 10,
    },
    {
      label: "ScpBackupProxyImage",
      type: "ScpBackupProxyImage",
      vendor: "scp",
      declare: () => new resources.ScpBackupProxyImage("s", { sourceVmId: "v", name: "n", ownerId: "o" }),
      args: (i) => ({ sourceVmId: f.scpSourceVmId, name: `bench-image-${i}`, ownerId: "admin", timeouts: TIMEOUTS }),
      change: () => ({ description: "v2" }),
      waits: ["create", "delete"],
      iterations: 5,
    },
    {
      label: "ScpBackupProxyVm",
      type: "ScpBackupProxyVm",
      vendor: "scp",
      declare: () => new resources.ScpBackupProxyVm("s", { imageId: "i", name: "n", azId: "a", storageTagId: "t", cores: 1, memoryMb: 1, networks: [] }),
      args: (i) => ({ imageId: f.scpImageId, name: `bench-proxy-${i}`, azId: "az-1", storageTagId: "tag-1", cores: 2, memoryMb: 4096, networks: [{ vpcId: "vpc", subnetId: "subnet" }], timeouts: TIMEOUTS }),
      change: (i) => ({ name: `bench-proxy-${i}-renamed` }),
      waits: ["create", "update", "delete"],
      iterations: 5,
    },
  ];
}

export function urnOf(s: Pick<Subject, "type" | "vendor">, name: string): string {
  return `urn:pulumi:bench::backup-infra::pulumi-nodejs:dynamic/${s.vendor}:${s.type}::${name}`;
}
