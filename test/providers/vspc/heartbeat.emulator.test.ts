import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetVspcClients } from "../../../providers/vspc/client";
import { provider } from "../../../providers/vspc/company.provider";
import { companyArgs, configureVspc } from "./setup";
import { captureLogLinesPerTest } from "../capture-stderr";

let emu: VspcEmulator;

beforeAll(async () => {
  emu = await startVspcEmulator({ knobs: { asyncCreates: true, asyncMs: 1_500 } });
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});
beforeEach(() => {
  resetVspcClients();
  configureVspc(emu);
});
const lines = captureLogLinesPerTest();
const ACTION = /^\[pulumi-backup-infra\] info VspcCompany: \S+: async action (\S+): (.*)$/;

describe("VspcCompany heartbeats", () => {
  it("prints the async action's status at the interval while VSPC runs it, then a closing line", async () => {
    process.env[HEARTBEAT_ENV] = "400";
    await provider.create({ ...companyArgs("Heartbeat"), __provider: "shim" });
    const action = lines().flatMap((l) => ACTION.exec(l)?.[2] ?? []);
    expect(action.length).toBeGreaterThanOrEqual(2);
    expect(action.slice(0, -1).every((l) => /^still running after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
    expect(action.at(-1)).toMatch(/^ended succeed after \d(\.\d)?s \(\d+ checks\)$/);
  });

  it("says nothing per poll of an action shorter than the first heartbeat (10 s by default)", async () => {
    await provider.create({ ...companyArgs("Quiet"), __provider: "shim" });
    expect(lines().filter((l) => ACTION.test(l))).toEqual([]);
    expect(lines().some((l) => /accepted as async action \S+; waiting for it$/.test(l))).toBe(true);
  });
});
