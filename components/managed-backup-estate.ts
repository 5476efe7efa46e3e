import * as pulumi from "@pulumi/pulumi";
import { BackupProxyFleet, type BackupProxyFleetArgs } from "./backup-proxy-fleet";
import { BackupTenant, type BackupTenantArgs } from "./backup-tenant";
import { DedicatedVsphereCluster, type DedicatedVsphereClusterArgs } from "./dedicated-vsphere-cluster";
import { ProtectedHypervisor } from "./protected-hypervisor";

export interface ManagedBackupEstateArgs {
  /** The dedicated vSphere cluster (DedicatedVsphereCluster). */
  cluster: DedicatedVsphereClusterArgs;
  /** How SPP reaches the cluster's vCenter. */
  protection: {
    /** The vCenter user SPP registers the cluster's vCenter with; its password is the cluster's vcenterPassword. */
    vcenterUsername: pulumi.Input<string>;
    /** VMs processed concurrently per ESX server (SPP's default 3). */
    snapshotConcurrency?: pulumi.Input<number>;
    /** Default true: wait for the first inventory. */
    waitForInventory?: pulumi.Input<boolean>;
  };
  /** The VSPC tenant (BackupTenant). */
  tenant: BackupTenantArgs;
  /** The SCP backup-proxy fleet (BackupProxyFleet). */
  proxies: BackupProxyFleetArgs;
}

/** One tenant end to end: a dedicated vSphere cluster, its vCenter protected by SPP, the VSPC tenant, the proxy fleet. */
export class ManagedBackupEstate extends pulumi.ComponentResource {
  /** The dedicated vSphere cluster (DedicatedVsphereCluster). */
  readonly cluster: DedicatedVsphereCluster;
  /** The cluster's vCenter registered with SPP (ProtectedHypervisor). */
  readonly protection: ProtectedHypervisor;
  /** The VSPC tenant (BackupTenant). */
  readonly tenant: BackupTenant;
  /** The SCP backup-proxy fleet (BackupProxyFleet). */
  readonly proxies: BackupProxyFleet;

  constructor(name: string, args: ManagedBackupEstateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("backupinfra:index:ManagedBackupEstate", name, {}, opts);
    const parent = { parent: this };
    this.cluster = new DedicatedVsphereCluster(`${name}-cluster`, args.cluster, parent);
    this.protection = new ProtectedHypervisor(`${name}-protection`, {
      hostAddress: this.cluster.vcenterAddress,
      username: args.protection.vcenterUsername,
      password: args.cluster.vcenterPassword,
      snapshotConcurrency: args.protection.snapshotConcurrency,
      waitForInventory: args.protection.waitForInventory,
    }, parent);
    this.tenant = new BackupTenant(`${name}-tenant`, args.tenant, parent);
    this.proxies = new BackupProxyFleet(`${name}-proxies`, args.proxies, parent);
    this.registerOutputs({
      serverIds: this.cluster.serverIds,
      vcenterAddress: this.cluster.vcenterAddress,
      sppHypervisorId: this.protection.hypervisorId,
      tenantCompanyUid: this.tenant.companyUid,
      tenantPortalUrl: this.tenant.portalUrl,
      proxyVmIds: this.proxies.vmIds,
      proxyPools: this.proxies.pools,
    });
  }
}
