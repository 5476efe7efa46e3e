import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { requireBuilt } from "../e2e/project";
import { FIXTURES, OPS, type Fixture, type Op } from "../fixtures";
import { applies, runCell, type CellResult, type Rig } from "./fault-matrix/cell";
import { FAULTS, type FaultColumn } from "./fault-matrix/faults";
import { openRig } from "./fault-matrix/rigs";

// Every type's cells run at once with the others' (vitest's default would hold 5 at a time).
vi.setConfig({ maxConcurrency: FIXTURES.length + 1 });

/** `SdpServer update × connection reset`: what a failure names. */
const cellName = (f: Fixture, op: Op, fault: FaultColumn): string => `${f.type} ${op} × ${fault.name}`;
const results = new Map<string, CellResult>();

beforeAll(() => requireBuilt());

function table(): string {
  const mark = (c: CellResult | undefined): string => (c === undefined ? "not run" : c.state === "n/a" ? "–" : c.state === "pass" ? "pass" : "FAIL");
  const rows = FIXTURES.flatMap((f) => OPS.map((op) => ({ f, op, cells: FAULTS.map((fault) => results.get(cellName(f, op, fault))) })));
  const counted = rows.flatMap((r) => r.cells).filter((c) => c && c.state !== "n/a");
  const passed = counted.filter((c) => c?.state === "pass").length;
  const perColumn = FAULTS.map((_f, i) => {
    const col = rows.map((r) => r.cells[i]).filter((c) => c && c.state !== "n/a");
    return `${col.filter((c) => c?.state === "pass").length}/${col.length}`;
  });
  return [
    `| resource | op | ${FAULTS.map((f) => f.name).join(" | ")} |`,
    `|---|---|${FAULTS.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.f.type} | ${r.op} | ${r.cells.map(mark).join(" | ")} |`),
    `| **passed** | | ${perColumn.join(" | ")} |`,
    "",
    `cells passed: ${passed}/${counted.length} (– = the operation has no such request or task)`,
  ].join("\n");
}

describe("fault matrix: every resource × operation × injected fault, through the provider host", () => {
  for (const fixture of FIXTURES) {
    // Each type has its own emulator and provider host: the types run side by side, and a type's
    // cells one after another (their faults share the emulator).
    describe.concurrent(`${fixture.type}, on its own ${fixture.vendor} emulator`, () => {
      let rig: Rig | undefined;
      beforeAll(async () => {
        rig = await openRig(fixture);
      }, 120_000);
      afterAll(async () => {
        await rig?.close();
      });

      let n = 0;
      for (const op of OPS) {
        for (const fault of FAULTS) {
          const name = cellName(fixture, op, fault);
          const label = `fm-${++n}`;
          // A cell that cannot apply (no task for this op, no update) is no test: the table shows it as n/a.
          if (!applies(fixture, op, fault)) continue;
          it.sequential(
            name,
            async ({ expect, skip }) => {
              if (!rig) throw new Error(`${fixture.type}: no rig`);
              let result: CellResult;
              try {
                result = await runCell(rig, op, fault, label);
              } catch (error) {
                results.set(name, { state: "fail", why: error instanceof Error ? error.message : String(error) });
                throw error;
              }
              results.set(name, result);
              if (result.state === "n/a") skip(`${fixture.type} ${op} sends no request for this fault to land on`);
              expect(result.state === "fail" ? result.why : undefined, "succeeds after retries or fails with one line naming the resource, leaving no duplicate and no orphan").toBeUndefined();
            },
            120_000,
          );
        }
      }
    });
  }

  it("prints the matrix once: every cell that applies ran, and most cells apply", ({ expect }) => {
    process.stdout.write(`\n${table()}\n`);
    const failures = [...results].filter(([, c]) => c.state === "fail").map(([name, c]) => `${name}: ${(c as { why: string }).why}`);
    expect(failures).toEqual([]);
    const notRun = FIXTURES.flatMap((f) => OPS.flatMap((op) => FAULTS.filter((fault) => applies(f, op, fault) && !results.has(cellName(f, op, fault))).map((fault) => cellName(f, op, fault))));
    expect(notRun).toEqual([]);
    // Every resource type has cells in the matrix, and most cells apply.
    const applied = [...results].filter(([, c]) => c.state !== "n/a").map(([name]) => name);
    expect(FIXTURES.filter((f) => !applied.some((name) => name.startsWith(`${f.type} `))).map((f) => f.type)).toEqual([]);
    expect(applied.length).toBeGreaterThan(150);
  });
});
