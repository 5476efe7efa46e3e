import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderHost } from "../../harness";
import { FIXTURES, IN_PLACE, count, sdpServer, valueAt, type Emulators, type Props, type Refs } from "../fixtures";
import { startHost, urnOf } from "./engine";
import { SCP } from "./lifecycles/scp";
import { SDP } from "./lifecycles/sdp";
import { SPP } from "./lifecycles/spp";
import { VSPC } from "./lifecycles/vspc";
import { REPO, REPO_ROOT, captureResources, requireBuilt } from "./project";

let emulators: Emulators;
/** The estate's objects the fixtures' args name: the administrator (a key's owner), a VM the image is made from, an image the VM starts from. */
let refs: Refs;
let host: ProviderHost;
/** The program's inputs per type, as the engine would send them. */
const inputs = new Map<string, Props>();

beforeAll(async () => {
  requireBuilt();
  const [spp, vspc, sdp, scp] = await Promise.all([SPP.start(), VSPC.start(), SDP.start(), SCP.start()]);
  emulators = { spp, vspc, sdp, scp };
  sdp.setKnobs({ buildMs: 50, deleteMs: 20 });
  scp.setKnobs({ taskMs: 20 });
  const scpSourceVmId = scp.seedServer({ name: "drift-template" });
  refs = { vspcUserUid: vspc.adminUserUid, scpSourceVmId, scpImageId: scp.seedImage({ name: "drift-base", sourceVmId: scpSourceVmId }), sdpServerId: "" };
  host = await startHost(REPO, { ...SPP.config(spp), ...VSPC.config(vspc), ...SDP.config(sdp), ...SCP.config(scp) });
  // The hypervisor a guest VM's license is added on (SdpGuestVmLicense).
  const [hypervisor] = await captureResources(REPO_ROOT, [["SdpServer", sdpServer.args("drift-hypervisor", refs)]]);
  refs.sdpServerId = (await host.create(urnOf("SdpServer", "drift-hypervisor"), hypervisor.inputs)).id;
  const captured = await captureResources(REPO_ROOT, FIXTURES.map((f) => [f.type, f.args("drift", refs)]));
  FIXTURES.forEach((f, i) => inputs.set(f.type, captured[i].inputs));
});
afterAll(async () => {
  await host?.close();
  await Promise.all(Object.values(emulators ?? {}).map((emu) => emu.close()));
});

describe("drift of every resource type, through the provider host", () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.type}: refresh shows an out-of-band change; one deleted out of band reads as gone and is created again`, async () => {
      const emu = emulators[fixture.vendor];
      const news = inputs.get(fixture.type) ?? {};
      const urn = urnOf(fixture.type, "drift");
      const checked = await host.check(urn, {}, news);
      expect(checked.failures).toEqual([]);
      expect(count(fixture, emu, refs)).toBe(0);
      const created = await host.create(urn, checked.inputs);
      expect(count(fixture, emu, refs)).toBe(1);
      expect((await host.diff(created.id, urn, created.properties, news)).changes).toBe("none");
      // What the fixture's changes say diff answers (the fault matrix and the lifecycles apply them).
      if (fixture.update) expect(await host.diff(created.id, urn, created.properties, fixture.update.apply(news))).toEqual({ ...IN_PLACE, deleteBeforeReplace: false });
      if (fixture.replace) expect(await host.diff(created.id, urn, created.properties, fixture.replace.apply(news))).toEqual({ changes: "some", replaces: fixture.replace.replaces, deleteBeforeReplace: false });
      const { mutate } = fixture;
      expect(valueAt(created.properties, mutate.property)).not.toEqual(mutate.value);

      mutate.apply(emu, created.id);
      const refreshed = await host.read(created.id, urn, created.properties);
      expect(refreshed.id).toBe(created.id);
      expect(valueAt(refreshed.properties, mutate.property)).toEqual(mutate.value);
      expect(await host.diff(created.id, urn, refreshed.properties, news)).toEqual({ ...mutate.diff, deleteBeforeReplace: false });

      fixture.remove(emu, created.id);
      expect(count(fixture, emu, refs)).toBe(0);
      expect((await host.read(created.id, urn, refreshed.properties)).id).toBe("");
      const again = await host.create(urn, checked.inputs);
      expect(count(fixture, emu, refs)).toBe(1);
      await host.delete(again.id, urn, again.properties);
      // A delete that sends nothing leaves the object with the vendor; it is taken away out of band.
      if (fixture.keptOnDelete) expect(count(fixture, emu, refs)).toBe(1);
      if (fixture.keptOnDelete) fixture.remove(emu, again.id);
      expect(count(fixture, emu, refs)).toBe(0);
    });
  }

  it("keeps the passwords and the re-keyed license out of the host's output", () => {
    const secrets = [...FIXTURES.flatMap((f) => f.secrets), ...Object.values(emulators).map((emu) => emu.credentials.password)];
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(host.output()).not.toContain(secret);
    expect(host.output()).toContain("deleted outside Pulumi");
  });
});
