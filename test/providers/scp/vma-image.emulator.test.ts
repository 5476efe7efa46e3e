import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { provider } from "../../../providers/scp/vma-image.provider";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { captureLogLinesPerTest } from "../capture-stderr";
import { configureScp, useScpEmulator } from "./setup";

const emu = useScpEmulator({ knobs: { taskMs: 30 } });
let dir: string;
const lines = captureLogLinesPerTest();

/** A VMA file of `bytes` pseudo-random bytes; its path and sha256. */
function vmaFile(name: string, bytes: number): { path: string; sha256: string } {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, sha256: createHash("sha256").update(data).digest("hex") };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scp-upload-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  emu.breakUploads(0);
  emu.corruptUploads(0);
  emu.setKnobs({ reportSha256: true, failTasks: false });
  for (const i of emu.inventory().images) emu.removeImage(i.id);
});

const args = (path: string, extra: Record<string, unknown> = {}) => ({ vmaPath: path, name: "proxy-golden", azId: "az-2", ownerId: "admin-0001", ...extra });
const create = (inputs: Record<string, unknown>) => provider.create({ ...inputs, __provider: "shim" });

describe("ScpVmaImage against the SCP emulator", () => {
  it("creates a private aCloud image in the pool (the public spec's CreateImageRequest), streams the file into it, waits for its task and checks SCP's sha256", async () => {
    const file = vmaFile("a.vma", 3 * 1024 * 1024 + 5);
    const { id, outs } = await create(args(file.path, { sha256: file.sha256.toUpperCase(), osType: "linux-centos" }));
    const log = emu.requests();
    expect(log.find((r) => r.method === "POST" && r.path === "/janus/20180725/images")?.body).toEqual({ name: "proxy-golden", azs: ["az-2"], disk_format: "aCloud", image_type: "private", owner_id: "admin-0001", description: "", os_type: "linux-centos" });
    const upload = log.filter((r) => r.method === "PUT" && r.path === `/janus/20180725/images/${id}/upload`);
    expect(upload).toHaveLength(1);
    expect(upload[0].headers).toMatchObject({ "content-type": "application/octet-stream", "content-length": String(3 * 1024 * 1024 + 5), "x-amz-content-sha256": file.sha256 });
    expect(outs).toMatchObject({ status: "active", azIds: ["az-2"], uploadedSha256: file.sha256, uploadedBytes: 3 * 1024 * 1024 + 5, serverSha256: file.sha256, verified: true, uploadAttempts: 1, adopted: false });
    expect(emu.inventory().images).toEqual([expect.objectContaining({ id, sha256: file.sha256, size_bytes: 3 * 1024 * 1024 + 5, owner_id: "admin-0001", image_type: "private", azs: ["az-2"] })]);
    // The task was waited for: the image was read only after the distribution task's last poll.
    const taskPolls = log.filter((r) => r.path.startsWith("/janus/20180725/tasks/"));
    expect(taskPolls.length).toBeGreaterThanOrEqual(2);
  });

  it("prints a heartbeat of the bytes sent during a long upload, and a closing line", async () => {
    process.env[HEARTBEAT_ENV] = "100";
    // 8 MiB read at 8 MiB/s: about a second of upload, whatever the machine's speed.
    emu.setKnobs({ uploadBytesPerSec: 8 * 1024 * 1024 });
    const file = vmaFile("slow.vma", 8 * 1024 * 1024);
    await create(args(file.path));
    emu.setKnobs({ uploadBytesPerSec: 0 });
    const beats = lines().filter((l) => / upload: /.test(l));
    expect(beats.some((l) => /upload: still at [\d.]+ \S+ of 8 MiB \(\d+%, [\d.]+ \S+\/s\) after/.test(l))).toBe(true);
    expect(beats.at(-1)).toMatch(/image \S+ upload: ended done, 8 MiB after [\d.]+s \(\d+ checks?\)$/);
  });

  it("signs a streamed upload over the file's sha256 with AK/SK", async () => {
    configureScp(emu, "aksk");
    const file = vmaFile("aksk.vma", 200_000);
    const { outs } = await create(args(file.path));
    expect(outs).toMatchObject({ status: "active", verified: true });
    // The emulator checks the signature (401 otherwise); no token login happened.
    expect(emu.count("POST", "/janus/authenticate")).toBe(0);
    expect(emu.requests().find((r) => r.method === "PUT")?.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("sends a cut-off upload again into the same image, never making a second one", async () => {
    const file = vmaFile("cut.vma", 2 * 1024 * 1024);
    emu.breakUploads(2);
    const { id, outs } = await create(args(file.path));
    expect(outs).toMatchObject({ status: "active", uploadAttempts: 3, verified: true });
    expect(emu.count("POST", "/janus/20180725/images")).toBe(1);
    expect(emu.inventory().images.map((i) => i.id)).toEqual([id]);
    expect(lines().filter((l) => /upload attempt \d of 3 into image .* failed/.test(l))).toHaveLength(2);
  });

  it("logs in again after an upload answered 401 (the session ran out during it), and sends it again", async () => {
    const file = vmaFile("relogin.vma", 100_000);
    emu.addFaults([{ method: "PUT", path: "/janus/20180725/images/:id/upload", kind: { type: "status", status: 401, body: { code: 401, errcode: "0x01000401", message: "The token is invalid or expired" } } }]);
    const { outs } = await create(args(file.path));
    expect(outs).toMatchObject({ uploadAttempts: 2, verified: true });
    expect(emu.count("POST", "/janus/authenticate")).toBe(2);
  });

  it("replaces an image whose stored sha256 differs with a fresh one, deleting the first before making the second", async () => {
    const file = vmaFile("bad.vma", 100_000);
    emu.corruptUploads(1);
    const { id, outs } = await create(args(file.path));
    expect(outs).toMatchObject({ uploadAttempts: 2, serverSha256: file.sha256, verified: true });
    expect(lines().some((l) => l.includes("the upload arrived changed") && l.includes("replaced by a fresh one"))).toBe(true);
    // The image that holds the changed bytes is deleted before the fresh one is made: never two.
    const log = emu.requests().map((r) => `${r.method} ${r.route}`);
    expect(log.indexOf("DELETE /janus/20180725/images/:id")).toBeLessThan(log.lastIndexOf("POST /janus/20180725/images"));
    expect(emu.count("POST", "/janus/20180725/images")).toBe(2);
    expect(emu.inventory().images.map((i) => i.id)).toEqual([id]);
  });

  it("gives up after three broken uploads, deletes the image and says how many it tried", async () => {
    const file = vmaFile("hopeless.vma", 100_000);
    emu.breakUploads(5);
    await expect(create(args(file.path))).rejects.toThrow(/uploading .*hopeless\.vma into image \S+ failed after 3 attempts/);
    expect(emu.inventory().images).toEqual([]);
    expect(emu.requests().filter((r) => r.method === "PUT" && r.path.endsWith("/upload"))).toHaveLength(3);
  });

  it("says the upload is unverified when SCP reports no sha256", async () => {
    emu.setKnobs({ reportSha256: false });
    const file = vmaFile("quiet.vma", 50_000);
    const { outs } = await create(args(file.path));
    expect(outs).toMatchObject({ serverSha256: null, verified: false, uploadAttempts: 1, status: "active" });
    expect(lines().some((l) => l.includes("SCP reported no sha256") && l.includes(file.sha256))).toBe(true);
  });

  it("refuses a file whose sha256 is not the one given, a missing file, and an unknown pool, before sending anything that changes SCP", async () => {
    const file = vmaFile("other.vma", 10_000);
    await expect(create(args(file.path, { sha256: "0".repeat(64) }))).rejects.toThrow(`has sha256 ${file.sha256}, not the ${"0".repeat(64)} the program gives (sha256): nothing was sent`);
    await expect(create(args(join(dir, "absent.vma")))).rejects.toThrow(/the VMA file .*absent\.vma cannot be read: ENOENT/);
    await expect(create(args(file.path, { azId: "az-9" }))).rejects.toThrow('resource pool "az-9" does not exist in Sangfor Cloud Platform; it has: az-1 (HCI-AZ1), az-2 (HCI-AZ2), az-3 (HCI-AZ3)');
    expect(emu.requests().filter((r) => r.method !== "GET" && r.path.startsWith("/janus/20"))).toEqual([]);
  });

  it("needs adopt for an image of the same name in the pool, and adopts one never uploaded by uploading into it", async () => {
    const file = vmaFile("adopt.vma", 40_000);
    const first = await create(args(file.path));
    await expect(create(args(file.path))).rejects.toThrow(`an image named "proxy-golden" in resource pool az-2 already exists (${first.id}). Set adopt: true`);
    // The same name in another pool is another image.
    const other = await create(args(file.path, { azId: "az-1" }));
    expect(other.id).not.toBe(first.id);
    const adopted = await create(args(file.path, { adopt: true }));
    expect(adopted).toMatchObject({ id: first.id, outs: { adopted: true, verified: true, uploadAttempts: 0 } });
  });

  it("reads, describes in place, and deletes", async () => {
    const file = vmaFile("rud.vma", 10_000);
    const made = await create(args(file.path));
    const read = await provider.read!(made.id, made.outs!);
    expect(read.props).toMatchObject({ status: "active", azIds: ["az-2"], serverSha256: file.sha256 });
    const updated = await provider.update!(made.id, made.outs!, { ...args(file.path, { description: "golden" }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ description: "golden" });
    await provider.delete!(made.id, updated.outs!);
    expect(emu.inventory().images).toEqual([]);
  });
});
