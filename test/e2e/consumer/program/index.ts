// A user's program written from the README's examples, compiled by test/e2e/consumer-compile.test.ts
// against the packed package. It is type-checked only, never run.
import * as pulumi from "@pulumi/pulumi";
import {
  BackupProxyFleet,
  BackupTenant,
  DedicatedVsphereCluster,
  getSdpLicenseTypesOutput,
  getVmGroupExecutionDetailsOutput,
  planVnicBackings,
  ProtectedHypervisor,
  ScpBackupProxyImage,
  ScpBackupProxyVm,
  ScpVmaImage,
  SdpGuestVmLicense,
  SdpLicense,
  SdpServer,
  SdpVcenter,
  SdpVsphereContract,
  SppHypervisor,
  VspcApiKey,
  VspcCompany,
} from "pulumi-backup-infra";
import { startAllEmulators } from "pulumi-backup-infra/emulators";
import { PROVIDER_TOKENS } from "pulumi-backup-infra/registry";

const cfg = new pulumi.Config();
const vcenter = new SppHypervisor("vcenter-01", {
  hostAddress: "vcenter01.example.com",
  type: "vmware",
  username: "administrator@vsphere.local",
  password: cfg.requireSecret("vcenterPassword"),
  waitForInventory: true,
  timeouts: { create: "30m", read: "2m", update: "10m", delete: "5m" },
});
export const sppHypervisorId = vcenter.id;
export const inventoryStatus: pulumi.Output<string | null> = vcenter.inventoryStatus;

const company = new VspcCompany("acme", {
  organization: { name: "Acme Corp", email: "backup@acme.example" },
  ownerUserName: "acme-owner",
  ownerPassword: cfg.requireSecret("ownerPassword"),
  companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 10 } } },
});
const key = new VspcApiKey("key", { userUid: company.ownerUserUid, scopes: ["rest"], isReadAccessOnly: true, description: "reporting" });
export const keyScopes: pulumi.Output<string[]> = key.scopes;
export const keyReadOnly: pulumi.Output<boolean> = key.isReadAccessOnly;

const server = new SdpServer("esx-01", {
  name: "esx-01",
  adminPass: cfg.requireSecret("esxiAdminPassword"),
  imageRef: "image",
  flavorRef: "flavor",
  networks: [{ uuid: "net-data", segmentationId: 2001 }, { uuid: "net-storage", segmentationId: 2002 }],
});
export const serverStatus = server.status;
const license = new SdpLicense("vc-license", { licenseType: "vCenter Server 6.x Standard" });
new SdpVcenter("vc", { password: cfg.requireSecret("vcenterPassword"), licenseId: license.id });
new SdpVsphereContract("contract", { contractYear: 1, cores: 16 });
export const licenseTypes = getSdpLicenseTypesOutput();
export const groupDetails = getVmGroupExecutionDetailsOutput({ groupId: "g1" });
export const plan = planVnicBackings;

const image = new ScpBackupProxyImage("proxy-image", { sourceVmId: "vm-proxy-template", name: "acme-proxy", ownerId: "admin" });
new ScpBackupProxyVm("proxy-1", { imageId: image.id, name: "acme-proxy-1", azId: "az-1", storageTagId: "tag-ssd", cores: 2, memoryMb: 4096, networks: [{ vpcId: "vpc", subnetId: "subnet" }] });

const copy = new ScpVmaImage("proxy-image-az-2", { vmaPath: "./acme-proxy.vma", sha256: "0".repeat(64), name: "acme-proxy-az-2", azId: "az-2", ownerId: "admin" });
export const uploadVerified: pulumi.Output<boolean> = copy.verified;

const cluster = new DedicatedVsphereCluster("dc1", {
  serverNamePrefix: "acme-esx", serverCount: 3, imageRef: "image", flavorRef: "flavor",
  networks: [{ uuid: "net-data", plane: "data", segmentationId: 2001 }, { uuid: "net-storage", plane: "storage", segmentationId: 2002 }],
  adminPass: cfg.requireSecret("esxiAdminPassword"), vcenterPassword: cfg.requireSecret("vcenterPassword"),
  contract: { contractYear: 1 },
});
new ProtectedHypervisor("vc1", { hostAddress: cluster.vcenterAddress, username: "administrator@vsphere.local", password: cfg.requireSecret("vcenterPassword") });
const tenant = new BackupTenant("acme-tenant", { organization: { name: "Acme Corp", email: "backup@acme.example" }, ownerUserName: "acme-owner", ownerPassword: cfg.requireSecret("ownerPassword") });
export const tenantKey = tenant.ownerApiKey;
const guest = new SdpGuestVmLicense("vbr-windows", { serverId: cluster.servers[0].id, vmName: "acme-vbr", licenseTypes: ["Windows Server"] });
export const guestLicenseMessage: pulumi.Output<string | null> = guest.message;
const pooled = new BackupProxyFleet("pooled-proxies", {
  sourceVmId: "vm-proxy-template", imageName: "acme-proxy-golden", ownerId: "admin", vmNamePrefix: "acme-pp",
  sourceAzId: "az-1", pools: [{ azId: "az-1", count: 2 }, { azId: "az-2", count: 1, storageTagId: "tag-hdd" }], maxParallelUploads: 1,
  storageTagId: "tag-ssd", networks: [{ vpcId: "vpc", subnetId: "subnet" }],
});
export const pools: pulumi.Output<{ azId: string; imageId: string; uploaded: boolean; vmIds: string[] }[]> = pooled.pools;
new BackupProxyFleet("proxies", { sourceVmId: "vm-proxy-template", imageName: "acme-proxy", ownerId: "admin", vmNamePrefix: "acme-proxy", count: 4, availabilityZones: ["az-1", "az-2"], storageTagId: "tag-ssd", networks: [{ vpcId: "vpc", subnetId: "subnet" }] });

export const tokens: readonly string[] = PROVIDER_TOKENS;
export async function emulatorUrls(): Promise<string[]> {
  const emulators = await startAllEmulators();
  try {
    return [emulators.spp.url, emulators.vspc.url];
  } finally {
    await emulators.close();
  }
}
