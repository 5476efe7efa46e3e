import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../../emulators";
import { setStackConfig } from "../../../providers/core/config";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetSppClients } from "../../../providers/spp/client";
import { provider } from "../../../providers/spp/hypervisor.provider";
import { captureLogLinesPerTest } from "../capture-stderr";

let emu: SppEmulator;

beforeAll(async () => {
  emu = await startSppEmulator({ port: 0, tls: true, knobs: { inventoryMs: 1_800 } });
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  resetSppClients();
  const values = emu.stackConfig();
  setStackConfig({ get: (k) => values[k] });
});
const lines = captureLogLinesPerTest();
const vmware = (host: string) => ({ hostAddress: host, type: "vmware", username: "administrator@vsphere.local", password: "vc-Password-1", waitForInventory: true, __provider: "shim" });
const INVENTORY = /^\[pulumi-backup-infra\] info SppHypervisor: [\w.-]+: "Hypervisor Inventory" \(job \d+\): (.*)$/;

describe("SppHypervisor heartbeats", () => {
  it("prints the job's currentStatus at the interval while the inventory runs, then a closing line with the session's status", async () => {
    process.env[HEARTBEAT_ENV] = "400";
    await provider.create(vmware("vc-heartbeat.example"));
    const inventory = lines().flatMap((l) => INVENTORY.exec(l)?.[1] ?? []);
    expect(inventory.length).toBeGreaterThanOrEqual(2);
    expect(inventory.slice(0, -1).every((l) => /^still RUNNING after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
    expect(inventory.at(-1)).toMatch(/^ended COMPLETED after \d(\.\d)?s \(\d+ checks\)$/);
  });

  it("says nothing per poll of an inventory shorter than the first heartbeat (10 s by default)", async () => {
    await provider.create(vmware("vc-quiet.example"));
    expect(lines().filter((l) => l.includes('"Hypervisor Inventory"'))).toEqual([expect.stringMatching(/: (starting|waiting for the running) "Hypervisor Inventory" \(job \d+\)$/)]);
  });
});
