import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScpEmulator, SdpEmulator, SppEmulator, VspcEmulator } from "../../emulators";
import type { ProviderHost } from "../../harness";
import { startHost, urnOf } from "./engine";
import { SCP } from "./lifecycles/scp";
import { SDP } from "./lifecycles/sdp";
import { SPP } from "./lifecycles/spp";
import { VSPC } from "./lifecycles/vspc";
import { REPO, REPO_ROOT, captureResources, requireBuilt } from "./project";

type Props = Record<string, unknown>;

/** Every vendor's emulator, and the objects the specs start from. */
interface Estate {
  spp: SppEmulator;
  vspc: VspcEmulator;
  sdp: SdpEmulator;
  scp: ScpEmulator;
  /** A VM the image is made from, and an image the VM starts from. */
  sourceVmId: string;
  imageId: string;
}

interface DriftSpec {
  type: string;
  args(e: Estate): Props;
  /** An out-of-band change after which the output at `property` (a dotted path) reads `value`. */
  change: { apply(e: Estate, id: string): void; property: string; value: unknown };
  /** What diff against the program's inputs says after the change (default: an in-place update). */
  diff?: { changes: "some" | "none"; replaces: string[] };
  remove(e: Estate, id: string): void;
  /** How many objects of the type the vendor holds. */
  count(e: Estate): number;
}

const PASSWORD = "Drift-Passw0rd-91";
const ROTATED_KEY = "0d1f-77ab-5f2c9e0b41d7a6c3e8f90b12";
const OTHER_LICENSE = "0c5e2b7a-3d41-4f8e-9a06-d2b1c4e5f607";
const SDP_NETWORKS = [
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
];

