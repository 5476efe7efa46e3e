import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { BackupProxyFleet, BackupTenant, DedicatedVsphereCluster, ManagedBackupEstate, ProtectedHypervisor } from "../../components";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

let registered: Registered[] = [];
const SECRET_KEY = "4dabf18193072939515e22adb298388d";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type.endsWith(":VspcCompany")) state.ownerUserUid = "owner-uid";
        if (args.type.endsWith(":VspcApiKey")) state.apiKey = "the-api-key";
        if (args.type.endsWith(":SdpVcenter")) state.linkLocalAddress = "169.254.127.140";
        if (args.type.endsWith(":ScpBackupProxyImage") && args.inputs.exportPath) Object.assign(state, { exportedPath: `/work/${String(args.inputs.exportPath)}`, exportSha256: "ab".repeat(32) });
        return { id: args.custom ? `${args.name}-id` : undefined, state };
      },
      call: () => ({}),
    },
    "components",
    "test",
    false,
  );
});

const resolve = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((r) => o.apply(r));
const isSecret = (o: pulumi.Output<unknown>): Promise<boolean> => (o as unknown as { isSecret: Promise<boolean> }).isSecret;
const byType = (suffix: string) => registered.filter((r) => r.type.endsWith(suffix));
const wait = () => new Promise((r) => setTimeout(r, 50));

const clusterArgs = {
  serverNamePrefix: "esx",
  serverCount: 3,
  imageRef: "img",
  flavorRef: "flv",
  networks: [{ uuid: "n1" }, { uuid: "n2" }],
  adminPass: "Esxi-Passw0rd",
  vcenterPassword: "Vcenter-Passw0rd",
  contract: { contractYear: 1 as const, renewExpired: true, timeZone: "Asia/Tokyo" },
};

