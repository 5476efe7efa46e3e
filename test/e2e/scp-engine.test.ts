import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScpEmulator, type ScpEmulator } from "../../emulators";
import { startProviderHost, type ProviderHost } from "../../harness";
import { REPO_ROOT, captureResource, requireBuilt } from "./project";

let emu: ScpEmulator;
let host: ProviderHost;
let dir: string;
const urn = (type: string) => `urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/${type.slice(0, 3).toLowerCase()}:${type}::subject`;
const SCRIPT_SECRET = "Engine-Script-Secret-7";

beforeAll(async () => {
  requireBuilt();
  emu = await startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 40, exportBytes: 65_536 } });
  dir = mkdtempSync(join(tmpdir(), "scp-engine-"));
  const config = { "scp:url": emu.url, "scp:username": emu.credentials.username, "scp:password": emu.credentials.password, "scp:caCert": emu.caCert ?? "" };
  host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
});
afterAll(async () => {
  await host?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("SCP resources through @pulumi/pulumi's dynamic-provider host", () => {
  it("runs the image and VM lifecycles, keeping passwords, tokens and script secrets out of the host's output", async () => {
    const source = emu.seedServer({ name: "template" });
    const image = await captureResource(REPO_ROOT, "ScpBackupProxyImage", { sourceVmId: source, name: "engine-image", ownerId: "admin", exportPath: join(dir, "engine.vma") });
    const imageUrn = urn("ScpBackupProxyImage");
    const img = await host.create(imageUrn, (await host.check(imageUrn, {}, image.inputs)).inputs);
    expect(img.properties).toMatchObject({ osNameChanged: true, exportBytes: 65_536 });
    expect((await host.diff(img.id, imageUrn, img.properties, image.inputs)).changes).toBe("none");
    const described = await host.update(img.id, imageUrn, img.properties, { ...image.inputs, description: "v2" });
    expect(described.properties.description).toBe("v2");

    const vm = await captureResource(REPO_ROOT, "ScpBackupProxyVm", {
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
    const vmUrn = urn("ScpBackupProxyVm");
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

    for (const secret of [SCRIPT_SECRET, emu.credentials.password, ...emu.issuedTokens()]) expect(host.output()).not.toContain(secret);
  });

  it("leaves no orphan when a create task fails in the provider host", async () => {
    const source = emu.seedServer({ name: "template-2", osName: "Backup Proxy" });
    const image = await captureResource(REPO_ROOT, "ScpBackupProxyImage", { sourceVmId: source, name: "fail-engine-image", ownerId: "admin" });
    await expect(host.create(urn("ScpBackupProxyImage"), image.inputs)).rejects.toThrow(/task .* failed: the image store ran out of space/);
    expect(emu.inventory().images).toEqual([]);
  });
});
