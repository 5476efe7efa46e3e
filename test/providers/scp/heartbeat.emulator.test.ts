import { describe, expect, it } from "vitest";
import { HEARTBEAT_ENV } from "../../../providers/core/heartbeat";
import { provider } from "../../../providers/scp/image.provider";
import { useScpEmulator } from "./setup";
import { captureLogLinesPerTest } from "../capture-stderr";

const emu = useScpEmulator({ knobs: { taskMs: 1_500 } }, { clearLog: false, clearFaults: false });
const lines = captureLogLinesPerTest();

describe("ScpBackupProxyImage heartbeats", () => {
  it("prints the task's status and progress at the interval while SCP runs it, then a closing line", async () => {
    process.env[HEARTBEAT_ENV] = "400";
    const vm = emu.seedServer({ name: "heartbeat-template" });
    await provider.create({ sourceVmId: vm, name: "heartbeat-image", ownerId: "admin", __provider: "shim" });
    const byTask = new Map<string, string[]>();
    for (const l of lines()) {
      const m = /^\[pulumi-backup-infra\] info ScpBackupProxyImage: heartbeat-image: task (\S+): (.*)$/.exec(l);
      if (m) byTask.set(m[1], [...(byTask.get(m[1]) ?? []), m[2]]);
    }
    // The VM's os_name update, then the image's create.
    expect(byTask.size).toBe(2);
    for (const task of byTask.values()) {
      expect(task.length).toBeGreaterThanOrEqual(2);
      expect(task.slice(0, -1).every((l) => /^still (waiting|doing) \d{1,2}% after \d(\.\d)?s \(\d+ checks?\)$/.test(l))).toBe(true);
      const closing = /^ended finish 100% after \d(\.\d)?s \((\d+) checks\)$/.exec(task.at(-1) ?? "");
      expect(closing).not.toBeNull();
      // Checks every 0.2 s or so, a line at most every 0.4 s.
      expect(task.length - 1).toBeLessThan(Number(closing?.[2]));
    }
  });

  it("says nothing about a task shorter than the first heartbeat (10 s by default)", async () => {
    const vm = emu.seedServer({ name: "quiet-template" });
    await provider.create({ sourceVmId: vm, name: "quiet-image", ownerId: "admin", __provider: "shim" });
    expect(lines().filter((l) => / task \S+: /.test(l))).toEqual([]);
  });
});
