import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { startScpEmulator, type ScpEmulator } from "../../../emulators";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

const SCRIPT_SECRET = "Engine-Script-Secret-7";

/** An image exported to disk, then a VM from it whose init script's secret is masked: create, update, refresh, delete. */
async function imageAndVmLifecycle({ host, emu, capture }: EngineContext<ScpEmulator>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scp-engine-"));
  try {
    const source = emu.seedServer({ name: "template" });
    const image = await capture("ScpBackupProxyImage", { sourceVmId: source, name: "engine-image", ownerId: "admin", exportPath: join(dir, "engine.vma") });
    const imageUrn = urnOf("ScpBackupProxyImage");
    const img = await host.create(imageUrn, (await host.check(imageUrn, {}, image.inputs)).inputs);
    expect(img.properties).toMatchObject({ osNameChanged: true, exportBytes: 65_536 });
    expect((await host.diff(img.id, imageUrn, img.properties, image.inputs)).changes).toBe("none");
    const described = await host.update(img.id, imageUrn, img.properties, { ...image.inputs, description: "v2" });
    expect(described.properties.description).toBe("v2");

    const vm = await capture("ScpBackupProxyVm", {
      imageId: img.id,
      name: "engine-proxy",
      azId: "az-1",
      storageTagId: "tag-1",
      cores: 2,
      memoryMb: 4096,
      networks: [{ vpcId: "vpc", subnetId: "subnet" }],
      initScript: `echo key=${SCRIPT_SECRET}\nexit 0`,
      initScriptSecrets: [SCRIPT_SECRET],
    });
    expect(vm.secretInputs).toEqual(expect.arrayContaining(["initScript", "initScriptSecrets"]));
    const vmUrn = urnOf("ScpBackupProxyVm");
    const made = await host.create(vmUrn, (await host.check(vmUrn, {}, vm.inputs)).inputs);
    expect(made.properties).toMatchObject({ initScriptExitCode: 0, initScriptOutput: "key=[redacted]" });
    expect((await host.diff(made.id, vmUrn, made.properties, { ...vm.inputs, name: "engine-proxy-2" })).replaces).toEqual([]);
    const renamed = await host.update(made.id, vmUrn, made.properties, { ...vm.inputs, name: "engine-proxy-2" });
    expect((await host.read(made.id, vmUrn, renamed.properties)).properties.name).toBe("engine-proxy-2");
    await host.delete(made.id, vmUrn, renamed.properties);
    expect((await host.read(made.id, vmUrn, renamed.properties)).id).toBe("");

    await host.delete(img.id, imageUrn, described.properties);
    expect((await host.read(img.id, imageUrn, described.properties)).id).toBe("");
    expect(emu.inventory().images).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const SCP: VendorLifecycles<ScpEmulator> = {
  vendor: "scp",
  start: () => startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 40, exportBytes: 65_536 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [{ name: "ScpBackupProxyImage and ScpBackupProxyVm: create, update, refresh, delete", run: imageAndVmLifecycle }],
  secrets: ({ emu }) => [SCRIPT_SECRET, emu.credentials.password, ...emu.issuedTokens()],
};
