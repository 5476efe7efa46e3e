import { describe, expect, it } from "vitest";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { provider } from "../../../providers/sdp/server.provider";
import { serverArgs, useSdpEmulator } from "./setup";
import { captureLogLinesPerTest } from "../capture-stderr";

useSdpEmulator({ knobs: { buildMs: 1_500, deleteMs: 1_200 } }, { clearLog: false, clearFaults: false });
const lines = captureLogLinesPerTest();

describe("SdpServer heartbeats", () => {
  it("prints a heartbeat per interval with SDP's status during the build and the deletion, then a closing line", async () => {
    process.env[HEARTBEAT_ENV] = "400";
    const { id, outs } = await provider.create({ ...serverArgs("esx-heartbeat"), __provider: "shim" });
    await provider.delete!(id, outs);
    const prefix = `[pulumi-backup-infra] info SdpServer: esx-heartbeat: server ${id}`;
    const build = lines().filter((l) => l.startsWith(`${prefix} build: `));
    expect(build.length).toBeGreaterThanOrEqual(2);
    expect(build.slice(0, -1).every((l) => /: still BUILD after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
    expect(build.at(-1)).toMatch(/ build: ended ACTIVE after \d(\.\d)?s \(\d+ checks\)$/);
    const deletion = lines().filter((l) => l.startsWith(`${prefix} deletion: `));
    expect(deletion.length).toBeGreaterThanOrEqual(2);
    expect(deletion.slice(0, -1).every((l) => /: still DELETED after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
    expect(deletion.at(-1)).toMatch(/ deletion: ended gone after \d(\.\d)?s \(\d+ checks\)$/);
  });

  it("says nothing per status check of a wait shorter than the first heartbeat (10 s by default)", async () => {
    const { id, outs } = await provider.create({ ...serverArgs("esx-quiet"), __provider: "shim" });
    await provider.delete!(id, outs);
    expect(lines().filter((l) => /still|status check/.test(l))).toEqual([]);
  });
});
