import * as pulumi from "@pulumi/pulumi";
import { ScpBackupProxyImage } from "../providers/scp/image";
import { ScpBackupProxyVm, type ScpVmNetwork } from "../providers/scp/vm";
import { ScpVmaImage } from "../providers/scp/vma-image";

type NetworksInput = pulumi.Input<pulumi.Input<{ [K in keyof ScpVmNetwork]: pulumi.Input<ScpVmNetwork[K]> }>[]>;

/** One resource pool of a fleet made with `pools`. */
export interface BackupProxyPool {
  /** The resource pool's id (SCP's az id). */
  azId: string;
  /** How many proxy VMs in this pool, `<vmNamePrefix>-<azId>-1…N`: a whole number, 0 or more. */
  count: number;
  /** The storage tag of this pool's VMs' disks; the fleet's `storageTagId` when left out. */
  storageTagId?: pulumi.Input<string>;
  /** The networks of this pool's VMs; the fleet's `networks` when left out. */
  networks?: NetworksInput;
}

/** What a fleet made with `pools` made in one pool. */
export interface BackupProxyPoolResult {
  /** The resource pool's id. */
  azId: string;
  /** The image the pool's VMs are made from: the golden image in the source pool, an uploaded copy elsewhere. */
  imageId: string;
  /** True when the image was uploaded into this pool (every pool but the source pool). */
  uploaded: boolean;
  /** The pool's proxy VMs' ids, in order. */
  vmIds: string[];
}

interface FleetCommon {
  /** The SCP VM the proxy image is made from (ScpBackupProxyImage.sourceVmId). */
  sourceVmId: pulumi.Input<string>;
  /** The name of the private backup-proxy image (the uploaded copies are `<imageName>-<azId>`). */
  imageName: pulumi.Input<string>;
  /** The administrator id that owns the image (SCP's owner_id). */
  ownerId: pulumi.Input<string>;
  /** The VMs' name prefix. */
  vmNamePrefix: pulumi.Input<string>;
  /** The storage tag of every VM's disks (a pool's own `storageTagId` wins). */
  storageTagId: pulumi.Input<string>;
  /** Default 4. */
  cores?: pulumi.Input<number>;
  /** Default 8192. */
  memoryMb?: pulumi.Input<number>;
  /** The networks of every VM, each a VPC and a subnet (a pool's own `networks` win). */
  networks: NetworksInput;
  /** Secret; runs once in each VM. */
  initScript?: pulumi.Input<string>;
}

/** One image, its VMs spread round-robin over pools that all have it (SCP distributes it there itself). */
export interface BackupProxyFleetSpreadArgs extends FleetCommon {
  /** How many proxy VMs, `<vmNamePrefix>-1…N`: a whole number, 0 or more. */
  count: number;
  /** The resource pools (az ids) the VMs are spread across, round-robin; at least one. The image must be usable in each. */
  availabilityZones: string[];
  /** Not in this form: `pools` goes with `sourceAzId` (BackupProxyFleetPoolsArgs). */
  pools?: never;
  /** Not in this form: `sourceAzId` goes with `pools` (BackupProxyFleetPoolsArgs). */
  sourceAzId?: never;
}

/** One golden image distributed to N resource pools by upload, and VMs made per pool. */
export interface BackupProxyFleetPoolsArgs extends FleetCommon {
  /** The resource pool the source VM is in: the golden image is made there, once, and exported once. */
  sourceAzId: string;
  /** The pools and their VMs; every pool but `sourceAzId` gets the exported file uploaded. At least one, each azId once. */
  pools: BackupProxyPool[];
  /** Where the golden image's VMA file is written, on the machine running Pulumi; default `.backup-infra/images/<name>.vma`. Keep it while pools may be added. */
  exportPath?: pulumi.Input<string>;
  /** At most this many uploads at a time (default 2): each streams the whole file. */
  maxParallelUploads?: number;
  /** Not in this form: a count per pool goes in `pools` (`count` belongs to BackupProxyFleetSpreadArgs). */
  count?: never;
  /** Not in this form: the pools are `pools` (`availabilityZones` belongs to BackupProxyFleetSpreadArgs). */
  availabilityZones?: never;
}

export type BackupProxyFleetArgs = BackupProxyFleetSpreadArgs | BackupProxyFleetPoolsArgs;

const wholeNumber = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/**
 * A backup-proxy image and proxy VMs made from it on Sangfor Cloud Platform: either spread
 * round-robin over pools that share the image (`count` + `availabilityZones`), or distributed to
 * several pools (`sourceAzId` + `pools`): the image is made from the source VM and exported once,
 * the file uploaded into every other pool (at most `maxParallelUploads` at a time), the VMs made
 * per pool from the pool's image.
 */
