// The example estate of release 0.1.0 (examples/estate at b1ee879), as test/upgrade/capture.ts ran it.
import * as pulumi from "@pulumi/pulumi";
import { ManagedBackupEstate } from "pulumi-backup-infra";
import { estateArgs } from "./estate";

// The example estate: one tenant end to end. Vendor connections come from the stack config
// (spp:*, vspc:*, sdp:*, scp:*); `npm run demo` points them at the local emulators.
const estate = new ManagedBackupEstate("acme", estateArgs(new pulumi.Config("estate")));

export const serverIds = estate.cluster.serverIds;
export const vcenterAddress = estate.cluster.vcenterAddress;
export const sppHypervisorId = estate.protection.hypervisorId;
export const sppInventoryStatus = estate.protection.inventoryStatus;
export const tenantCompanyUid = estate.tenant.companyUid;
export const tenantPortalUrl = estate.tenant.portalUrl;
export const tenantApiKey = estate.tenant.ownerApiKey;
export const proxyVmIds = estate.proxies.vmIds;
