import { constants, createPublicKey, publicEncrypt } from "node:crypto";
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScpEmulator, type ScpEmulator } from "../../emulators";

/*
 * Pins the SCP emulator's answers to the documented shapes, over raw HTTP and without the provider's
 * client. The seed (../shared/seeds/scp-backup-proxy-openapi.txt) has no example bodies, so every
 * shape below is quoted from the public SDK erelbi/sangfor-scp, with the file it comes from.
 */

let emu: ScpEmulator;
let agent: Agent;
let token = "";

beforeAll(async () => {
  emu = await startScpEmulator({ knobs: { taskMs: 200 } });
  agent = new Agent({ connect: { ca: emu.caCert } });
  // sangfor_scp/auth/token.py: GET /janus/public-key (hex modulus, e = 65537), PKCS#1 v1.5, hex.
  const key = await call("GET", "/janus/public-key");
  const modulus = String((key.body.data as { public_key: string }).public_key);
  const publicKey = createPublicKey({ key: { kty: "RSA", n: Buffer.from(modulus, "hex").toString("base64url"), e: "AQAB" }, format: "jwk" });
  const password = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(emu.credentials.password)).toString("hex");
  const auth = await call("POST", "/janus/authenticate", { auth: { passwordCredentials: { username: emu.credentials.username, password } } });
  token = String((auth.body.data as { access: { token: { id: string } } }).access.token.id);
});
afterAll(async () => {
  await agent.close();
  await emu.close();
});
beforeEach(() => emu.setKnobs({ pageSize: 20, maxPageSize: 100, failTasks: false }));

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await request(`${emu.url}${path}`, {
    method: method as "GET",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Token ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/**
 * sangfor_scp/base.py, PaginatedResource ("SCP standart pagination"): the answer's data is
 * `{total_size, page_num, page_size, next_page_num, data}`, page_num from 0, page_size at most 100,
 * next_page_num a string, "" on the last page. sangfor_scp/client.py returns `body["data"]`.
 */
function expectPage(answer: Answer, page: { total_size: number; page_num: number; page_size: number; next_page_num: string; names: string[] }): void {
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ code: 0, message: "" });
  const data = answer.body.data as Record<string, unknown>;
  expect(Object.keys(data).sort()).toEqual(["data", "next_page_num", "page_num", "page_size", "total_size"]);
  const { names, ...meta } = page;
  expect({ ...data, data: undefined }).toEqual({ ...meta, data: undefined });
  expect((data.data as { name: string }[]).map((i) => i.name)).toEqual(names);
}

/** sangfor_scp/exceptions.py raise_for_status: the error body's `message` and `errcode` ("0x...", else `code`). */
const errorBody = (status: number, message: RegExp) => ({ status, body: { code: status, errcode: expect.stringMatching(/^0x[0-9A-F]+$/), message: expect.stringMatching(message) } });

describe("SCP emulator: token authentication (sangfor_scp/auth/token.py)", () => {
  it("answers the public key as data.public_key in hex and a login as data.access.token.id, in the {code, message, data} envelope", async () => {
    const key = await call("GET", "/janus/public-key");
    expect(key).toEqual({ status: 200, body: { code: 0, message: "", data: { public_key: expect.stringMatching(/^[0-9a-f]{512}$/) } } });
    expect(token).toMatch(/^\S{16,}$/);
  });

  it("refuses a wrong password, a missing token and a bad one with 401 and the error body", async () => {
    const wrong = await call("POST", "/janus/authenticate", { auth: { passwordCredentials: { username: emu.credentials.username, password: "00" } } });
    expect(wrong).toEqual(errorBody(401, /password/));
    expect(await call("GET", "/janus/20180725/servers", undefined, { authorization: "" })).toEqual(errorBody(401, /Authentication required/));
    expect(await call("GET", "/janus/20180725/servers", undefined, { authorization: "Token not-a-token" })).toEqual(errorBody(401, /invalid or expired/));
  });
});

