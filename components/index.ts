export { DedicatedVsphereCluster, type DedicatedVsphereClusterArgs } from "./dedicated-vsphere-cluster";
export { ProtectedHypervisor, type ProtectedHypervisorArgs } from "./protected-hypervisor";
export { BackupTenant, type BackupTenantArgs } from "./backup-tenant";
export { BackupProxyFleet, type BackupProxyFleetArgs, type BackupProxyFleetSpreadArgs, type BackupProxyFleetPoolsArgs, type BackupProxyPool, type BackupProxyPoolResult } from "./backup-proxy-fleet";
export { ManagedBackupEstate, type ManagedBackupEstateArgs } from "./managed-backup-estate";
