import { startScpEmulator, startSdpEmulator, startSppEmulator, startVspcEmulator } from "../../../emulators";
import { startProviderHost, type ProviderHost } from "../../../harness";
import { REPO_ROOT, captureResource } from "../../e2e/project";
import { OPS, PLACEHOLDER_REFS, scpBackupProxyImage, sdpServer, vspcCompany, type Emulators, type Fixture, type Refs, type Vendor } from "../../fixtures";
import { NAME, instantiate, pickTarget, presentOn, vendorRequests, type Rig } from "./cell";

/** Each vendor's emulator with short waits, so that a matrix of tasks and builds stays brief. */
const START: { [V in Vendor]: () => Promise<Emulators[V]> } = {
  spp: () => startSppEmulator({ knobs: { inventoryMs: 50 } }),
  vspc: () => startVspcEmulator({ knobs: { asyncMs: 50 } }),
  sdp: () => startSdpEmulator({ knobs: { buildMs: 100, deleteMs: 50 } }),
  scp: () => startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 40, exportBytes: 4_096 } }),
};

async function hostFor(config: Record<string, string>): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
  return host;
}

const urnOf = (f: Pick<Fixture, "vendor" | "type">): string => `urn:pulumi:matrix::backup-infra::pulumi-nodejs:dynamic/${f.vendor}:${f.type}::fm`;

/** Captures `f`'s args as a program would, and creates the object through the host (without faults). */
async function createThroughHost(host: ProviderHost, f: Fixture, name: string, refs: Refs): Promise<{ id: string; properties: Record<string, unknown> }> {
  const captured = await captureResource(REPO_ROOT, f.type, f.args(name, refs));
  return host.create(urnOf(f), captured.inputs);
}

/** The refs the fixture needs, made without faults; none is named like a cell's object. */
async function makeRefs(f: Fixture, emu: Rig["emu"], host: ProviderHost): Promise<Refs> {
  const refs = { ...PLACEHOLDER_REFS };
  // An API key belongs to the owner of a company made for it.
  if (f.needs.includes("vspcUserUid")) refs.vspcUserUid = String((await createThroughHost(host, vspcCompany, "key-owner", refs)).properties.ownerUserUid);
  if (f.needs.includes("scpSourceVmId") || f.needs.includes("scpImageId")) refs.scpSourceVmId = (emu as Emulators["scp"]).seedServer({ name: "template" });
  if (f.needs.includes("scpImageId")) refs.scpImageId = (await createThroughHost(host, scpBackupProxyImage, "proxy-image", refs)).id;
  // A guest VM's license is added on a hypervisor (SdpGuestVmLicense).
  if (f.needs.includes("sdpServerId")) refs.sdpServerId = (await createThroughHost(host, sdpServer, "license-host", refs)).id;
  return refs;
}

/**
 * One emulator and one provider host for the fixture's type. Captures its args once, then runs
 * its lifecycle without faults to learn which request each operation sends (the target its
 * faults land on) and to prove the type works at all.
 */
export async function openRig(f: Fixture): Promise<Rig> {
  const emu = (await START[f.vendor]()) as Rig["emu"];
  let host: ProviderHost | undefined;
  try {
    host = await hostFor(emu.stackConfig());
    const refs = await makeRefs(f, emu, host);
    const captured = await captureResource(REPO_ROOT, f.type, f.args(NAME, refs));
    const rig: Rig = { fixture: f, emu, host, inputs: captured.inputs, urn: urnOf(f), targets: {}, close: async () => closeBoth(host, emu) };
    const inputs = instantiate(captured.inputs, "fm-probe");
    const seen: Record<string, { method: string; route: string }[]> = {};
    emu.clearLog();
    const made = await host.create(rig.urn, inputs);
    seen.create = vendorRequests(emu);
    emu.clearLog();
    await host.read(made.id, rig.urn, made.properties);
    seen.read = vendorRequests(emu);
    emu.clearLog();
    if (f.update) await host.update(made.id, rig.urn, made.properties, f.update.apply(inputs));
    seen.update = vendorRequests(emu);
    emu.clearLog();
    await host.delete(made.id, rig.urn, made.properties);
    seen.delete = vendorRequests(emu);
    // A type whose delete sends nothing leaves the object: it must still be there, then goes out of band.
    if (f.keptOnDelete && presentOn(rig).length !== 1) throw new Error(`${f.type}: the vendor no longer holds what a delete that sends nothing left`);
    if (f.keptOnDelete) f.remove(emu, made.id);
    for (const op of OPS) rig.targets[op] = pickTarget(op, seen[op]);
    if (presentOn(rig).length > 0) throw new Error(`${f.type}: the probe left ${presentOn(rig).join(", ")} behind`);
    return rig;
  } catch (error) {
    await closeBoth(host, emu);
    throw error;
  }
}

async function closeBoth(host: ProviderHost | undefined, emu: { close(): Promise<void> }): Promise<void> {
  await host?.close();
  await emu.close();
}