describe("SCP emulator: servers (sangfor_scp/resources/servers.py)", () => {
  it("answers a create with {uuids, task_id}, its finished task as docs/index.html shows it, and a delete with {task_id}", async () => {
    const imageId = emu.seedImage({ name: "server-src" });
    const made = await call("POST", "/janus/20180725/servers", { az_id: "az-1", image_id: imageId, storage_tag_id: "tag-1", cores: 2, memory_mb: 2048, name: "contract-vm", networks: [{ vpc_id: "v", subnet_id: "s" }], power_on: true });
    expect(made).toEqual({ status: 200, body: { code: 0, message: "", data: { uuids: [expect.any(String)], task_id: expect.any(String) } } });
    const { uuids, task_id } = made.body.data as { uuids: string[]; task_id: string };
    await sleep(300);
    expect(await task(task_id)).toMatchObject({ id: task_id, status: "finish", progress: 100, description: expect.stringMatching(/success$/) });
    const vm = await call("GET", `/janus/20180725/servers/${uuids[0]}`);
    expect(vm.body.data).toMatchObject({ id: uuids[0], name: "contract-vm", status: "running", az_id: "az-1", cores: 2, memory_mb: 2048, networks: [{ vpc_id: "v", subnet_id: "s" }] });
    expect(await call("DELETE", `/janus/20180725/servers/${uuids[0]}`)).toEqual({ status: 200, body: { code: 0, message: "", data: { task_id: expect.any(String) } } });
  });

  it("answers an unknown server or image with 404 and the error body", async () => {
    expect(await call("GET", "/janus/20180725/servers/no-such-vm")).toEqual(errorBody(404, /not found/));
    expect(await call("GET", "/janus/20180725/images/no-such-image")).toEqual(errorBody(404, /not found/));
    expect(await call("PUT", "/janus/20180725/images/no-such-image", { description: "x" })).toEqual(errorBody(404, /not found/));
  });
});

describe("SCP emulator: paged lists (erelbi/sangfor-scp sangfor_scp/base.py)", () => {
  it("pages servers by page_num and page_size, with name as a partial match (sangfor_scp/resources/servers.py)", async () => {
    for (const name of ["pg-vm-1", "pg-vm-2", "pg-vm-3", "other-vm"]) emu.seedServer({ name });
    expectPage(await call("GET", "/janus/20180725/servers?name=pg-vm&page_num=0&page_size=2"), { total_size: 3, page_num: 0, page_size: 2, next_page_num: "1", names: ["pg-vm-1", "pg-vm-2"] });
    expectPage(await call("GET", "/janus/20180725/servers?name=pg-vm&page_num=1&page_size=2"), { total_size: 3, page_num: 1, page_size: 2, next_page_num: "", names: ["pg-vm-3"] });
    const item = ((await call("GET", "/janus/20180725/servers?name=pg-vm-1")).body.data as { data: Record<string, unknown>[] }).data[0];
    // sangfor_scp/resources/servers.py get(): "id, name, status, az_id, host_id, cores, memory_mb, disks, networks".
    expect(item).toMatchObject({ id: expect.any(String), name: "pg-vm-1", status: "running", az_id: expect.any(String), cores: expect.any(Number), memory_mb: expect.any(Number), networks: expect.any(Array) });
  });

  it("pages images, filters by image_type, and serves the server's page size when none is asked (sangfor_scp/resources/images.py)", async () => {
    for (const name of ["pg-img-1", "pg-img-2", "pg-img-3"]) emu.seedImage({ name });
    emu.setKnobs({ pageSize: 2 });
    expectPage(await call("GET", "/janus/20180725/images?name=pg-img"), { total_size: 3, page_num: 0, page_size: 2, next_page_num: "1", names: ["pg-img-1", "pg-img-2"] });
    expectPage(await call("GET", "/janus/20180725/images?name=pg-img&image_type=public"), { total_size: 0, page_num: 0, page_size: 2, next_page_num: "", names: [] });
    // A server may hold pages smaller than asked: page_size reports what it used.
    emu.setKnobs({ maxPageSize: 1 });
    expectPage(await call("GET", "/janus/20180725/images?name=pg-img&image_type=private&page_num=2&page_size=100"), { total_size: 3, page_num: 2, page_size: 1, next_page_num: "", names: ["pg-img-3"] });
  });

  it("refuses a page size above 100 or a negative page number with the documented error body", async () => {
    for (const query of ["page_size=101", "page_num=-1", "page_size=0"]) {
      const answer = await call("GET", `/janus/20180725/images?${query}`);
      expect(answer.status).toBe(400);
      expect(answer).toEqual(errorBody(400, /page_/));
    }
  });
});

