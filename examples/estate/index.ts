import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor } from "pulumi-backup-infra";

// The example estate. Connections come from the stack config (spp:url, spp:username,
// spp:password, spp:caCert); `npm run demo` points them at the local emulators.
const config = new pulumi.Config("estate");

const vcenter = new SppHypervisor("vcenter-01", {
  hostAddress: config.get("vcenterHost") ?? "vcenter01.estate.example",
  type: "vmware",
  username: config.get("vcenterUser") ?? "administrator@vsphere.local",
  password: config.getSecret("vcenterPassword") ?? pulumi.secret("vcenter-demo-password"),
  snapshotConcurrency: config.getNumber("snapshotConcurrency") ?? 3,
  waitForInventory: true,
});

export const sppHypervisorId = vcenter.id;
export const sppHypervisorName = vcenter.name;
export const sppHypervisorVersion = vcenter.version;
export const sppInventoryStatus = vcenter.inventoryStatus;
