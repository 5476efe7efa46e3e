import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor, type SppConnectionArgs } from "../providers/spp/hypervisor";

export interface ProtectedHypervisorArgs {
  /** Host name or IPv4 address of the vCenter Server or Hyper-V server. */
  hostAddress: pulumi.Input<string>;
  /** Default "vmware". */
  type?: pulumi.Input<"vmware" | "hyperv">;
  /** The hypervisor's user, with password. */
  username: pulumi.Input<string>;
  /** Secret. */
  password: pulumi.Input<string>;
  /** VMs processed concurrently per ESX or Hyper-V server (SPP's default 3). */
  snapshotConcurrency?: pulumi.Input<number>;
  /** Default true: wait for the first inventory. */
  waitForInventory?: pulumi.Input<boolean>;
  /** Overrides the `spp:*` stack config for this hypervisor; stored as a secret. */
  connection?: pulumi.Input<SppConnectionArgs>;
}

/** A vCenter or Hyper-V host registered with Spectrum Protect Plus, optionally with its first inventory. */
export class ProtectedHypervisor extends pulumi.ComponentResource {
  /** The SppHypervisor registration. */
  readonly hypervisor: SppHypervisor;
  /** SPP's id of the registration. */
  readonly hypervisorId: pulumi.Output<string>;
  /** The first inventory's final status when waited for, else null. */
  readonly inventoryStatus: pulumi.Output<string | null>;

  constructor(name: string, args: ProtectedHypervisorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("backupinfra:index:ProtectedHypervisor", name, {}, opts);
    this.hypervisor = new SppHypervisor(`${name}-hypervisor`, {
      hostAddress: args.hostAddress,
      type: args.type ?? "vmware",
      username: args.username,
      password: args.password,
      snapshotConcurrency: args.snapshotConcurrency,
      waitForInventory: args.waitForInventory ?? true,
      connection: args.connection,
    }, { parent: this });
    this.hypervisorId = this.hypervisor.id;
    this.inventoryStatus = this.hypervisor.inventoryStatus;
    this.registerOutputs({ hypervisorId: this.hypervisorId, inventoryStatus: this.inventoryStatus });
  }
}