/**
 * A task as sangfor_scp/resources/tasks.py reads it: `get` documents `{task_id, status, progress,
 * action, ...}`, the SDK's docs/index.html shows `{id, status, progress, description}` after
 * `tasks.wait()`; status waiting | doing | finish | failure (progress -2, 0-99, 100, -1), and
 * `wait` raises with `description` on failure.
 */
async function task(id: string): Promise<Record<string, unknown>> {
  const answer = await call("GET", `/janus/20180725/tasks/${id}`);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ code: 0, message: "" });
  const data = answer.body.data as Record<string, unknown>;
  expect(data).toMatchObject({ id, task_id: id, status: expect.stringMatching(/^(waiting|doing|finish|failure)$/), progress: expect.any(Number), action: expect.any(String), description: expect.any(String) });
  return data;
}

const image = async (id: string) => (await call("GET", `/janus/20180725/images/${id}`)).body.data as Record<string, unknown>;

describe("SCP emulator: images (sangfor_scp/resources/images.py)", () => {
  it("reports visibility as image_type and visibility, not as an is_public flag", async () => {
    const id = emu.seedImage({ name: "fields-img" });
    const one = await image(id);
    // get(): "id, name, status, disk_format, image_type, os_type, size_mb, visibility, azs"; image_type public | private.
    expect(one).toMatchObject({ id, name: "fields-img", status: "active", image_type: "private", visibility: "private" });
    expect(one).not.toHaveProperty("is_public");
    const listed = ((await call("GET", "/janus/20180725/images?name=fields-img")).body.data as { data: Record<string, unknown>[] }).data;
    expect(listed).toEqual([one]);
  });
});

describe("SCP emulator: task-returning mutations (sangfor_scp/resources/tasks.py)", () => {
  it("answers an image edit with its task_id and applies the edit only when the task finishes", async () => {
    const id = emu.seedImage({ name: "task-img" });
    const put = await call("PUT", `/janus/20180725/images/${id}`, { description: "v2" });
    expect(put).toEqual({ status: 200, body: { code: 0, message: "", data: { task_id: expect.any(String) } } });
    const taskId = String((put.body.data as { task_id: string }).task_id);
    expect(await task(taskId)).toMatchObject({ status: "doing", progress: expect.toSatisfy((p: number) => p >= 0 && p < 100) });
    expect(await image(id)).toMatchObject({ description: "" });
    await sleep(300);
    expect(await task(taskId)).toMatchObject({ status: "finish", progress: 100 });
    expect(await image(id)).toMatchObject({ description: "v2" });
  });

  it("ends a failed task in failure with the reason in description, and the edit is not applied", async () => {
    const id = emu.seedImage({ name: "task-img-2" });
    emu.setKnobs({ failTasks: true });
    const taskId = String(((await call("PUT", `/janus/20180725/images/${id}`, { description: "v2" })).body.data as { task_id: string }).task_id);
    await sleep(300);
    expect(await task(taskId)).toMatchObject({ status: "failure", progress: -1, description: expect.stringMatching(/.{10}/) });
    expect(await image(id)).toMatchObject({ description: "" });
  });

  it("answers an unknown task with 404 and the documented error body", async () => {
    expect(await call("GET", "/janus/20180725/tasks/no-such-task")).toEqual(errorBody(404, /not found/));
  });
});

/** 409 is SCPConflictError (sangfor_scp/exceptions.py _STATUS_TO_EXCEPTION). */
const conflict = (message: RegExp) => errorBody(409, message);

