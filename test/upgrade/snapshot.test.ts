import { imageRecord } from "../../emulators/scp/state";
import { afterEach, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { sealSecret, type SealedSecret } from "../../emulators/kit/snapshot";
import { FILES, readJson, restoreAll, snapshotAll, type EmulatorSnapshots } from "./release";

/**
 * Emulator snapshots (emulators/kit/snapshot.ts) on the one release 0.1.0 left: a snapshot of a
 * restored emulator is the snapshot restored, secrets go in by hash only, and a restore refuses a
 * secret it is not given, an emulator that holds something, another vendor's snapshot.
 */
const captured = readJson<EmulatorSnapshots>("0.1.0", FILES.emulators);

/** The captured snapshot with each sealed secret replaced by the seal of a known stand-in. */
function withStandIns(): { snapshots: EmulatorSnapshots; standIns: string[] } {
  const standIns: string[] = [];
  const snapshots = JSON.parse(JSON.stringify(captured), (_key, value: unknown) => {
    if (value && typeof value === "object" && "sha256" in value) {
      const standIn = `stand-in-secret-${standIns.length + 1}`;
      standIns.push(standIn);
      return sealSecret(standIn);
    }
    return value;
  }) as EmulatorSnapshots;
  return { snapshots, standIns };
}

let emulators: AllEmulators | undefined;
afterEach(async () => {
  await emulators?.close();
  emulators = undefined;
});
const start = async (): Promise<AllEmulators> => (emulators = await startAllEmulators({ tls: false }));
/** The snapshot as if taken at these emulators' URLs. */
const at = (e: AllEmulators, s: EmulatorSnapshots): EmulatorSnapshots => ({
  spp: { ...s.spp, url: e.spp.url },
  vspc: { ...s.vspc, url: e.vspc.url },
  sdp: { ...s.sdp, url: e.sdp.url },
  scp: { ...s.scp, url: e.scp.url },
});

describe("emulator snapshots", () => {
  it("restores every vendor's objects with their ids, and a new snapshot of them is the one restored", async () => {
    const e = await start();
    const { snapshots, standIns } = withStandIns();
    expect(standIns.length).toBeGreaterThanOrEqual(4);
    restoreAll(e, at(e, snapshots), standIns);
    expect(e.spp.inventory().hypervisors.map((h) => h.id)).toEqual(captured.spp.hypervisors.map((h) => h.id));
    expect(e.vspc.inventory().companies.map((c) => c.instanceUid)).toEqual(captured.vspc.companies.map((c) => c.instanceUid));
    expect(e.sdp.inventory().licenses.map((l) => l.id)).toEqual(captured.sdp.licenses.map((l) => l.id));
    expect(e.scp.inventory().images.map((i) => i.id)).toEqual(captured.scp.images.map((i) => i.id));
    // The SDP clock is back at the capture: the contract is listed as it was then.
    expect(e.sdp.contracts()).toEqual([expect.objectContaining({ contract_year: 1, contract_renewal: true, pending_cores: captured.sdp.contracts[0].pendingCores })]);

    const again = snapshotAll(e);
    // A 0.1.0 image lacks the fields later releases keep (its pools, format, upload's hash and size): restore fills them as 0.1.0 behaved.
    const restored = at(e, snapshots);
    const migrated = { ...restored, scp: { ...restored.scp, images: restored.scp.images.map((i) => imageRecord(i)) } };
    expect({ ...again, sdp: { ...again.sdp, at: 0 } }).toEqual({ ...migrated, sdp: { ...migrated.sdp, at: 0 } });
    expect(Math.abs(again.sdp.at - captured.sdp.at)).toBeLessThan(60_000);
    const text = JSON.stringify(again);
    for (const standIn of standIns) expect(text).not.toContain(standIn);
  });

  it("answers over HTTP with what was restored, and new objects take new ids", async () => {
    const e = await start();
    const { snapshots, standIns } = withStandIns();
    restoreAll(e, at(e, snapshots), standIns);
    const id = captured.spp.hypervisors[0].id;
    const auth = `Basic ${Buffer.from(`${e.spp.credentials.username}:${e.spp.credentials.password}`).toString("base64")}`;
    const session = (await (await fetch(`${e.spp.url}/api/endeavour/session`, { method: "POST", headers: { authorization: auth } })).json()) as { sessionid: string };
    const got = await fetch(`${e.spp.url}/api/hypervisor/${id}`, { headers: { "x-endeavour-sessionid": session.sessionid } });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id, hostAddress: captured.spp.hypervisors[0].hostAddress });
    const seeded = e.spp.seedIdentityUser({ name: "n", username: "u", password: "stand-in-password" });
    expect(captured.spp.users.map((u) => u.id)).not.toContain(seeded.id);
    expect(Number(seeded.id)).toBe(captured.spp.next.user);
    expect(e.vspc.issueAdminApiKey()).toMatch(/^[0-9a-f]{96}$/);
    expect(e.vspc.inventory().logins.map((l) => Number(l.id))).toEqual([...captured.vspc.logins.map((l) => l.id), captured.vspc.nextLogin]);
  });

  it("refuses a secret it is not given, naming where it was", async () => {
    const e = await start();
    const { snapshots, standIns } = withStandIns();
    expect(() => e.sdp.restore({ ...snapshots.sdp, url: e.sdp.url }, { secrets: standIns.filter((s) => s !== standIns.at(-1)) })).toThrow(/^restore: SDP (vCenter|license) \S+ .*is a secret \(sha256 [0-9a-f]{12}…\) that none of the \d+ values given hashes to$/);
    const sealed: SealedSecret = captured.vspc.companies[0].ownerCredentials.password;
    expect(() => e.vspc.restore({ ...captured.vspc, url: e.vspc.url }, { secrets: ["not-it"] })).toThrow(`restore: VSPC company ${captured.vspc.companies[0].instanceUid}: owner acme-owner's password is a secret (sha256 ${sealed.sha256.slice(0, 12)}…) that none of the 1 values given hashes to`);
  });

  it("restores into a fresh emulator only, the vendor's own snapshot, at the captured URL", async () => {
    const e = await start();
    const { snapshots, standIns } = withStandIns();
    e.scp.restore({ ...snapshots.scp, url: e.scp.url });
    expect(() => e.scp.restore({ ...snapshots.scp, url: e.scp.url })).toThrow(/^restore: the SCP emulator already holds 3 servers, 1 images; restore into a freshly started one$/);
    expect(() => e.spp.restore(snapshots.sdp as never, { secrets: standIns })).toThrow("restore: a snapshot of sdp given to the spp emulator");
    expect(() => e.spp.restore({ ...snapshots.spp, version: 2 }, { secrets: standIns })).toThrow("restore: spp snapshot version 2; this emulator reads version 1");
    expect(() => restoreAll(e, snapshots, standIns)).toThrow(/^restore: the emulators must serve where they were captured \(spp at http:\/\/127\.0\.0\.1:\d+, captured at http:\/\/127\.0\.0\.1:24710; /);
  });

  it("takes no snapshot while an SPP inventory run is in progress", async () => {
    const e = await start();
    e.spp.setKnobs({ inventoryMs: 60_000 });
    const auth = `Basic ${Buffer.from(`${e.spp.credentials.username}:${e.spp.credentials.password}`).toString("base64")}`;
    const session = (await (await fetch(`${e.spp.url}/api/endeavour/session`, { method: "POST", headers: { authorization: auth } })).json()) as { sessionid: string };
    const headers = { "x-endeavour-sessionid": session.sessionid, "content-type": "application/json" };
    const made = await fetch(`${e.spp.url}/ngp/hypervisor`, { method: "POST", headers, body: JSON.stringify({ hostAddress: "vc.example", type: "vmware", username: "u", password: "stand-in-password", portNumber: 443, sslConnection: true, opProperties: { snapshotConcurrency: 3 } }) });
    expect(made.status).toBe(201);
    expect(e.spp.inventory().inventoryRuns).toEqual([expect.objectContaining({ status: "RUNNING" })]);
    expect(() => e.spp.snapshot()).toThrow(/^snapshot: the SPP inventory run \d+ is still running; take the snapshot after it ends$/);
  });
});
