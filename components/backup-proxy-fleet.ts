import * as pulumi from "@pulumi/pulumi";
import { ScpBackupProxyImage } from "../providers/scp/image";
import { ScpBackupProxyVm } from "../providers/scp/vm";

export interface BackupProxyFleetArgs {
  sourceVmId: pulumi.Input<string>;
  imageName: pulumi.Input<string>;
  ownerId: pulumi.Input<string>;
  /** VMs `<vmNamePrefix>-1…N`, spread round-robin across `availabilityZones`. */
  vmNamePrefix: pulumi.Input<string>;
  count: number;
  availabilityZones: string[];
  storageTagId: pulumi.Input<string>;
  /** Default 4. */
  cores?: pulumi.Input<number>;
  /** Default 8192. */
  memoryMb?: pulumi.Input<number>;
  networks: pulumi.Input<pulumi.Input<{ vpcId: pulumi.Input<string>; subnetId: pulumi.Input<string> }>[]>;
  /** Secret; runs once in each VM. */
  initScript?: pulumi.Input<string>;
}

/** One backup-proxy image and N proxy VMs made from it, spread across availability zones. */
export class BackupProxyFleet extends pulumi.ComponentResource {
  readonly image: ScpBackupProxyImage;
  readonly vms: ScpBackupProxyVm[];
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
