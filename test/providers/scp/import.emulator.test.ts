import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provider as images } from "../../../providers/scp/image.provider";
import { provider as vmaImages } from "../../../providers/scp/vma-image.provider";
import { provider as vms } from "../../../providers/scp/vm.provider";
import { configureScp, useScpEmulator } from "./setup";

/**
 * `pulumi import` reads an SCP object by its id alone (importById): what SCP's record gives back is
 * proposed, and the program's create-time inputs that SCP never reports (write-only) are no change.
 */
const emu = useScpEmulator({ knobs: { taskMs: 20, vmtoolsMs: 20, exportBytes: 4_096 } });
let dir: string;
let imageId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "scp-import-"));
  configureScp(emu);
  const template = emu.seedServer({ name: "import-template", osName: "Backup Proxy" });
  imageId = (await images.create({ sourceVmId: template, name: "import-proxy-image", ownerId: "admin", __provider: "shim" })).id;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const failedKeys = async (p: typeof vms, inputs: Record<string, unknown>) => ((await p.check!({}, inputs)).failures ?? []).map((f) => f.property);
const scriptRuns = () => emu.requests().filter((r) => r.path.endsWith("/guest-script")).length;

describe("ScpBackupProxyVm imported by id", () => {
  const program = (name: string, extra: Record<string, unknown> = {}) => ({
    imageId,
    name,
    azId: "az-1",
    storageTagId: "tag-ssd",
    cores: 4,
    memoryMb: 8192,
    networks: [
      { vpcId: "vpc-1", subnetId: "subnet-1" },
      { vpcId: "vpc-1", subnetId: "subnet-2" },
    ],
    ...extra,
  });

  it("proposes the configuration SCP's VM record gives back, and the program's power and init script are no change", async () => {
    const made = await vms.create({ ...program("import-vm-1"), __provider: "shim" });
    const found = await vms.importById(made.id);
    expect(found?.inputs).toEqual(program("import-vm-1"));
    expect(await failedKeys(vms, found!.inputs)).toEqual([]);
    const withScript = program("import-vm-1", { powerOn: true, initScript: "echo configured", initScriptInterpreter: "sh" });
    expect(await vms.diff!(made.id, found!.props, withScript)).toMatchObject({ changes: false, replaces: [] });
    // What the record shows is compared: a changed one still replaces.
    expect((await vms.diff!(made.id, found!.props, program("import-vm-1", { cores: 8 }))).replaces).toEqual(["cores"]);
    expect((await vms.diff!(made.id, found!.props, program("import-vm-1", { networks: [{ vpcId: "vpc-1", subnetId: "subnet-1" }] }))).replaces).toEqual(["networks"]);
    await vms.delete!(made.id, found!.props);
  });

  it("never runs the program's init script in an imported VM: a rename leaves it unrecorded, and the next diff finds nothing", async () => {
    const made = await vms.create({ ...program("import-vm-2"), __provider: "shim" });
    const found = await vms.importById(made.id);
    emu.clearLog();
    const renamed = program("import-vm-2b", { initScript: "echo configured" });
    expect(await vms.diff!(made.id, found!.props, renamed)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await vms.update!(made.id, found!.props, { ...renamed, __provider: "shim" });
    expect(scriptRuns()).toBe(0);
    expect(outs).toMatchObject({ name: "import-vm-2b", initScriptExitCode: null });
    expect(outs).not.toHaveProperty("initScript");
    expect(await vms.diff!(made.id, outs!, renamed)).toMatchObject({ changes: false, replaces: [] });
    await vms.delete!(made.id, outs!);
  });

  it("proposes no image or storage tag when the record has none, and takes the program's as they are", async () => {
    // A seeded VM's record has no image_id, storage_tag_id or networks (as SCP's documented record may not).
    const seeded = emu.seedServer({ name: "import-vm-seeded" });
    const found = await vms.importById(seeded);
    expect(found?.inputs).toEqual({ name: "import-vm-seeded", azId: "az-1", cores: 2, memoryMb: 2048 });
    expect(await failedKeys(vms, found!.inputs)).toEqual(["imageId", "storageTagId", "networks"]);
    expect(await vms.diff!(seeded, found!.props, program("import-vm-seeded", { cores: 2, memoryMb: 2048 }))).toMatchObject({ changes: true, replaces: ["networks"] });
    emu.removeServer(seeded);
  });

  it("keeps a created VM's recorded configuration on refresh, whatever the record says", async () => {
    const made = await vms.create({ ...program("import-vm-3"), __provider: "shim" });
    emu.mutateServer(made.id, { cores: 16 });
    const read = await vms.read!(made.id, made.outs!);
    expect(read.props).toMatchObject({ cores: 4, azId: "az-1", imageId, storageTagId: "tag-ssd" });
    await vms.delete!(made.id, made.outs!);
  });
});

describe("ScpBackupProxyImage imported by id", () => {
  it("proposes name, owner and description; only the source VM, which SCP's image record does not name, fails check, and the program's is no change", async () => {
    const vm = emu.seedServer({ name: "import-image-source" });
    const args = { sourceVmId: vm, name: "import-image-1", ownerId: "admin-0001", description: "proxy image" };
    const made = await images.create({ ...args, __provider: "shim" });
    const found = await images.importById(made.id);
    expect(found?.inputs).toEqual({ name: "import-image-1", ownerId: "admin-0001", description: "proxy image" });
    expect(await failedKeys(images, found!.inputs)).toEqual(["sourceVmId"]);
    expect(await images.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    expect(await images.diff!(made.id, found!.props, args)).toMatchObject({ changes: false, replaces: [] });
    expect((await images.diff!(made.id, found!.props, { ...args, ownerId: "admin-0002" })).replaces).toEqual(["ownerId"]);
    // An imported image was downloaded nowhere: a path the program gives is an update that downloads it.
    const path = join(dir, "imported.vma");
    const exporting = { ...args, exportPath: path };
    expect(await images.diff!(made.id, found!.props, exporting)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await images.update!(made.id, found!.props, { ...exporting, __provider: "shim" });
    expect(outs).toMatchObject({ exportedPath: path, exportBytes: 4_096, sourceVmId: vm });
    await images.delete!(made.id, outs!);
  });
});

describe("ScpVmaImage imported by id", () => {
  it("proposes name, owner, description and the image's pool; only the local file fails check, and the program's file, checksum and os type are no change", async () => {
    const path = join(dir, "upload.vma");
    writeFileSync(path, Buffer.alloc(8_192, 7));
    const args = { vmaPath: path, name: "import-vma-1", azId: "az-2", ownerId: "admin-0001", description: "golden" };
    const made = await vmaImages.create({ ...args, __provider: "shim" });
    const found = await vmaImages.importById(made.id);
    expect(found?.inputs).toEqual({ name: "import-vma-1", azId: "az-2", ownerId: "admin-0001", description: "golden" });
    expect(await failedKeys(vmaImages, found!.inputs)).toEqual(["vmaPath"]);
    expect(await vmaImages.diff!(made.id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    const program = { ...args, sha256: String(made.outs!.uploadedSha256), osType: "linux-centos" };
    expect(await vmaImages.diff!(made.id, found!.props, program)).toMatchObject({ changes: false, replaces: [] });
    expect((await vmaImages.diff!(made.id, found!.props, { ...program, azId: "az-1" })).replaces).toEqual(["azId"]);
    expect((await vmaImages.diff!(made.id, found!.props, { ...program, ownerId: "admin-0002" })).replaces).toEqual(["ownerId"]);
    await vmaImages.delete!(made.id, found!.props);
  });

  it("proposes the os_type of an answer that has one, and compares the program's against it", async () => {
    const path = join(dir, "upload-3.vma");
    writeFileSync(path, Buffer.alloc(4_096, 5));
    const args = { vmaPath: path, name: "import-vma-3", azId: "az-2", ownerId: "admin-0001", osType: "linux-centos" };
    const made = await vmaImages.create({ ...args, __provider: "shim" });
    // The emulator's image answer has no os_type (SCP's does: erelbi/sangfor-scp `resources/images.py` get()): answer once with one.
    const record = { id: made.id, name: "import-vma-3", description: "", owner_id: "admin-0001", image_type: "private", status: "active", azs: [{ id: "az-2" }], os_type: "linux-centos" };
    emu.addFaults([{ method: "GET", path: `/janus/20180725/images/${made.id}`, times: 1, kind: { type: "status", status: 200, body: { code: 0, message: "", data: record } } }]);
    const found = await vmaImages.importById(made.id);
    expect(found?.inputs).toEqual({ name: "import-vma-3", azId: "az-2", ownerId: "admin-0001", osType: "linux-centos", description: "" });
    expect(await vmaImages.diff!(made.id, found!.props, args)).toMatchObject({ changes: false, replaces: [] });
    expect((await vmaImages.diff!(made.id, found!.props, { ...args, osType: "windows" })).replaces).toEqual(["osType"]);
    await vmaImages.delete!(made.id, made.outs!);
  });

  it("keeps a created image's recorded pool and owner on refresh", async () => {
    const path = join(dir, "upload-2.vma");
    writeFileSync(path, Buffer.alloc(4_096, 9));
    const made = await vmaImages.create({ vmaPath: path, name: "import-vma-2", azId: "az-2", ownerId: "admin-0001", __provider: "shim" });
    const read = await vmaImages.read!(made.id, made.outs!);
    expect(read.props).toMatchObject({ azId: "az-2", ownerId: "admin-0001", vmaPath: path });
    await vmaImages.delete!(made.id, made.outs!);
  });
});
