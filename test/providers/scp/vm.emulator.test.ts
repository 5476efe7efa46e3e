import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startScpEmulator, type ScpEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetScpClients } from "../../../providers/scp/client";
import { provider as images } from "../../../providers/scp/image.provider";
import { MAX_SCRIPT_BYTES } from "../../../providers/scp/vm";
import { provider } from "../../../providers/scp/vm.provider";
import { configureScp } from "./setup";

let emu: ScpEmulator;
let imageId: string;
let stderr: string[] = [];

beforeAll(async () => {
  emu = await startScpEmulator({ knobs: { taskMs: 40, vmtoolsMs: 60 } });
  resetScpClients();
  configureScp(emu);
  const vm = emu.seedServer({ name: "template", osName: "Backup Proxy" });
  imageId = (await images.create({ sourceVmId: vm, name: "proxy-image", ownerId: "admin", __provider: "shim" })).id;
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  configureScp(emu);
  emu.clearLog();
  emu.clearFaults();
  stderr = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  emu.setKnobs({ maxPageSize: 100, taskMs: 40 });
});

const args = (name: string, extra: Record<string, unknown> = {}) => ({
  imageId,
  name,
  azId: "az-1",
  storageTagId: "tag-ssd",
  cores: 4,
  memoryMb: 8192,
  networks: [{ vpcId: "vpc-1", subnetId: "subnet-1" }],
  ...extra,
});
const create = (inputs: Record<string, unknown>) => provider.create({ ...inputs, __provider: "shim" });
const vmsNamed = (name: string) => emu.inventory().servers.filter((s) => s.name === name);