describe("SCP emulator: busy objects (sangfor_scp/exceptions.py)", () => {
  it("answers 409 with the error body while an object's task runs, and takes the request once it has finished", async () => {
    const vm = emu.seedServer({ name: "busy-vm" });
    const rename = await call("PUT", `/janus/20180725/servers/${vm}`, { name: "busy-vm-2" });
    const taskId = String((rename.body.data as { task_id: string }).task_id);
    const busy = new RegExp(`task ${taskId}`);
    expect(await call("PUT", `/janus/20180725/servers/${vm}`, { name: "busy-vm-3" })).toEqual(conflict(busy));
    expect(await call("DELETE", `/janus/20180725/servers/${vm}`)).toEqual(conflict(busy));
    const img = emu.seedImage({ name: "busy-img" });
    emu.occupy(img, 200);
    expect(await call("PUT", `/janus/20180725/images/${img}`, { description: "x" })).toEqual(conflict(/is busy/));
    expect(await call("POST", `/janus/20240725/images/${img}/export`, {})).toEqual(conflict(/is busy/));
    await sleep(300);
    expect((await call("PUT", `/janus/20180725/servers/${vm}`, { name: "busy-vm-3" })).status).toBe(200);
    expect((await call("PUT", `/janus/20180725/images/${img}`, { description: "x" })).status).toBe(200);
  });

  it("answers a resent request (the same X-Client-Token) with its first answer rather than 409", async () => {
    const vm = emu.seedServer({ name: "resent-vm" });
    const first = await call("PUT", `/janus/20180725/servers/${vm}`, { name: "resent-vm-2" }, { "x-client-token": "token-resent-1" });
    expect(await call("PUT", `/janus/20180725/servers/${vm}`, { name: "resent-vm-2" }, { "x-client-token": "token-resent-1" })).toEqual(first);
  });

  // Sangfor Cloud APIs 6.11.1 (public spec snapshot, docs/research/issue-16-scp.md §3-§7): azs list,
  // createImage 201 {id, task_id}, uploadImage {task_id}, Image {azs[{id, arch_type, is_available}]}.
  it("lists resource pools, creates an image (201 {id, task_id}), takes its file as a raw body and shows it in its pool", async () => {
    const pools = await call("GET", "/janus/20180725/azs");
    expect(pools.body).toMatchObject({ code: 0, data: { next_page_num: "", data: [expect.objectContaining({ id: "az-1", status: "normal", type: "hci" }), expect.objectContaining({ id: "az-2" }), expect.objectContaining({ id: "az-3", tag: "private" })] } });
    expect((await call("POST", "/janus/20180725/images", { name: "raw", azs: ["az-1"], image_type: "private" })).status).toBe(400);
    const made = await call("POST", "/janus/20180725/images", { name: "raw-upload", azs: ["az-2"], disk_format: "aCloud", image_type: "private", owner_id: "admin-1" });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ code: 0, message: "", data: { id: expect.any(String), task_id: expect.any(String) } });
    const id = String((made.body.data as { id: string }).id);
    await sleep(250);
    expect((await call("GET", `/janus/20180725/images/${id}`)).body.data).toMatchObject({ status: "deactivated", azs: [{ id: "az-2", arch_type: "hci_x86", is_available: 0 }] });
    const file = Buffer.from("VMA-bytes");
    const res = await request(`${emu.url}/janus/20180725/images/${id}/upload`, { method: "PUT", headers: { authorization: `Token ${token}`, "content-type": "application/octet-stream" }, body: file, dispatcher: agent });
    const up = JSON.parse(await res.body.text()) as { data: { task_id: string } };
    expect(res.statusCode).toBe(200);
    expect(up).toEqual({ code: 0, message: "", data: { task_id: expect.any(String) } });
    await sleep(250);
    expect((await call("GET", `/janus/20180725/images?az_id=az-2&name=raw-upload`)).body.data).toMatchObject({ data: [expect.objectContaining({ id, status: "active", disk_format: "aCloud", azs: [{ id: "az-2", arch_type: "hci_x86", is_available: 1 }] })] });
    expect((await call("GET", `/janus/20180725/images?az_id=az-1&name=raw-upload`)).body.data).toMatchObject({ total_size: 0 });
    // A VM is made from an image only in a pool it is in.
    const vm = await call("POST", "/janus/20180725/servers", { az_id: "az-1", image_id: id, storage_tag_id: "t", cores: 1, memory_mb: 512, name: "wrong-pool", networks: [{ vpc_id: "v", subnet_id: "s" }] });
    expect(vm).toMatchObject({ status: 400, body: { message: `image ${id} is not available in resource pool az-1 (it is in az-2)` } });
    emu.removeImage(id);
  });
});
