import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { startScpEmulator, type ScpEmulator } from "../../../emulators";
import { PLACEHOLDER_REFS, scpBackupProxyImage as IMAGE, scpBackupProxyVm as VM } from "../../fixtures";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

const SCRIPT_SECRET = "Engine-Script-Secret-7";

/** An image exported to disk, then a VM from it whose init script's secret is masked: create, update, refresh, delete. */
async function imageAndVmLifecycle({ host, emu, capture }: EngineContext<ScpEmulator>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "scp-engine-"));
  try {
    const source = emu.seedServer({ name: "template" });
    const image = await capture("ScpBackupProxyImage", { ...IMAGE.args("engine-image", { ...PLACEHOLDER_REFS, scpSourceVmId: source }), exportPath: join(dir, "engine.vma") });
    const imageUrn = urnOf("ScpBackupProxyImage");
    const img = await host.create(imageUrn, (await host.check(imageUrn, {}, image.inputs)).inputs);
    expect(img.properties).toMatchObject({ osNameChanged: true, exportBytes: 65_536 });
    expect((await host.diff(img.id, imageUrn, img.properties, image.inputs)).changes).toBe("none");
    const v2 = IMAGE.update.apply(image.inputs);
    const described = await host.update(img.id, imageUrn, img.properties, v2);
    expect(described.properties).toMatchObject(IMAGE.update.outputs(v2));

    const vm = await capture("ScpBackupProxyVm", {
      ...VM.args("engine-proxy", { ...PLACEHOLDER_REFS, scpImageId: img.id }),
      initScript: `echo key=${SCRIPT_SECRET}\nexit 0`,
      initScriptSecrets: [SCRIPT_SECRET],
    });
    expect(vm.secretInputs).toEqual(expect.arrayContaining(["initScript", "initScriptSecrets"]));
    const vmUrn = urnOf("ScpBackupProxyVm");
    const made = await host.create(vmUrn, (await host.check(vmUrn, {}, vm.inputs)).inputs);
    expect(made.properties).toMatchObject({ initScriptExitCode: 0, initScriptOutput: "key=[redacted]" });
    const rename = VM.update.apply(vm.inputs);
    expect((await host.diff(made.id, vmUrn, made.properties, rename)).replaces).toEqual([]);
    const renamed = await host.update(made.id, vmUrn, made.properties, rename);
    expect((await host.read(made.id, vmUrn, renamed.properties)).properties).toMatchObject(VM.update.outputs(rename));
    await host.delete(made.id, vmUrn, renamed.properties);
    expect((await host.read(made.id, vmUrn, renamed.properties)).id).toBe("");

    await host.delete(img.id, imageUrn, described.properties);
    expect((await host.read(img.id, imageUrn, described.properties)).id).toBe("");
    expect(IMAGE.objects(emu)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const SCP: VendorLifecycles<ScpEmulator> = {
  vendor: "scp",
  start: () => startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 40, exportBytes: 65_536 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [{ name: "ScpBackupProxyImage and ScpBackupProxyVm: create, update, refresh, delete", run: imageAndVmLifecycle }],
  secrets: ({ emu }) => [...IMAGE.secrets, ...VM.secrets, SCRIPT_SECRET, emu.credentials.password, ...emu.issuedTokens()],
};