describe("ScpBackupProxyVm against the SCP emulator", () => {
  it("creates the VM with the documented body and runs the init script once vmtools is ready", async () => {
    const script = "echo configuring proxy\necho token=Proxy-Token-Secret-1\nexit 0";
    const { id, outs } = await create(args("proxy-01", { initScript: script, initScriptSecrets: ["Proxy-Token-Secret-1"] }));
    expect(emu.requests().find((r) => r.method === "POST" && r.path === "/janus/20180725/servers")?.body).toEqual({
      az_id: "az-1",
      image_id: imageId,
      storage_tag_id: "tag-ssd",
      cores: 4,
      memory_mb: 8192,
      name: "proxy-01",
      networks: [{ vpc_id: "vpc-1", subnet_id: "subnet-1" }],
      power_on: true,
    });
    const scriptCall = emu.requests().find((r) => r.path.endsWith("/guest-script"));
    expect(Buffer.from((scriptCall?.body as { script: string }).script, "base64").toString()).toBe(script);
    expect(outs).toMatchObject({ status: "running", vmtoolsStatus: "running", initScriptExitCode: 0, initScriptOutput: "configuring proxy\ntoken=[redacted]" });
    expect(stderr.join("")).not.toContain("Proxy-Token-Secret-1");
    await provider.delete!(id, outs!);
    expect(vmsNamed("proxy-01")).toEqual([]);
  });

  it("records a failing init script as init-failed with the VM's id and the exit code", async () => {
    const error = (await create(args("proxy-02", { initScript: "echo oops\nexit 3" })).catch((e: unknown) => e)) as { id?: string; reasons?: string[]; properties?: Record<string, unknown> };
    expect(error.id).toEqual(expect.any(String));
    expect(error.properties).toMatchObject({ initScriptExitCode: 3 });
    expect(error.reasons?.[0]).toMatch(/exited with code 3: oops/);
    expect(error.properties).toMatchObject({ __provider: "shim", name: "proxy-02", initScript: "echo oops\nexit 3", initScriptInterpreter: "bash", powerOn: true, status: "running" });
    await provider.delete!(error.id!, error.properties!);
    expect(vmsNamed("proxy-02")).toEqual([]);
  });

  it("runs a failed init script again by update, and a corrected one in the same VM", async () => {
    const failing = args("proxy-04", { initScript: "echo oops\nexit 3" });
    const error = (await create(failing).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
    const scripts = () => emu.requests().filter((r) => r.path.endsWith("/guest-script")).length;
    // The next up continues a part-made resource by an update, with no input changed: the script runs again and fails again.
    expect(await provider.diff!(error.id, error.properties, failing)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.clearLog();
    const again = (await provider.update!(error.id, error.properties, { ...failing, __provider: "shim" }).catch((e: unknown) => e)) as { id: string; properties: Record<string, unknown> };
    expect(again).toMatchObject({ id: error.id, properties: { __provider: "shim", initScriptExitCode: 3 } });
    expect(scripts()).toBe(1);
    // A corrected script of a VM whose script failed is an update, not a replacement.
    const fixed = args("proxy-04", { initScript: "echo fixed" });
    expect(await provider.diff!(error.id, again.properties, fixed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    emu.clearLog();
    const { outs } = await provider.update!(error.id, again.properties, { ...fixed, __provider: "shim" });
    expect(outs).toMatchObject({ initScriptExitCode: 0, initScriptOutput: "fixed", initScript: "echo fixed" });
    expect(scripts()).toBe(1);
    expect(emu.requests().filter((r) => r.method === "PUT")).toEqual([]);
    expect(vmsNamed("proxy-04")).toHaveLength(1);
    expect(await provider.diff!(error.id, outs!, fixed)).toMatchObject({ changes: false });
    // Once the script has succeeded, changing it replaces the VM again.
    expect((await provider.diff!(error.id, outs!, args("proxy-04", { initScript: "echo other" }))).replaces).toEqual(["initScript"]);
    await provider.delete!(error.id, outs!);
    expect(vmsNamed("proxy-04")).toEqual([]);
  });

  it("after lost answers finds its VM by exact name past page one, and returns it only once the VM's task has finished", async () => {
    emu.seedServer({ name: "lost-proxy-old" });
    emu.seedServer({ name: "lost-proxy-2" });
    emu.setKnobs({ maxPageSize: 1, taskMs: 6_000 });
    emu.addFaults([{ method: "POST", path: "/janus/20180725/servers", times: 5, kind: { type: "commit-then-drop" } }]);
    const started = Date.now();
    const { id, outs } = await create(args("lost-proxy"));
    expect(emu.count("POST", "/janus/20180725/servers")).toBe(5);
    expect(vmsNamed("lost-proxy").map((s) => s.id)).toEqual([id]);
    expect(outs).toMatchObject({ name: "lost-proxy", status: "running" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    emu.setKnobs({ taskMs: 40 });
    await provider.delete!(id, outs!);
  }, 30_000);

  it("leaves no orphan VM when the create task fails", async () => {
    await expect(create(args("fail-proxy"))).rejects.toThrow(/task [0-9a-f-]+ failed: insufficient storage on the storage tag/);
    expect(vmsNamed("fail-proxy")).toEqual([]);
  });

  it("renames in place and replaces on every other change", async () => {
    const made = await create(args("proxy-03"));
    expect(await provider.diff!(made.id, made.outs!, args("proxy-03"))).toMatchObject({ changes: false });
    expect((await provider.diff!(made.id, made.outs!, args("proxy-03", { cores: 8 }))).replaces).toEqual(["cores"]);
    const renamed = await provider.update!(made.id, made.outs!, { ...args("proxy-03b"), __provider: "shim" });
    expect(renamed.outs).toMatchObject({ name: "proxy-03b" });
    await provider.delete!(made.id, renamed.outs!);
    expect(await provider.read!(made.id, renamed.outs!)).toEqual({});
  });

  it("sends nothing for invalid inputs", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [args("x", { cores: 0 }), "cores"],
      [args("x", { memoryMb: 0 }), "memoryMb"],
      [args("x", { memoryMb: 1.5 }), "memoryMb"],
      [args("x", { memoryMb: -512 }), "memoryMb"],
      [args("x", { initScript: "x".repeat(MAX_SCRIPT_BYTES + 1) }), "initScript"],
      [args("x", { initScript: "echo hi", powerOn: false }), "initScript"],
      [args("x", { networks: [] }), "networks"],
      [args("x", { imageId: "" }), "imageId"],
    ];
    for (const [news, property] of cases) {
      expect(((await provider.check!({}, news)).failures ?? []).map((f) => f.property)).toContain(property);
      await expect(create(news)).rejects.toThrow(/invalid inputs/);
    }
    expect(emu.requests()).toHaveLength(0);
  });
});
