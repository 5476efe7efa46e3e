import { expect } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../../emulators";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

export const URN = urnOf("SppHypervisor", "vcenter");
const PASSWORD = "Lifecycle-VC-Passw0rd";
export const BASE_ARGS = { hostAddress: "vc-life.example", type: "vmware", username: "administrator@vsphere.local", password: PASSWORD };

function hostsIn(emu: SppEmulator): string[] {
  return emu.inventory().hypervisors.map((h) => h.hostAddress).sort();
}

/**
 * Create, no-op diff, in-place update, replace on hostAddress, refresh after an out-of-band change
 * and after an out-of-band delete, and delete — with one login for the whole provider process.
 */
async function hypervisorLifecycle({ host, emu, capture }: EngineContext<SppEmulator>): Promise<void> {
  const registration = await capture("SppHypervisor", BASE_ARGS);
  expect(registration.secretInputs).toContain("password");
  const news = registration.inputs;

  const checked = await host.check(URN, {}, news);
  expect(checked.failures).toEqual([]);
  const created = await host.create(URN, checked.inputs);
  expect(created.properties).toMatchObject({ hostAddress: "vc-life.example", portNumber: 443, sslConnection: true, snapshotConcurrency: 3 });
  expect(created.properties.__provider).toBe(registration.providerText);
  expect(hostsIn(emu)).toEqual(["vc-life.example"]);

  expect(await host.diff(created.id, URN, created.properties, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });

  const bigger = { ...news, snapshotConcurrency: 8 };
  expect(await host.diff(created.id, URN, created.properties, bigger)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const updated = await host.update(created.id, URN, created.properties, bigger);
  expect(updated.properties.snapshotConcurrency).toBe(8);
  expect(emu.inventory().hypervisors[0].opProperties.snapshotConcurrency).toBe(8);

  const moved = { ...bigger, hostAddress: "vc-life-2.example" };
  const replaceDiff = await host.diff(created.id, URN, updated.properties, moved);
  expect(replaceDiff).toEqual({ changes: "some", replaces: ["hostAddress"], deleteBeforeReplace: false });
  const replacement = await host.create(URN, (await host.check(URN, bigger, moved)).inputs);
  await host.delete(created.id, URN, updated.properties);
  expect(hostsIn(emu)).toEqual(["vc-life-2.example"]);

  emu.mutateHypervisor(replacement.id, { portNumber: 9443 });
  const refreshed = await host.read(replacement.id, URN, replacement.properties);
  expect(refreshed.id).toBe(replacement.id);
  expect(refreshed.properties.portNumber).toBe(9443);
  expect((await host.diff(replacement.id, URN, refreshed.properties, moved)).changes).toBe("some");

  emu.removeHypervisor(replacement.id);
  expect((await host.read(replacement.id, URN, refreshed.properties)).id).toBe("");

  const again = await host.create(URN, moved);
  await host.delete(again.id, URN, again.properties);
  expect(hostsIn(emu)).toEqual([]);
  // The host is new with the emulator: it logged in once, for everything above.
  expect(emu.count("POST", "/api/endeavour/session")).toBe(1);
  expect(host.output()).toContain("vc-life.example");
}

export const SPP: VendorLifecycles<SppEmulator> = {
  vendor: "spp",
  start: () => startSppEmulator({ knobs: { inventoryMs: 50 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [{ name: "SppHypervisor: create, update, replace, refresh after drift, delete", run: hypervisorLifecycle }],
  secrets: ({ emu }) => [PASSWORD, emu.credentials.password, ...emu.inventory().sessions.map((s) => s.id)],
};
