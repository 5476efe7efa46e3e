import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor, type SppConnectionArgs } from "../providers/spp/hypervisor";

export interface ProtectedHypervisorArgs {
  hostAddress: pulumi.Input<string>;
  /** Default "vmware". */
  type?: pulumi.Input<"vmware" | "hyperv">;
  username: pulumi.Input<string>;
  /** Secret. */
  password: pulumi.Input<string>;
  snapshotConcurrency?: pulumi.Input<number>;
  /** Default true: wait for the first inventory. */
  waitForInventory?: pulumi.Input<boolean>;
  connection?: pulumi.Input<SppConnectionArgs>;
}

/** A vCenter or Hyper-V host registered with Spectrum Protect Plus, optionally with its first inventory. */
export class ProtectedHypervisor extends pulumi.ComponentResource {
  readonly hypervisor: SppHypervisor;
  readonly hypervisorId: pulumi.Output<string>;
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
