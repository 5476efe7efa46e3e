import { expect } from "vitest";
import type { SppEmulator } from "../../emulators";
import { startProviderHost, type ProviderHost } from "../../harness";
import { captureSpp } from "./project";

export const URN = "urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/spp:SppHypervisor::vcenter";

export function sppConfig(emu: SppEmulator): Record<string, string> {
  return {
    "spp:url": emu.url,
    "spp:username": emu.credentials.username,
    "spp:password": emu.credentials.password,
    "spp:caCert": emu.caCert ?? "",
  };
}

export async function startConfiguredHost(projectDir: string, emu: SppEmulator): Promise<ProviderHost> {
  const config = sppConfig(emu);
  const host = await startProviderHost({ cwd: projectDir, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
  return host;
}

const PASSWORD = "Lifecycle-VC-Passw0rd";
export const BASE_ARGS = { hostAddress: "vc-life.example", type: "vmware", username: "administrator@vsphere.local", password: PASSWORD };

function hostsIn(emu: SppEmulator): string[] {
  return emu.inventory().hypervisors.map((h) => h.hostAddress).sort();
}

/**
 * The full engine-protocol lifecycle of SppHypervisor: create, no-op diff, in-place update,
 * replace on hostAddress, refresh after an out-of-band change and after an out-of-band delete,
 * and delete — each step checked against the emulator.
 */
export async function runSppLifecycle(projectDir: string, emu: SppEmulator): Promise<{ host: ProviderHost; providerText: string }> {
  const registration = await captureSpp(projectDir, BASE_ARGS);
  expect(registration.secretInputs).toContain("password");
  const providerText = registration.providerText ?? "";
  const host = await startConfiguredHost(projectDir, emu);
  const news = registration.inputs;

  const checked = await host.check(URN, {}, news);
  expect(checked.failures).toEqual([]);
  const created = await host.create(URN, checked.inputs);
  expect(created.properties).toMatchObject({ hostAddress: "vc-life.example", portNumber: 443, sslConnection: true, snapshotConcurrency: 3 });
  expect(created.properties.__provider).toBe(providerText);
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

  const secrets = [PASSWORD, emu.credentials.password, ...emu.inventory().sessions.map((s) => s.id)];
  for (const secret of secrets) expect(host.output()).not.toContain(secret);
  return { host, providerText };
}
