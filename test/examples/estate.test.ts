import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { createHarnessRunner } from "../../examples/demo/harness-runner";
import { DEMO_CHANGE, emulatorStackConfig } from "../../examples/demo/stack-config";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

let emu: AllEmulators;

beforeAll(async () => {
  requireBuilt();
  emu = await startAllEmulators({ tls: false });
  emu.sdp.setKnobs({ buildMs: 200 });
  emu.scp.setKnobs({ taskMs: 30 });
});
afterAll(async () => {
  await emu.close();
});

/** What the vendors hold, as far as the estate manages it. */
function inventories() {
  return {
    sdpServers: emu.sdp.inventory().servers.map((s) => [s.name, s.status]).sort(),
    sdpLicenses: emu.sdp.inventory().licenses.map((l) => l.license_type),
    sdpVcenters: emu.sdp.inventory().vcenters.map((v) => v.link_local_address),
    sdpContracts: emu.sdp.contracts().map((c) => [c.contract_year, c.pending_cores]),
    sppHypervisors: emu.spp.inventory().hypervisors.map((h) => [h.hostAddress, h.opProperties.snapshotConcurrency]),
    vspcCompanies: emu.vspc.inventory().companies.map((c) => c.name),
    vspcKeys: emu.vspc.inventory().logins.map((l) => [l.isReadAccessOnly, l.scopes]),
    scpImages: emu.scp.inventory().images.map((i) => [i.name, i.is_public, i.owner_id]),
    scpVms: emu.scp.inventory().servers.filter((s) => s.image_id).map((s) => [s.name, s.az_id, s.status]).sort(),
  };
}

describe("the example estate, applied through the harness", () => {
  it("creates everything the program declares, stays put, updates in place, and destroys everything", async () => {
    let hostOutput = "";
    const runner = await createHarnessRunner({ repoRoot: REPO_ROOT, program: join(REPO_ROOT, "dist/examples/estate/index.js"), onOutput: (t) => (hostOutput += t) });
    const source = emu.scp.seedServer({ name: "proxy-template" });
    const config = emulatorStackConfig({
      spp: { url: emu.spp.url, credentials: emu.spp.credentials },
      vspc: { url: emu.vspc.apiUrl, credentials: emu.vspc.credentials },
      sdp: { url: emu.sdp.authUrl, credentials: emu.sdp.credentials },
      scp: { url: emu.scp.url, credentials: emu.scp.credentials },
      proxySourceVmId: source,
    });
    try {
      await runner.setConfig(config);
      const first = await runner.up();
      expect(first.changes).toEqual({ create: 11 });
      const after = inventories();
      expect(after).toEqual({
        sdpServers: [["acme-esx-1", "ACTIVE"], ["acme-esx-2", "ACTIVE"]],
        sdpLicenses: ["vCenter Server 5.5 Standard"],
        sdpVcenters: [first.outputs.vcenterAddress],
        sdpContracts: [[1, 64]],
        sppHypervisors: [[first.outputs.vcenterAddress, 3]],
        vspcCompanies: ["Acme Corp"],
        vspcKeys: [[true, ["rest"]]],
        scpImages: [["acme-backup-proxy", false, "admin"]],
        scpVms: [["acme-proxy-1", "az-1", "running"], ["acme-proxy-2", "az-2", "running"]],
      });
      expect(first.outputs).toMatchObject({ sppInventoryStatus: "COMPLETED", tenantApiKey: "[secret]" });

      expect((await runner.up()).changes).toEqual({ same: 11 });
      expect(inventories()).toEqual(after);

      // Drift: an out-of-band change shows in refresh; out-of-band deletions are created again by the next up.
      const hypervisor = emu.spp.inventory().hypervisors[0];
      emu.spp.mutateHypervisor(hypervisor.id, { snapshotConcurrency: 7 });
      const vcenterServer = emu.sdp.inventory().servers.find((s) => s.name === "acme-esx-2");
      emu.sdp.removeServer(String(vcenterServer?.id));
      emu.vspc.removeCompany(emu.vspc.inventory().companies[0].instanceUid);
      const refreshed = await runner.refresh();
      expect(refreshed.gone.sort()).toEqual(["acme-cluster-server-2", "acme-tenant-company", "acme-tenant-owner-key"]);
      expect(refreshed.changed).toContain("acme-protection-hypervisor");
      expect((await runner.up()).changes).toEqual({ create: 3, update: 1, same: 7 });
      expect(inventories()).toEqual(after);

      await runner.setConfig({ ...config, [DEMO_CHANGE.key]: { value: DEMO_CHANGE.value, secret: false } });
      expect((await runner.up()).changes).toEqual({ same: 10, update: 1 });
      expect(inventories().sppHypervisors).toEqual([[first.outputs.vcenterAddress, Number(DEMO_CHANGE.value)]]);

      await runner.destroy();
      expect(inventories()).toEqual({ sdpServers: [], sdpLicenses: [], sdpVcenters: [], sdpContracts: [], sppHypervisors: [], vspcCompanies: [], vspcKeys: [], scpImages: [], scpVms: [] });
      for (const [key, entry] of Object.entries(config)) if (entry.secret) expect(hostOutput, key).not.toContain(entry.value);
    } finally {
      await runner.close();
    }
  }, 120_000);
});