export class BackupProxyFleet extends pulumi.ComponentResource {
  /** The backup-proxy image made from the source VM (the golden image). */
  readonly image: ScpBackupProxyImage;
  /** The uploaded copies of the golden image, one per pool other than the source pool (none when spread). */
  readonly poolImages: ScpVmaImage[];
  /** Every proxy VM. */
  readonly vms: ScpBackupProxyVm[];
  /** Every proxy VM's id, in order. */
  readonly vmIds: pulumi.Output<string[]>;
  /** Per pool: its image, whether it was uploaded, its VMs (empty when spread). */
  readonly pools: pulumi.Output<BackupProxyPoolResult[]>;

  constructor(name: string, args: BackupProxyFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("backupinfra:index:BackupProxyFleet", name, {}, opts);
    const fail = (what: string): never => {
      throw new Error(`BackupProxyFleet ${name}: ${what}`);
    };
    const parent = { parent: this };
    const vm = (resourceName: string, vmName: pulumi.Input<string>, imageId: pulumi.Input<string>, azId: string, pool?: BackupProxyPool) =>
      new ScpBackupProxyVm(
        resourceName,
        {
          imageId,
          name: vmName,
          azId,
          storageTagId: pool?.storageTagId ?? args.storageTagId,
          cores: args.cores ?? 4,
          memoryMb: args.memoryMb ?? 8192,
          networks: pool?.networks ?? args.networks,
          initScript: args.initScript,
        },
        parent,
      );

    if (args.pools === undefined) {
      if (args.availabilityZones.length === 0) fail("give at least one availability zone");
      if (!wholeNumber(args.count, 0)) fail("count must be a whole number");
      this.image = new ScpBackupProxyImage(`${name}-image`, { sourceVmId: args.sourceVmId, name: args.imageName, ownerId: args.ownerId }, parent);
      this.poolImages = [];
      this.vms = Array.from({ length: args.count }, (_, i) => vm(`${name}-vm-${i + 1}`, pulumi.interpolate`${args.vmNamePrefix}-${i + 1}`, this.image.id, args.availabilityZones[i % args.availabilityZones.length]));
      this.pools = pulumi.output([]);
    } else {
      const pools = args.pools;
      if (pools.length === 0) fail("give at least one pool");
      const twice = pools.map((p) => p.azId).find((az, i, all) => all.indexOf(az) !== i);
      if (twice !== undefined) fail(`the pool ${twice} is given twice`);
      const bad = pools.find((p) => !wholeNumber(p.count, 0));
      if (bad) fail(`pool ${bad.azId}: count must be a whole number`);
      const parallel = args.maxParallelUploads ?? 2;
      if (!wholeNumber(parallel, 1)) fail("maxParallelUploads must be a whole number, 1 or more");
      const exportPath = args.exportPath ?? pulumi.interpolate`.backup-infra/images/${args.imageName}.vma`;
      this.image = new ScpBackupProxyImage(`${name}-image`, { sourceVmId: args.sourceVmId, name: args.imageName, ownerId: args.ownerId, exportPath }, parent);
      const exported = (value: pulumi.Output<string | null>, what: string): pulumi.Output<string> =>
        value.apply((v): string => (v === null ? fail(`the golden image has no exported file (${what}): its export failed; see that resource's error`) : v));
      const vmaPath = exported(this.image.exportedPath, "exportedPath");
      const sha256 = exported(this.image.exportSha256, "exportSha256");
      this.poolImages = [];
      const imageOf = new Map<string, pulumi.Input<string>>();
      for (const pool of pools) {
        if (pool.azId === args.sourceAzId) {
          imageOf.set(pool.azId, this.image.id);
          continue;
        }
        // Upload k waits for upload k - parallel: never more than `parallel` files streaming at once.
        const waitFor = this.poolImages.length >= parallel ? [this.poolImages[this.poolImages.length - parallel]] : [];
        const copy = new ScpVmaImage(
          `${name}-image-${pool.azId}`,
          { vmaPath, sha256, name: pulumi.interpolate`${args.imageName}-${pool.azId}`, azId: pool.azId, ownerId: args.ownerId },
          { parent: this, dependsOn: waitFor },
        );
        this.poolImages.push(copy);
        imageOf.set(pool.azId, copy.id);
      }
      const perPool = pools.map((pool) => ({
        pool,
        vms: Array.from({ length: pool.count }, (_, i) => vm(`${name}-${pool.azId}-vm-${i + 1}`, pulumi.interpolate`${args.vmNamePrefix}-${pool.azId}-${i + 1}`, imageOf.get(pool.azId) ?? this.image.id, pool.azId, pool)),
      }));
      this.vms = perPool.flatMap((p) => p.vms);
      this.pools = pulumi.all(
        perPool.map(({ pool, vms }) =>
          pulumi.all([imageOf.get(pool.azId) ?? this.image.id, pulumi.all(vms.map((v) => v.id))]).apply(([imageId, vmIds]) => ({ azId: pool.azId, imageId, uploaded: pool.azId !== args.sourceAzId, vmIds })),
        ),
      );
    }
    this.vmIds = pulumi.all(this.vms.map((v) => v.id));
    this.registerOutputs({ imageId: this.image.id, vmIds: this.vmIds, pools: this.pools });
  }
}