const SPECS: DriftSpec[] = [
  {
    type: "SppHypervisor",
    args: () => ({ hostAddress: "vc-drift.example", type: "vmware", username: "administrator@vsphere.local", password: PASSWORD }),
    change: { apply: (e, id) => e.spp.mutateHypervisor(id, { portNumber: 9443 }), property: "portNumber", value: 9443 },
    remove: (e, id) => e.spp.removeHypervisor(id),
    count: (e) => e.spp.inventory().hypervisors.length,
  },
  {
    type: "VspcCompany",
    args: () => ({ organization: { name: "DriftCo", email: "ops@driftco.example" }, ownerUserName: "driftco-owner", ownerPassword: PASSWORD }),
    change: { apply: (e, id) => e.vspc.renameOrganization(id, "DriftCo Renamed"), property: "organization.name", value: "DriftCo Renamed" },
    remove: (e, id) => e.vspc.removeCompany(id),
    count: (e) => e.vspc.inventory().companies.length,
  },
  {
    type: "VspcApiKey",
    args: (e) => ({ userUid: e.vspc.adminUserUid, scopes: ["rest"], description: "drift" }),
    change: { apply: (e, id) => e.vspc.mutateApiKey(id, { status: "disabled" }), property: "enabled", value: false },
    remove: (e, id) => e.vspc.removeApiKey(id),
    count: (e) => e.vspc.inventory().logins.length,
  },
  {
    type: "SdpServer",
    args: () => ({ name: "esx-drift", adminPass: PASSWORD, imageRef: "img", flavorRef: "flv", networks: SDP_NETWORKS }),
    change: { apply: (e, id) => e.sdp.mutateServer(id, { name: "esx-drift-renamed" }), property: "name", value: "esx-drift-renamed" },
    remove: (e, id) => e.sdp.removeServer(id),
    count: (e) => e.sdp.inventory().servers.length,
  },
  {
    // A license's only input, its type, cannot change on SDP; its key can (a re-keying): refresh
    // shows the new key, and there is nothing for the program to change.
    type: "SdpLicense",
    args: () => ({ licenseType: "vCenter Server 5.5 Standard" }),
    change: { apply: (e, id) => e.sdp.mutateLicense(id, { key: ROTATED_KEY }), property: "key", value: ROTATED_KEY },
    diff: { changes: "none", replaces: [] },
    remove: (e, id) => e.sdp.removeLicense(id),
    count: (e) => e.sdp.inventory().licenses.length,
  },
  {
    type: "SdpVcenter",
    args: () => ({ linkLocalAddress: "169.254.127.141", password: PASSWORD, licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f" }),
    change: { apply: (e, id) => e.sdp.mutateVcenter(id, { license_id: OTHER_LICENSE }), property: "licenseId", value: OTHER_LICENSE },
    remove: (e, id) => e.sdp.removeVcenter(id),
    count: (e) => e.sdp.inventory().vcenters.length,
  },
  {
    type: "SdpVsphereContract",
    args: () => ({ contractYear: 1, cores: 16, contractRenewal: false }),
    change: { apply: (e) => e.sdp.mutateContract(1, { renewal: true }), property: "contractRenewal", value: true },
    remove: (e) => e.sdp.removeContract(1),
    count: (e) => e.sdp.contracts().length,
  },
  {
    type: "ScpBackupProxyImage",
    args: (e) => ({ sourceVmId: e.sourceVmId, name: "drift-image", ownerId: "admin" }),
    change: { apply: (e, id) => e.scp.mutateImage(id, { name: "drift-image-renamed" }), property: "name", value: "drift-image-renamed" },
    diff: { changes: "some", replaces: ["name"] },
    remove: (e, id) => e.scp.removeImage(id),
    count: (e) => e.scp.inventory().images.filter((i) => i.id !== e.imageId).length,
  },
  {
    type: "ScpBackupProxyVm",
    args: (e) => ({ imageId: e.imageId, name: "drift-proxy", azId: "az-1", storageTagId: "tag-1", cores: 2, memoryMb: 4096, networks: [{ vpcId: "vpc", subnetId: "subnet" }] }),
    change: { apply: (e, id) => e.scp.mutateServer(id, { name: "drift-proxy-renamed" }), property: "name", value: "drift-proxy-renamed" },
    remove: (e, id) => e.scp.removeServer(id),
    count: (e) => e.scp.inventory().servers.filter((s) => s.image_id === e.imageId).length,
  },
];

const valueAt = (props: Props, path: string): unknown => path.split(".").reduce<unknown>((v, key) => (v as Props | undefined)?.[key], props);

let estate: Estate;
let host: ProviderHost;
/** The program's inputs per type, as the engine would send them. */
const inputs = new Map<string, Props>();

beforeAll(async () => {
  requireBuilt();
  const [spp, vspc, sdp, scp] = await Promise.all([SPP.start(), VSPC.start(), SDP.start(), SCP.start()]);
  sdp.setKnobs({ buildMs: 50, deleteMs: 20 });
  scp.setKnobs({ taskMs: 20 });
  const sourceVmId = scp.seedServer({ name: "drift-template" });
  estate = { spp, vspc, sdp, scp, sourceVmId, imageId: scp.seedImage({ name: "drift-base", sourceVmId }) };
  const captured = await captureResources(REPO_ROOT, SPECS.map((s) => [s.type, s.args(estate)]));
  SPECS.forEach((s, i) => inputs.set(s.type, captured[i].inputs));
  host = await startHost(REPO, { ...SPP.config(spp), ...VSPC.config(vspc), ...SDP.config(sdp), ...SCP.config(scp) });
});
afterAll(async () => {
  await host?.close();
  await Promise.all([estate?.spp.close(), estate?.vspc.close(), estate?.sdp.close(), estate?.scp.close()]);
});

describe("drift of every resource type, through the provider host", () => {
  for (const spec of SPECS) {
    it(`${spec.type}: refresh shows an out-of-band change; one deleted out of band reads as gone and is created again`, async () => {
      const news = inputs.get(spec.type) ?? {};
      const urn = urnOf(spec.type, "drift");
      const checked = await host.check(urn, {}, news);
      expect(checked.failures).toEqual([]);
      expect(spec.count(estate)).toBe(0);
      const created = await host.create(urn, checked.inputs);
      expect(spec.count(estate)).toBe(1);
      expect((await host.diff(created.id, urn, created.properties, news)).changes).toBe("none");
      expect(valueAt(created.properties, spec.change.property)).not.toEqual(spec.change.value);

      spec.change.apply(estate, created.id);
      const refreshed = await host.read(created.id, urn, created.properties);
      expect(refreshed.id).toBe(created.id);
      expect(valueAt(refreshed.properties, spec.change.property)).toEqual(spec.change.value);
      const expected = spec.diff ?? { changes: "some", replaces: [] };
      expect(await host.diff(created.id, urn, refreshed.properties, news)).toEqual({ ...expected, deleteBeforeReplace: false });

      spec.remove(estate, created.id);
      expect(spec.count(estate)).toBe(0);
      expect((await host.read(created.id, urn, refreshed.properties)).id).toBe("");
      const again = await host.create(urn, checked.inputs);
      expect(spec.count(estate)).toBe(1);
      await host.delete(again.id, urn, again.properties);
      expect(spec.count(estate)).toBe(0);
    });
  }

  it("keeps the passwords and the re-keyed license out of the host's output", () => {
    const secrets = [PASSWORD, ROTATED_KEY, estate.spp.credentials.password, estate.vspc.credentials.password, estate.sdp.credentials.password, estate.scp.credentials.password];
    for (const secret of secrets) expect(host.output()).not.toContain(secret);
    expect(host.output()).toContain("deleted outside Pulumi");
  });
});
