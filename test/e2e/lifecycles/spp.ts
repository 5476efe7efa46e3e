import { expect } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../../emulators";
import { PLACEHOLDER_REFS, sppHypervisor as F, valueAt } from "../../fixtures";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

export const URN = urnOf("SppHypervisor", "vcenter");
export const BASE_ARGS = F.args("vc-life", PLACEHOLDER_REFS);

function hostsIn(emu: SppEmulator): (string | undefined)[] {
  return F.objects(emu)
    .map((h) => h.name)
    .sort();
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
  expect(created.properties).toMatchObject({ hostAddress: BASE_ARGS.hostAddress, portNumber: 443, sslConnection: true, snapshotConcurrency: 3 });
  expect(created.properties.__provider).toBe(registration.providerText);
  expect(hostsIn(emu)).toEqual([BASE_ARGS.hostAddress]);

  expect(await host.diff(created.id, URN, created.properties, news)).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });

  const bigger = F.update.apply(news);
  expect(await host.diff(created.id, URN, created.properties, bigger)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const updated = await host.update(created.id, URN, created.properties, bigger);
  expect(updated.properties).toMatchObject(F.update.outputs(bigger));
  expect(emu.inventory().hypervisors[0].opProperties.snapshotConcurrency).toBe(bigger.snapshotConcurrency);

  const moved = F.replace.apply(bigger);
  const replaceDiff = await host.diff(created.id, URN, updated.properties, moved);
  expect(replaceDiff).toEqual({ changes: "some", replaces: F.replace.replaces, deleteBeforeReplace: false });
  const replacement = await host.create(URN, (await host.check(URN, bigger, moved)).inputs);
  await host.delete(created.id, URN, updated.properties);
  expect(hostsIn(emu)).toEqual([moved.hostAddress]);

  F.mutate.apply(emu, replacement.id);
  const refreshed = await host.read(replacement.id, URN, replacement.properties);
  expect(refreshed.id).toBe(replacement.id);
  expect(valueAt(refreshed.properties, F.mutate.property)).toEqual(F.mutate.value);
  expect((await host.diff(replacement.id, URN, refreshed.properties, moved)).changes).toBe(F.mutate.diff.changes);

  F.remove(emu, replacement.id);
  expect((await host.read(replacement.id, URN, refreshed.properties)).id).toBe("");

  const again = await host.create(URN, moved);
  await host.delete(again.id, URN, again.properties);
  expect(hostsIn(emu)).toEqual([]);
  // The host is new with the emulator: it logged in once, for everything above.
  expect(emu.count("POST", "/api/endeavour/session")).toBe(1);
  expect(host.output()).toContain(BASE_ARGS.hostAddress);
}

export const SPP: VendorLifecycles<SppEmulator> = {
  vendor: "spp",
  start: () => startSppEmulator({ knobs: { inventoryMs: 50 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [{ name: "SppHypervisor: create, update, replace, refresh after drift, delete", run: hypervisorLifecycle }],
  secrets: ({ emu }) => [...F.secrets, emu.credentials.password, ...emu.inventory().sessions.map((s) => s.id)],
};
