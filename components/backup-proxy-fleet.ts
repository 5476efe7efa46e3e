import * as pulumi from "@pulumi/pulumi";
import { ScpBackupProxyImage } from "../providers/scp/image";
import { ScpBackupProxyVm } from "../providers/scp/vm";

export interface BackupProxyFleetArgs {
  /** The SCP VM the proxy image is made from (ScpBackupProxyImage.sourceVmId). */
  sourceVmId: pulumi.Input<string>;
  /** The name of the private backup-proxy image. */
  imageName: pulumi.Input<string>;
  /** The administrator id that owns the image (SCP's owner_id). */
  ownerId: pulumi.Input<string>;
  /** VMs `<vmNamePrefix>-1…N`, spread round-robin across `availabilityZones`. */
  vmNamePrefix: pulumi.Input<string>;
  /** How many proxy VMs: a whole number, 0 or more. */
  count: number;
  /** The resource pools (az ids) the VMs are spread across, round-robin; at least one. */
  availabilityZones: string[];
  /** The storage tag of every VM's disks. */
  storageTagId: pulumi.Input<string>;
  /** Default 4. */
  cores?: pulumi.Input<number>;
  /** Default 8192. */
  memoryMb?: pulumi.Input<number>;
  /** The networks of every VM, each a VPC and a subnet. */
  networks: pulumi.Input<
    pulumi.Input<{
      /** The VPC's id (SCP's `vpc_id`). */
      vpcId: pulumi.Input<string>;
      /** The subnet's id in that VPC (SCP's `subnet_id`). */
      subnetId: pulumi.Input<string>;
    }>[]
  >;
  /** Secret; runs once in each VM. */
  initScript?: pulumi.Input<string>;
}

/** One backup-proxy image and N proxy VMs made from it, spread across availability zones. */
export class BackupProxyFleet extends pulumi.ComponentResource {
  /** The backup-proxy image the VMs are made from. */
  readonly image: ScpBackupProxyImage;
  /** The proxy VMs, `<vmNamePrefix>-1…N`. */
  readonly vms: ScpBackupProxyVm[];
  /** The proxy VMs' ids, in order. */
  readonly vmIds: pulumi.Output<string[]>;

  constructor(name: string, args: BackupProxyFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("backupinfra:index:BackupProxyFleet", name, {}, opts);
    if (args.availabilityZones.length === 0) throw new Error(`BackupProxyFleet ${name}: give at least one availability zone`);
    if (!Number.isInteger(args.count) || args.count < 0) throw new Error(`BackupProxyFleet ${name}: count must be a whole number`);
    this.image = new ScpBackupProxyImage(`${name}-image`, { sourceVmId: args.sourceVmId, name: args.imageName, ownerId: args.ownerId }, { parent: this });
    this.vms = Array.from({ length: args.count }, (_, i) =>
      new ScpBackupProxyVm(`${name}-vm-${i + 1}`, {
        imageId: this.image.id,
        name: pulumi.interpolate`${args.vmNamePrefix}-${i + 1}`,
        azId: args.availabilityZones[i % args.availabilityZones.length],
        storageTagId: args.storageTagId,
        cores: args.cores ?? 4,
        memoryMb: args.memoryMb ?? 8192,
        networks: args.networks,
        initScript: args.initScript,
      }, { parent: this }),
    );
    this.vmIds = pulumi.all(this.vms.map((v) => v.id));
    this.registerOutputs({ imageId: this.image.id, vmIds: this.vmIds });
  }
}
