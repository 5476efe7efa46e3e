import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetScpClients } from "../../../providers/scp/client";
import { provider } from "../../../providers/scp/image.provider";
import { captureStderr } from "../capture-stderr";
import { configureScp, useScpEmulator } from "./setup";

const emu = useScpEmulator({ knobs: { taskMs: 50, exportBytes: 300_000 } });
let dir: string;
let stderr: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "scp-export-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  stderr = captureStderr();
});
afterEach(() => {
  vi.restoreAllMocks();
  emu.setKnobs({ maxPageSize: 100, failTasks: false, taskMs: 50 });
});

const args = (vm: string, name: string, extra: Record<string, unknown> = {}) => ({ sourceVmId: vm, name, ownerId: "admin-0001", description: "proxy image", ...extra });
const create = (inputs: Record<string, unknown>) => provider.create({ ...inputs, __provider: "shim" });

describe("ScpBackupProxyImage against the SCP emulator", () => {
  it("logs in with an RSA-encrypted password, marks the VM a backup proxy, creates a private image and exports it", async () => {
    const vm = emu.seedServer({ name: "proxy-template" });
    const path = join(dir, "nested", "proxy.vma");
    const { id, outs } = await create(args(vm, "proxy-image", { exportPath: path }));
    const log = emu.requests();
    const login = log.find((r) => r.path === "/janus/authenticate");
    const encrypted = (login?.body as { auth: { passwordCredentials: { password: string } } }).auth.passwordCredentials.password;
    expect(encrypted).toMatch(/^[0-9a-f]{512}$/);
    expect(log.find((r) => r.method === "PUT")?.body).toEqual({ os_name: "Backup Proxy" });
    expect(log.find((r) => r.path === "/janus/20180725/images/action")?.body).toEqual({
      action: "create_from_server",
      server_id: vm,
      name: "proxy-image",
      description: "proxy image",
      owner_id: "admin-0001",
      is_public: false,
      image_format: "vma",
    });
    expect(log.filter((r) => (r.method === "POST" || r.method === "PUT") && r.path.startsWith("/janus/20")).every((r) => /^[0-9a-f-]{36}$/.test(r.headers["x-client-token"] ?? ""))).toBe(true);
    expect(log.find((r) => r.path !== "/janus/public-key" && r.path !== "/janus/authenticate")?.headers.authorization).toBe("Token <redacted>");
    const bytes = readFileSync(path);
    expect(bytes.equals(emu.vmaBytes(id))).toBe(true);
    expect(outs).toMatchObject({ osNameChanged: true, isPublic: false, ownerId: "admin-0001", status: "active", exportBytes: 300_000, exportSha256: createHash("sha256").update(bytes).digest("hex") });
    expect(existsSync(`${path}.partial`)).toBe(false);
    expect(emu.count("POST", "/janus/authenticate")).toBe(1);

    const again = await create(args(vm, "proxy-image-2"));
    expect(again.outs).toMatchObject({ osNameChanged: false });
    for (const made of [{ id, outs }, again]) await provider.delete!(made.id, made.outs!);
    expect(emu.inventory().images).toEqual([]);
  });

  it("reads, updates the description in place, and sees deletion", async () => {
    const vm = emu.seedServer({ name: "t2", osName: "Backup Proxy" });
    const made = await create(args(vm, "img-rud"));
    expect(await provider.diff!(made.id, made.outs!, args(vm, "img-rud"))).toMatchObject({ changes: false });
    expect((await provider.diff!(made.id, made.outs!, args(vm, "img-renamed"))).replaces).toEqual(["name"]);
    const updated = await provider.update!(made.id, made.outs!, { ...args(vm, "img-rud", { description: "v2" }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ description: "v2" });
    await provider.delete!(made.id, made.outs!);
    expect(await provider.read!(made.id, made.outs!)).toEqual({});
  });

  it("updates the description only as its task finishes, and fails the update when the task fails", async () => {
    const vm = emu.seedServer({ name: "t-desc", osName: "Backup Proxy" });
    const made = await create(args(vm, "img-desc"));
    emu.setKnobs({ taskMs: 400 });
    emu.clearLog();
    const updated = await provider.update!(made.id, made.outs!, { ...args(vm, "img-desc", { description: "v2" }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ description: "v2" });
    expect(emu.count("GET", "/janus/20180725/tasks/:id")).toBeGreaterThan(0);
    emu.setKnobs({ failTasks: true, taskMs: 50 });
    const error = (await provider.update!(made.id, updated.outs!, { ...args(vm, "img-desc", { description: "v3" }), __provider: "shim" }).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/^ScpBackupProxyImage "img-desc" update failed: task [0-9a-f-]+ failed: the image could not be edited$/);
    expect(emu.inventory().images.find((i) => i.id === made.id)?.description).toBe("v2");
    emu.setKnobs({ failTasks: false });
    await provider.delete!(made.id, updated.outs!);
  });

  it("after lost answers returns the image it finds only once the image's task has finished", async () => {
    const vm = emu.seedServer({ name: "t-lost", osName: "Backup Proxy" });
    emu.setKnobs({ taskMs: 6_000 });
    emu.addFaults([{ method: "POST", path: "/janus/20180725/images/action", times: 5, kind: { type: "commit-then-drop" } }]);
    const started = Date.now();
    const { id, outs } = await create(args(vm, "img-lost"));
    expect(emu.count("POST", "/janus/20180725/images/action")).toBe(5);
    expect(emu.inventory().images.filter((i) => i.name === "img-lost").map((i) => i.id)).toEqual([id]);
    expect(outs).toMatchObject({ name: "img-lost", status: "active" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    emu.setKnobs({ taskMs: 50 });
    await provider.delete!(id, outs!);
  }, 30_000);

  it("retries a busy image's update with backoff until its task has ended", async () => {
    const vm = emu.seedServer({ name: "t-busy", osName: "Backup Proxy" });
    const made = await create(args(vm, "img-busy"));
    emu.occupy(made.id, 1_000);
    emu.clearLog();
    const updated = await provider.update!(made.id, made.outs!, { ...args(vm, "img-busy", { description: "v2" }), __provider: "shim" });
    expect(updated.outs).toMatchObject({ description: "v2" });
    const puts = emu.requests().filter((r) => r.method === "PUT");
    expect(puts.length).toBeGreaterThanOrEqual(2);
    expect(puts.slice(0, -1).every((r) => r.status === 409)).toBe(true);
    expect(puts.at(-1)?.status).toBe(200);
    // Each attempt after a 409 is a new request, under a new X-Client-Token.
    expect(new Set(puts.map((r) => r.headers["x-client-token"])).size).toBe(puts.length);
    await provider.delete!(made.id, updated.outs!);
  });

  it("gives up on a busy object at the operation's deadline, naming the vendor's code and errcode", async () => {
    const vm = emu.seedServer({ name: "t-busy-2", osName: "Backup Proxy" });
    const made = await create(args(vm, "img-busy-2"));
    emu.occupy(made.id, 20_000);
    const started = Date.now();
    const error = (await provider.update!(made.id, made.outs!, { ...args(vm, "img-busy-2", { description: "v2", timeouts: { update: "2s" } }), __provider: "shim" }).catch((e: Error) => e)) as Error;
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(error.message).toMatch(
      /^ScpBackupProxyImage "img-busy-2" update did not finish within 2s \(raise it with the `timeouts` input\): the object was still busy: \S+ is busy: task [0-9a-f-]+ \(console_operation\) is running on it; try again when it has finished \[Sangfor Cloud Platform code 409, errcode 0x01000409, HTTP 409, PUT \/janus\/20180725\/images\/\S+\]$/,
    );
    // Any other error names them too.
    const missing = (await create(args("no-such-vm", "img-nowhere")).catch((e: Error) => e)) as Error;
    expect(missing.message).toMatch(/Server not found \[Sangfor Cloud Platform code 404, errcode 0x01000404, HTTP 404, GET \/janus\/20180725\/servers\/no-such-vm\]$/);
    emu.removeImage(made.id);
  });

  it("reports isPublic from the image_type or visibility SCP reports, and null when the answer does not say", async () => {
    const vm = emu.seedServer({ name: "t-vis", osName: "Backup Proxy" });
    const seeded = { public: emu.seedImage({ name: "vis-public", imageType: "public" }), silent: emu.seedImage({ name: "vis-silent", imageType: null }) };
    const pub = await create(args(vm, "vis-public", { adopt: true }));
    expect(pub.outs).toMatchObject({ isPublic: true });
    const silent = await create(args(vm, "vis-silent", { adopt: true }));
    expect(silent.outs).toHaveProperty("isPublic", null);
    // A state an earlier release wrote, with the guess "private", loses the guess on refresh.
    expect(await provider.read!(seeded.silent, { ...silent.outs!, isPublic: false })).toMatchObject({ props: { isPublic: null } });
    // visibility alone says it too.
    emu.addFaults([{ method: "GET", path: "/janus/20180725/images/:id", kind: { type: "status", status: 200, body: { code: 0, message: "", data: { id: seeded.silent, name: "vis-silent", status: "active", visibility: "public" } } } }]);
    expect(await provider.read!(seeded.silent, silent.outs!)).toMatchObject({ props: { isPublic: true } });
    Object.values(seeded).forEach((id) => emu.removeImage(id));
  });

  it("adopts an image by name", async () => {
    const vm = emu.seedServer({ name: "t3", osName: "Backup Proxy" });
    const first = await create(args(vm, "img-adopt"));
    await expect(create(args(vm, "img-adopt"))).rejects.toThrow(/already exists .* Set adopt: true/);
    const adopted = await create(args(vm, "img-adopt", { adopt: true }));
    expect(adopted).toMatchObject({ id: first.id, outs: { adopted: true } });
    await provider.delete!(first.id, first.outs!);
  });

  it("finds an image by its exact name past page one, where the list's name filter also matches others", async () => {
    const vm = emu.seedServer({ name: "t-paged", osName: "Backup Proxy" });
    const decoys = [emu.seedImage({ name: "paged-img-old" }), emu.seedImage({ name: "paged-img-2" })];
    const exact = emu.seedImage({ name: "paged-img" });
    emu.setKnobs({ maxPageSize: 1 });
    await expect(create(args(vm, "paged-img"))).rejects.toThrow(`an image with this name already exists (${exact})`);
    const pages = emu.requests().filter((r) => r.method === "GET" && r.path === "/janus/20180725/images");
    expect(pages.map((r) => r.query)).toEqual([0, 1, 2].map((n) => ({ name: "paged-img", page_num: String(n), page_size: "100" })));
    const adopted = await create(args(vm, "paged-img", { adopt: true }));
    expect(adopted).toMatchObject({ id: exact, outs: { adopted: true, name: "paged-img" } });
    // Only partial matches: a new image is made.
    const fresh = await create(args(vm, "paged-im"));
    expect(fresh.outs).toMatchObject({ adopted: false, name: "paged-im" });
    for (const made of [adopted, fresh]) await provider.delete!(made.id, made.outs!);
    decoys.forEach((id) => emu.removeImage(id));
  });

  it("fails with one line naming the request and what was expected when an answer has another shape", async () => {
    const vm = emu.seedServer({ name: "t-shape", osName: "Backup Proxy" });
    emu.addFaults([{ method: "GET", path: "/janus/20180725/images", kind: { type: "status", status: 200, body: { code: 0, message: "", data: [{ id: "i-1", name: "shape-img" }] } } }]);
    const bare = (await create(args(vm, "shape-img")).catch((e: Error) => e)) as Error;
    expect(bare.message).toBe(
      'ScpBackupProxyImage "shape-img" create failed: Sangfor Cloud Platform answered GET /janus/20180725/images?name=shape-img&page_num=0&page_size=100 with an unexpected shape: data: Invalid input: expected object, received array',
    );
    emu.addFaults([{ method: "GET", path: "/janus/20180725/tasks/:id", kind: { type: "status", status: 200, body: { code: 0, message: "", data: { id: "t-1", progress: 50 } } } }]);
    const task = (await create(args(vm, "shape-img")).catch((e: Error) => e)) as Error;
    expect(task.message).toMatch(/^ScpBackupProxyImage "shape-img" create failed: Sangfor Cloud Platform answered GET \/janus\/20180725\/tasks\/[0-9a-f-]+ with an unexpected shape: data\.status: Invalid input: expected string, received undefined$/);
    for (const i of emu.inventory().images.filter((i) => i.name === "shape-img")) emu.removeImage(i.id);
  });

  it("names the failed task and its reason, and leaves no orphan image", async () => {
    const vm = emu.seedServer({ name: "t4", osName: "Backup Proxy" });
    await expect(create(args(vm, "fail-image"))).rejects.toThrow(/task [0-9a-f-]+ failed: the image store ran out of space/);
    expect(emu.inventory().images).toEqual([]);
  });

  it("signs requests with AK/SK instead of logging in", async () => {
    configureScp(emu, "aksk");
    const vm = emu.seedServer({ name: "t5", osName: "Backup Proxy" });
    const made = await create(args(vm, "img-aksk"));
    expect(emu.count("POST", "/janus/authenticate")).toBe(0);
    expect(emu.requests().find((r) => r.method === "POST")?.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    await provider.delete!(made.id, made.outs!);
    resetScpClients();
    configureScp(emu, "aksk", { "scp:secretKey": "not-the-secret-key" });
    const error = (await create(args(vm, "img-badsig")).catch((e: Error) => e)) as Error;
    expect(error.message).toMatch(/The request signature does not match/);
    expect(`${error.message}${error.stack}${stderr.join("")}`).not.toContain("not-the-secret-key");
  });

  it("sends nothing for an empty source VM id", async () => {
    for (const [news, property] of [
      [args("", "x"), "sourceVmId"],
      [args("vm", ""), "name"],
      [args("vm", "x", { ownerId: "" }), "ownerId"],
    ] as [Record<string, unknown>, string][]) {
      expect(((await provider.check!({}, news)).failures ?? []).map((f) => f.property)).toContain(property);
    }
    expect(emu.requests()).toHaveLength(0);
  });
});
