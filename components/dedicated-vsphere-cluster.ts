import * as pulumi from "@pulumi/pulumi";
import { SdpLicense } from "../providers/sdp/license";
import { SdpServer, type SdpServerNetworkArgs } from "../providers/sdp/server";
import { SdpVcenter } from "../providers/sdp/vcenter";
import { SdpVsphereContract, type SdpVsphereContractArgs } from "../providers/sdp/vsphere-contract";

export interface DedicatedVsphereClusterArgs {
  /** Name prefix of the servers: `<prefix>-1`, `<prefix>-2`, … */
  serverNamePrefix: pulumi.Input<string>;
  /** How many servers: a whole number, at least 1. */
  serverCount: number;
  /** The ESXi image of every server (SdpServer.imageRef). */
  imageRef: pulumi.Input<string>;
  /** The flavor (hardware) of every server (SdpServer.flavorRef). */
  flavorRef: pulumi.Input<string>;
  /** 2 to 4 networks of every server (SdpServer.networks). */
  networks: pulumi.Input<pulumi.Input<SdpServerNetworkArgs>[]>;
  /** The zone of every server; left out, SDP chooses. */
  availabilityZone?: pulumi.Input<string>;
  /** ESXi root password for every server (secret). */
  adminPass: pulumi.Input<string>;
  /** vCenter password (secret). */
  vcenterPassword: pulumi.Input<string>;
  /** Default "vCenter Server 5.5 Standard". */
  vcenterLicenseType?: pulumi.Input<string>;
  /** Chosen from the free link-local addresses unless given. */
  vcenterAddress?: pulumi.Input<string>;
  /** Add a vSphere long-term contract: cores default to serverCount × coresPerServer. */
  contract?: Omit<SdpVsphereContractArgs, "cores" | "connection"> & { cores?: pulumi.Input<number> };
  /** Cores of one server (the flavor's), for sizing the contract. Default 32. */
  coresPerServer?: number;
}

/** N dedicated hypervisors, a vCenter license, the vCenter registered with it, and optionally a contract. */
/** The component's type token (the policy pack matches it). */
export const DEDICATED_VSPHERE_CLUSTER_TYPE = "backupinfra:index:DedicatedVsphereCluster";

export class DedicatedVsphereCluster extends pulumi.ComponentResource {
  /** The dedicated hypervisors, `<serverNamePrefix>-1…N`. */
  readonly servers: SdpServer[];
  /** The vCenter Server license. */
  readonly license: SdpLicense;
  /** The vCenter registered with the license, once every server exists. */
  readonly vcenter: SdpVcenter;
  /** The vSphere long-term contract, when `contract` was given. */
  readonly contract?: SdpVsphereContract;
  /** The servers' ids, in order. */
  readonly serverIds: pulumi.Output<string[]>;
  /** The vCenter's link-local address (given, or the free one SDP offered at create). */
  readonly vcenterAddress: pulumi.Output<string>;

  constructor(name: string, args: DedicatedVsphereClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(DEDICATED_VSPHERE_CLUSTER_TYPE, name, {}, opts);
    const parent = { parent: this };
    if (!Number.isInteger(args.serverCount) || args.serverCount < 1) throw new Error(`DedicatedVsphereCluster ${name}: serverCount must be a whole number of at least 1`);

    this.servers = Array.from({ length: args.serverCount }, (_, i) =>
      new SdpServer(`${name}-server-${i + 1}`, {
        name: pulumi.interpolate`${args.serverNamePrefix}-${i + 1}`,
        adminPass: args.adminPass,
        imageRef: args.imageRef,
        flavorRef: args.flavorRef,
        networks: args.networks,
        availabilityZone: args.availabilityZone,
      }, parent),
    );
    this.license = new SdpLicense(`${name}-vcenter-license`, { licenseType: args.vcenterLicenseType ?? "vCenter Server 5.5 Standard" }, parent);
    // Without an address the resource takes a free one at create and keeps it, so re-applies stay no-ops.
    this.vcenter = new SdpVcenter(`${name}-vcenter`, { linkLocalAddress: args.vcenterAddress, password: args.vcenterPassword, licenseId: this.license.id }, { ...parent, dependsOn: this.servers });
    if (args.contract) {
      this.contract = new SdpVsphereContract(`${name}-contract`, {
        ...args.contract,
        cores: args.contract.cores ?? args.serverCount * (args.coresPerServer ?? 32),
      }, { ...parent, dependsOn: this.servers });
    }
    this.serverIds = pulumi.all(this.servers.map((s) => s.id));
    this.vcenterAddress = this.vcenter.linkLocalAddress;
    this.registerOutputs({ serverIds: this.serverIds, vcenterAddress: this.vcenterAddress, vcenterId: this.vcenter.id, licenseId: this.license.id });
  }
}
