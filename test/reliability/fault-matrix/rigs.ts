import { startScpEmulator, startSdpEmulator, startSppEmulator, startVspcEmulator } from "../../../emulators";
import { startProviderHost, type ProviderHost } from "../../../harness";
import { REPO_ROOT, captureResource } from "../../e2e/project";
import { OPS } from "./faults";
import { instantiate, pickTarget, vendorRequests, type PreparedSubject, type Rig } from "./cell";
import { scpSubjects, sdpSubjects, sppSubjects, vspcSubjects, type Subject } from "./subjects";

/** One emulator and one provider host per resource type, so that the types run side by side. */
export interface VendorRig extends Rig {
  subjects: PreparedSubject[];
  close(): Promise<void>;
}

async function hostFor(config: Record<string, string>): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
  return host;
}

const urnOf = (vendor: string, type: string): string => `urn:pulumi:matrix::backup-infra::pulumi-nodejs:dynamic/${vendor}:${type}::fm`;

/**
 * Captures each subject once, then runs its lifecycle without faults to learn which request each
 * operation sends (the target its faults land on) and to prove the subject works at all.
 */
async function prepare(rig: Rig, subjects: Subject[], only: string): Promise<PreparedSubject[]> {
  const prepared: PreparedSubject[] = [];
  for (const s of subjects.filter((x) => x.type === only)) {
    const captured = await captureResource(REPO_ROOT, s.className, s.args);
    const p: PreparedSubject = { ...s, inputs: captured.inputs, urn: urnOf(rig.vendor, s.type), targets: {} };
    const inputs = instantiate(captured.inputs, "fm-probe");
    const seen: Record<string, { method: string; route: string }[]> = {};
    rig.emu.clearLog();
    const made = await rig.host.create(p.urn, inputs);
    seen.create = vendorRequests(rig.emu);
    rig.emu.clearLog();
    await rig.host.read(made.id, p.urn, made.properties);
    seen.read = vendorRequests(rig.emu);
    rig.emu.clearLog();
    if (s.change) await rig.host.update(made.id, p.urn, made.properties, s.change(inputs));
    seen.update = vendorRequests(rig.emu);
    rig.emu.clearLog();
    await rig.host.delete(made.id, p.urn, made.properties);
    seen.delete = vendorRequests(rig.emu);
    for (const op of OPS) p.targets[op] = pickTarget(op, seen[op]);
    if (s.present().length > 0) throw new Error(`${s.type}: the probe left ${s.present().join(", ")} behind`);
    prepared.push(p);
  }
  return prepared;
}

export async function sppRig(only: string): Promise<VendorRig> {
  const emu = await startSppEmulator({ knobs: { inventoryMs: 50 } });
  const host = await hostFor(emu.stackConfig());
  const rig = { vendor: "spp", emu, host };
  return { ...rig, subjects: await prepare(rig, sppSubjects(emu), only), close: async () => closeBoth(host, emu) };
}

export async function vspcRig(only: string): Promise<VendorRig> {
  const emu = await startVspcEmulator({ knobs: { asyncMs: 50 } });
  const host = await hostFor(emu.stackConfig());
  const rig = { vendor: "vspc", emu, host };
  // The API keys belong to the owner of a company made (without faults) for them.
  const [company] = vspcSubjects(emu, "");
  const captured = await captureResource(REPO_ROOT, company.className, company.args);
  const fixture = instantiate(captured.inputs, "key-owner");
  const owner = await host.create(urnOf("vspc", "VspcCompany"), fixture);
  return { ...rig, subjects: await prepare(rig, vspcSubjects(emu, String(owner.properties.ownerUserUid)), only), close: async () => closeBoth(host, emu) };
}

export async function sdpRig(only: string): Promise<VendorRig> {
  const emu = await startSdpEmulator({ knobs: { buildMs: 100, deleteMs: 50 } });
  const host = await hostFor(emu.stackConfig());
  const rig = { vendor: "sdp", emu, host };
  return { ...rig, subjects: await prepare(rig, sdpSubjects(emu), only), close: async () => closeBoth(host, emu) };
}

export async function scpRig(only: string): Promise<VendorRig> {
  const emu = await startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 40, exportBytes: 4_096 } });
  const host = await hostFor(emu.stackConfig());
  const rig = { vendor: "scp", emu, host };
  const source = emu.seedServer({ name: "template" });
  const [image] = scpSubjects(emu, source, "");
  const captured = await captureResource(REPO_ROOT, image.className, { ...image.args, name: "proxy-image" });
  const fixture = await host.create(urnOf("scp", image.type), captured.inputs);
  return { ...rig, subjects: await prepare(rig, scpSubjects(emu, source, fixture.id), only), close: async () => closeBoth(host, emu) };
}

async function closeBoth(host: ProviderHost, emu: { close(): Promise<void> }): Promise<void> {
  await host.close();
  await emu.close();
}
