import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSppEmulator, type SppEmulator } from "../../emulators";
import { createHarnessRunner } from "../../examples/demo/harness-runner";
import { DEMO_CHANGE, emulatorStackConfig } from "../../examples/demo/stack-config";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

let emu: SppEmulator;

beforeAll(async () => {
  requireBuilt();
  emu = await startSppEmulator({ tls: false, knobs: { inventoryMs: 50 } });
});
afterAll(async () => {
  await emu.close();
});

describe("the example estate, applied through the harness", () => {
  it("creates, stays put, updates in place and is destroyed, with the password kept secret", async () => {
    let hostOutput = "";
    const runner = await createHarnessRunner({
      repoRoot: REPO_ROOT,
      program: join(REPO_ROOT, "dist/examples/estate/index.js"),
      onOutput: (t) => (hostOutput += t),
    });
    const config = emulatorStackConfig({ spp: { url: emu.url, credentials: emu.credentials } });
    try {
      await runner.setConfig(config);
      const first = await runner.up();
      expect(first.changes).toEqual({ create: 1 });
      expect(first.outputs).toMatchObject({ sppHypervisorName: "vcenter01.estate.example", sppInventoryStatus: "COMPLETED", sppHypervisorVersion: "7.0.3" });
      expect(emu.inventory().hypervisors.map((h) => h.hostAddress)).toEqual(["vcenter01.estate.example"]);

      expect((await runner.up()).changes).toEqual({ same: 1 });

      await runner.setConfig({ ...config, [DEMO_CHANGE.key]: { value: DEMO_CHANGE.value, secret: false } });
      expect((await runner.up()).changes).toEqual({ update: 1 });
      expect(emu.inventory().hypervisors[0].opProperties.snapshotConcurrency).toBe(Number(DEMO_CHANGE.value));

      await runner.destroy();
      expect(emu.inventory().hypervisors).toEqual([]);
      for (const secret of [config["estate:vcenterPassword"].value, emu.credentials.password]) {
        expect(hostOutput).not.toContain(secret);
        expect(JSON.stringify(first.outputs)).not.toContain(secret);
      }
    } finally {
      await runner.close();
    }
  }, 60_000);
});
