import type * as pulumi from "@pulumi/pulumi";
import type { ManagedBackupEstateArgs } from "pulumi-backup-infra";

/** The estate's arguments from the `estate:*` stack config (defaults for everything but secrets). */
export function estateArgs(config: pulumi.Config): ManagedBackupEstateArgs {
  const pools = (config.get("proxyPools") ?? "az-1,az-2").split(",").map((z) => z.trim());
  return {
    cluster: {
      serverNamePrefix: config.get("serverNamePrefix") ?? "acme-esx",
      serverCount: config.getNumber("serverCount") ?? 2,
      imageRef: config.get("imageRef") ?? "b5660a6e-4b46-4be3-9707-6b47221b454f",
      flavorRef: config.get("flavorRef") ?? "05184ba3-00ba-4fbc-b7a2-03b62b884931",
      networks: [
        { uuid: config.get("dataNetworkId") ?? "d32019d3-bc6e-4319-9c1d-6722fc136a22", plane: "data", segmentationId: 2001 },
        { uuid: config.get("storageNetworkId") ?? "d32019d3-bc6e-4319-9c1d-6722fc136a23", plane: "storage", segmentationId: 2002 },
      ],
      adminPass: config.requireSecret("esxiAdminPassword"),
      vcenterPassword: config.requireSecret("vcenterPassword"),
      contract: { contractYear: 1 },
    },
    protection: {
      vcenterUsername: config.get("vcenterUsername") ?? "administrator@vsphere.local",
      snapshotConcurrency: config.getNumber("snapshotConcurrency") ?? 3,
    },
    tenant: {
      organization: { name: config.get("tenantName") ?? "Acme Corp", email: config.get("tenantEmail") ?? "backup@acme.example" },
      ownerUserName: config.get("tenantOwner") ?? "acme-owner",
      ownerPassword: config.requireSecret("tenantOwnerPassword"),
      companyServices: {
        remoteServices: {
          isBackupResourcesEnabled: true,
          backupAgentsManagement: { workstationAgentsQuota: config.getNumber("workstationAgentsQuota") ?? 50, serverAgentsQuota: config.getNumber("serverAgentsQuota") ?? 20 },
          backupServersManagement: { backupServerQuota: config.getNumber("backupServerQuota") ?? 2 },
        },
      },
    },
    proxies: {
      sourceVmId: config.require("proxySourceVmId"),
      imageName: config.get("proxyImageName") ?? "acme-backup-proxy",
      ownerId: config.get("proxyImageOwnerId") ?? "admin",
      vmNamePrefix: config.get("proxyNamePrefix") ?? "acme-proxy",
      // The golden image is made in the source VM's pool and uploaded into each other pool.
      sourceAzId: config.get("proxySourceAzId") ?? "az-1",
      pools: pools.map((azId) => ({ azId, count: config.getNumber("proxiesPerPool") ?? 1 })),
      exportPath: config.get("proxyExportPath"),
      maxParallelUploads: config.getNumber("proxyParallelUploads") ?? 2,
      storageTagId: config.get("storageTagId") ?? "tag-ssd",
      networks: [{ vpcId: config.get("vpcId") ?? "vpc-backup", subnetId: config.get("subnetId") ?? "subnet-backup" }],
    },
  };
}
