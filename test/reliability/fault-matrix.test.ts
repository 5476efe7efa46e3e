import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuilt } from "../e2e/project";
import { runCell, type CellResult } from "./fault-matrix/cell";
import { FAULTS, OPS, type Op } from "./fault-matrix/faults";
import { scpRig, sdpRig, sppRig, vspcRig, type VendorRig } from "./fault-matrix/rigs";

interface Row {
  type: string;
  op: Op;
  cells: CellResult[];
}

let rigs: VendorRig[] = [];

beforeAll(async () => {
  requireBuilt();
  rigs = await Promise.all([
    sppRig("SppHypervisor"),
    vspcRig("VspcCompany"),
    vspcRig("VspcApiKey"),
    ...["SdpServer", "SdpLicense", "SdpVcenter", "SdpVsphereContract"].map(sdpRig),
    ...["ScpBackupProxyImage", "ScpBackupProxyVm"].map(scpRig),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(rigs.map((r) => r.close()));
});

/** A rig's cells run one after another (their faults share one emulator); rigs run side by side. */
async function runVendor(rig: VendorRig): Promise<Row[]> {
  const rows: Row[] = [];
  let n = 0;
  for (const s of rig.subjects) {
    for (const op of OPS) {
      const cells: CellResult[] = [];
      for (const fault of FAULTS) cells.push(await runCell(rig, s, op, fault, `fm-${++n}`));
      rows.push({ type: s.type, op, cells });
    }
  }
  return rows;
}

function table(rows: Row[]): string {
  const mark = (c: CellResult): string => (c.state === "n/a" ? "–" : c.state === "pass" ? "pass" : "FAIL");
  const counted = rows.flatMap((r) => r.cells).filter((c) => c.state !== "n/a");
  const passed = counted.filter((c) => c.state === "pass").length;
  const perColumn = FAULTS.map((_f, i) => {
    const col = rows.map((r) => r.cells[i]).filter((c) => c.state !== "n/a");
    return `${col.filter((c) => c.state === "pass").length}/${col.length}`;
  });
  return [
    `| resource | op | ${FAULTS.map((f) => f.name).join(" | ")} |`,
    `|---|---|${FAULTS.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.type} | ${r.op} | ${r.cells.map(mark).join(" | ")} |`),
    `| **passed** | | ${perColumn.join(" | ")} |`,
    "",
    `cells passed: ${passed}/${counted.length} (– = the operation has no such request or task)`,
  ].join("\n");
}

describe("fault matrix: every resource × operation × injected fault, through the provider host", () => {
  it("succeeds after retries or fails with one line naming the resource, leaving no duplicate and no orphan", async () => {
    const rows = (await Promise.all(rigs.map(runVendor))).flat();
    process.stdout.write(`\n${table(rows)}\n`);
    const failures = rows.flatMap((r) => r.cells.map((c, i) => (c.state === "fail" ? `${r.type} ${r.op} × ${FAULTS[i].name}: ${c.why}` : undefined))).filter(Boolean);
    expect(failures).toEqual([]);
    // Every resource type has its four operations in the matrix, and most cells apply.
    expect(new Set(rows.map((r) => r.type)).size).toBe(9);
    expect(rows.flatMap((r) => r.cells).filter((c) => c.state !== "n/a").length).toBeGreaterThan(150);
  }, 600_000);
});