describe("components under setMocks", () => {
  it("DedicatedVsphereCluster: N servers, a vCenter license, the vCenter with it, a contract sized from the servers", async () => {
    registered = [];
    const c = new DedicatedVsphereCluster("dc", clusterArgs);
    expect(await resolve(c.serverIds)).toEqual(["dc-server-1-id", "dc-server-2-id", "dc-server-3-id"]);
    await wait();
    expect(byType(":SdpServer").map((r) => r.inputs.name)).toEqual(["esx-1", "esx-2", "esx-3"]);
    expect(byType(":SdpLicense")[0].inputs.licenseType).toBe("vCenter Server 5.5 Standard");
    expect(byType(":SdpVcenter")[0].inputs).toMatchObject({ licenseId: "dc-vcenter-license-id" });
    expect(byType(":SdpVsphereContract")[0].inputs).toMatchObject({ contractYear: 1, cores: 96, renewExpired: true, timeZone: "Asia/Tokyo" });
    expect(byType(":SdpServer")[0].inputs.adminPass).toMatchObject({ [SECRET_KEY]: expect.any(String) });
    expect(await resolve(c.vcenterAddress)).toBe("169.254.127.140");
  });

  it("ProtectedHypervisor: an SppHypervisor waiting for inventory by default, the password secret", async () => {
    registered = [];
    const p = new ProtectedHypervisor("ph", { hostAddress: "vc.example", username: "admin", password: "Vc-Passw0rd" });
    await resolve(p.hypervisorId);
    await wait();
    const h = byType(":SppHypervisor")[0];
    expect(h.inputs).toMatchObject({ hostAddress: "vc.example", type: "vmware", waitForInventory: true, password: { [SECRET_KEY]: expect.any(String) } });
  });

  it("BackupTenant: a company and a read-only REST key for its owner, the key a secret output", async () => {
    registered = [];
    const t = new BackupTenant("bt", { organization: { name: "Acme" }, ownerUserName: "acme-owner", ownerPassword: "Owner-Passw0rd", portalUrl: "https://vspc.example:1280" });
    expect(await resolve(t.ownerApiKey)).toBe("the-api-key");
    expect(await isSecret(t.ownerApiKey)).toBe(true);
    expect(await resolve(t.portalUrl)).toBe("https://vspc.example:1280");
    await wait();
    expect(byType(":VspcApiKey")[0].inputs).toMatchObject({ userUid: "owner-uid", scopes: ["rest"], isReadAccessOnly: true });
  });

  it("BackupProxyFleet: one image and N VMs spread round-robin across zones", async () => {
    registered = [];
    const f = new BackupProxyFleet("pf", { sourceVmId: "vm", imageName: "img", ownerId: "admin", vmNamePrefix: "proxy", count: 3, availabilityZones: ["az-a", "az-b"], storageTagId: "t", networks: [{ vpcId: "v", subnetId: "s" }] });
    expect(await resolve(f.vmIds)).toHaveLength(3);
    await wait();
    expect(byType(":ScpBackupProxyVm").map((r) => [r.inputs.name, r.inputs.azId, r.inputs.imageId, r.inputs.cores, r.inputs.memoryMb])).toEqual([
      ["proxy-1", "az-a", "pf-image-id", 4, 8192],
      ["proxy-2", "az-b", "pf-image-id", 4, 8192],
      ["proxy-3", "az-a", "pf-image-id", 4, 8192],
    ]);
    expect(() => new BackupProxyFleet("bad", { sourceVmId: "vm", imageName: "i", ownerId: "o", vmNamePrefix: "p", count: 1, availabilityZones: [], storageTagId: "t", networks: [] })).toThrow(/at least one availability zone/);
  });

  it("BackupProxyFleet with pools: the golden image exported once, its file uploaded into every other pool, VMs per pool from the pool's image", async () => {
    registered = [];
    const f = new BackupProxyFleet("pp", {
      sourceVmId: "vm",
      imageName: "img",
      ownerId: "admin",
      vmNamePrefix: "proxy",
      sourceAzId: "az-1",
      pools: [
        { azId: "az-1", count: 1 },
        { azId: "az-2", count: 2, storageTagId: "t2" },
        { azId: "az-3", count: 0 },
      ],
      storageTagId: "t",
      networks: [{ vpcId: "v", subnetId: "s" }],
    });
    expect(await resolve(f.pools)).toEqual([
      { azId: "az-1", imageId: "pp-image-id", uploaded: false, vmIds: ["pp-az-1-vm-1-id"] },
      { azId: "az-2", imageId: "pp-image-az-2-id", uploaded: true, vmIds: ["pp-az-2-vm-1-id", "pp-az-2-vm-2-id"] },
      { azId: "az-3", imageId: "pp-image-az-3-id", uploaded: true, vmIds: [] },
    ]);
    await wait();
    expect(byType(":ScpBackupProxyImage").map((r) => r.inputs.exportPath)).toEqual([".backup-infra/images/img.vma"]);
    expect(byType(":ScpVmaImage").map((r) => [r.name, r.inputs.azId, r.inputs.name, r.inputs.vmaPath, r.inputs.sha256])).toEqual([
      ["pp-image-az-2", "az-2", "img-az-2", "/work/.backup-infra/images/img.vma", "ab".repeat(32)],
      ["pp-image-az-3", "az-3", "img-az-3", "/work/.backup-infra/images/img.vma", "ab".repeat(32)],
    ]);
    expect(byType(":ScpBackupProxyVm").map((r) => [r.inputs.name, r.inputs.azId, r.inputs.imageId, r.inputs.storageTagId])).toEqual([
      ["proxy-az-1-1", "az-1", "pp-image-id", "t"],
      ["proxy-az-2-1", "az-2", "pp-image-az-2-id", "t2"],
      ["proxy-az-2-2", "az-2", "pp-image-az-2-id", "t2"],
    ]);
    const base = { sourceVmId: "vm", imageName: "i", ownerId: "o", vmNamePrefix: "p", sourceAzId: "az-1", storageTagId: "t", networks: [] };
    expect(() => new BackupProxyFleet("b1", { ...base, pools: [] })).toThrow("BackupProxyFleet b1: give at least one pool");
    expect(() => new BackupProxyFleet("b2", { ...base, pools: [{ azId: "az-2", count: 1 }, { azId: "az-2", count: 1 }] })).toThrow("the pool az-2 is given twice");
    expect(() => new BackupProxyFleet("b3", { ...base, pools: [{ azId: "az-2", count: 1.5 }] })).toThrow("pool az-2: count must be a whole number");
    expect(() => new BackupProxyFleet("b4", { ...base, pools: [{ azId: "az-2", count: 1 }], maxParallelUploads: 0 })).toThrow("maxParallelUploads must be a whole number, 1 or more");
  });

  it("ManagedBackupEstate: every component parented under the estate, the vCenter protected by SPP", async () => {
    registered = [];
    const e = new ManagedBackupEstate("estate", {
      cluster: clusterArgs,
      protection: { vcenterUsername: "administrator@vsphere.local" },
      tenant: { organization: { name: "Acme" }, ownerUserName: "o", ownerPassword: "Owner-Passw0rd" },
      proxies: { sourceVmId: "vm", imageName: "img", ownerId: "admin", vmNamePrefix: "p", count: 1, availabilityZones: ["az"], storageTagId: "t", networks: [{ vpcId: "v", subnetId: "s" }] },
    });
    await resolve(e.protection.hypervisorId);
    await wait();
    expect(byType(":SppHypervisor")[0].inputs).toMatchObject({ hostAddress: "169.254.127.140", username: "administrator@vsphere.local" });
    const components = registered.filter((r) => r.type.startsWith("backupinfra:index:")).map((r) => r.type);
    expect(components).toEqual(expect.arrayContaining(["backupinfra:index:ManagedBackupEstate", "backupinfra:index:DedicatedVsphereCluster", "backupinfra:index:ProtectedHypervisor", "backupinfra:index:BackupTenant", "backupinfra:index:BackupProxyFleet"]));
    expect(await resolve(e.cluster.urn)).toContain("backupinfra:index:ManagedBackupEstate$backupinfra:index:DedicatedVsphereCluster::estate-cluster");
    expect(await resolve(e.cluster.servers[0].urn)).toContain("backupinfra:index:DedicatedVsphereCluster$pulumi-nodejs:dynamic/sdp:SdpServer::estate-cluster-server-1");
    expect(await resolve(e.proxies.vms[0].urn)).toContain("backupinfra:index:BackupProxyFleet$pulumi-nodejs:dynamic/scp:ScpBackupProxyVm::");
  });
});
