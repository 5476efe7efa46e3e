import * as pulumi from "@pulumi/pulumi";
import { ManagedBackupEstate, SdpGuestVmLicense } from "pulumi-backup-infra";
import { estateArgs } from "./estate";

// The example estate: one tenant end to end. Vendor connections come from the stack config
// (spp:*, vspc:*, sdp:*, scp:*); `npm run demo` points them at the local emulators.
const config = new pulumi.Config("estate");
const estate = new ManagedBackupEstate("acme", estateArgs(config));

// The tenant's backup server runs as a guest VM on the first dedicated hypervisor: SDP meters its
// Windows Server license from this (there is no call to take it off again; see the README).
const guestLicense = new SdpGuestVmLicense("acme-guest-license", {
  serverId: estate.cluster.servers[0].id,
  vmName: config.get("guestVmName") ?? "acme-veeam-vbr",
  licenseTypes: [config.get("guestLicenseType") ?? "Windows Server"],
});

export const serverIds = estate.cluster.serverIds;
export const vcenterAddress = estate.cluster.vcenterAddress;
export const sppHypervisorId = estate.protection.hypervisorId;
export const sppInventoryStatus = estate.protection.inventoryStatus;
export const tenantCompanyUid = estate.tenant.companyUid;
export const tenantPortalUrl = estate.tenant.portalUrl;
export const tenantApiKey = estate.tenant.ownerApiKey;
export const proxyVmIds = estate.proxies.vmIds;
export const proxyPools = estate.proxies.pools;
export const guestLicenseStatus = guestLicense.status;
