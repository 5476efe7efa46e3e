import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetSppClients } from "../../../providers/spp/client";
import { provider } from "../../../providers/spp/hypervisor.provider";

let emu: SppEmulator;

beforeAll(async () => {
  emu = await startSppEmulator({ knobs: { inventoryMs: 20 } });
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  resetSppClients();
  const values = emu.stackConfig();
  setStackConfig({ get: (k) => values[k] });
  emu.clearFaults();
});

const inputs = (host: string, extra: Record<string, unknown> = {}) => ({ hostAddress: host, type: "vmware", username: "administrator@vsphere.local", password: "vc-Password-1", __provider: "shim", ...extra });
const registered = async (host: string) => provider.create(inputs(host));

/** The message, or for a create recorded as partial (init failed), its first reason. */
async function failure(call: () => Promise<unknown>): Promise<string> {
  const error = (await call().catch((e: unknown) => e)) as Error & { reasons?: string[] };
  expect(error).toBeInstanceOf(Error);
  return error.reasons?.[0] ?? error.message;
}

/** [what, the route whose answer is bent, its method, the bent 200 body, the call, the one line expected]. */
const CASES: [string, string, string, unknown, () => Promise<unknown>, string | RegExp][] = [
  ["the login", "POST", "/api/endeavour/session", { session: "abc" }, () => provider.read!("1001", { hostAddress: "x" }), "POST /api/endeavour/session with an unexpected shape: sessionid: Invalid input: expected string, received undefined"],
  ["read", "GET", "/api/hypervisor/:id", { id: "1001", type: "vmware" }, () => provider.read!("1001", { hostAddress: "x" }), "GET /api/hypervisor/1001 with an unexpected shape: hostAddress: Invalid input: expected string, received undefined"],
  ["create's lookup by host", "GET", "/api/hypervisor", { hypervisor: [] }, () => provider.create(inputs("bent-list.example")), "GET /api/hypervisor with an unexpected shape: hypervisors: Invalid input: expected array, received undefined"],
  ["create", "POST", "/ngp/hypervisor", { statusCode: 201, response: { id: "1001", hostAddress: "bent-post.example", type: "vmware", portNumber: "443" } }, () => provider.create(inputs("bent-post.example")), "POST /ngp/hypervisor with an unexpected shape: portNumber: Invalid input: expected number, received string"],
  ["the inventory job list", "GET", "/api/endeavour/job", { jobs: [{ id: "1004" }] }, () => provider.create(inputs("bent-jobs.example", { waitForInventory: true })), "GET /api/endeavour/job with an unexpected shape: jobs[0].name: Invalid input: expected string, received undefined"],
  ["the inventory job", "GET", "/api/endeavour/job/:id", { id: "1004", name: "Hypervisor Inventory", lastrun: [] }, () => provider.create(inputs("bent-job.example", { waitForInventory: true })), "GET /api/endeavour/job/1004 with an unexpected shape: lastrun: Invalid input: expected object, received array"],
  ["the job session", "GET", "/api/endeavour/jobsession/:id", { state: "COMPLETED" }, () => provider.create(inputs("bent-session.example", { waitForInventory: true })), /GET \/api\/endeavour\/jobsession\/\d+ with an unexpected shape: status: Invalid input: expected string, received undefined$/],
];

describe("SPP answers of an unexpected shape", () => {
  it.each(CASES)("%s: one line naming the request and the field", async (_what, method, route, body, call, expected) => {
    emu.addFaults([{ method, path: route, kind: { type: "status", status: 200, body } }]);
    const message = await failure(call);
    if (typeof expected === "string") expect(message).toContain(`Spectrum Protect Plus answered ${expected}`);
    else expect(message).toMatch(expected);
    expect(message).not.toContain("\n");
  });

  it("update and adopt: PUT /ngp/hypervisor/{id}", async () => {
    const made = await registered("bent-put.example");
    emu.addFaults([{ method: "PUT", path: "/ngp/hypervisor/:id", times: 2, kind: { type: "status", status: 200, body: { statusCode: 200, response: { id: made.id } } } }]);
    const expected = `Spectrum Protect Plus answered PUT /ngp/hypervisor/${made.id} with an unexpected shape: hostAddress: Invalid input: expected string, received undefined (and 1 more)`;
    const update = await failure(() => provider.update!(made.id, made.outs, inputs("bent-put.example", { portNumber: 8443 })));
    expect(update).toContain(expected);
    expect(update).not.toContain("\n");
    const adopt = await failure(() => provider.create(inputs("bent-put.example", { adopt: true })));
    expect(adopt).toContain(expected);
    emu.clearFaults();
    await provider.delete!(made.id, made.outs);
  });
});
