import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as exported from "../../providers";
import type { InputSpecs, OutputSpecs, ResourceDescriptor } from "../../providers/program/descriptor";

const README = readFileSync(join(__dirname, "../../README.md"), "utf8");

type AnyDescriptor = ResourceDescriptor<InputSpecs, OutputSpecs>;
/** Every resource class the package exports, with the descriptor it is made from. */
const CLASSES = Object.entries(exported)
  .filter(([, v]) => typeof v === "function" && "descriptor" in v)
  .map(([name, v]) => ({ name, d: (v as unknown as { descriptor: AnyDescriptor }).descriptor }));

/** The README's section on a resource: from its heading to the next heading of the same or a higher level. */
function section(type: string): string {
  const lines = README.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^#{2,3} ${type}$`).test(l));
  if (start < 0) return "";
  const level = lines[start].indexOf(" ");
  const end = lines.findIndex((l, i) => i > start && /^#{1,6} /.test(l) && l.indexOf(" ") <= level);
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

const names = (cell: string): string[] => [...cell.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1]);

/** The rows of the section's input table: the names in the first cell, and the "on change" cell. */
function inputRows(text: string): { names: string[]; change?: string; row: string }[] {
  const lines = text.split("\n");
  const header = lines.findIndex((l) => /^\| input \|/.test(l));
  if (header < 0) return [];
  const columns = lines[header].split("|").map((c) => c.trim());
  const changeAt = columns.indexOf("on change");
  const rows: { names: string[]; change?: string; row: string }[] = [];
  for (const row of lines.slice(header + 2)) {
    if (!row.startsWith("|")) break;
    const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
    rows.push({ names: names(cells[1]), change: changeAt > 0 ? cells[changeAt] : undefined, row });
  }
  return rows;
}

const changeWord = (cell: string): string => (cell.startsWith("replace") ? "replace" : cell.startsWith("update") ? "update" : cell.startsWith("—") || cell === "" ? "none" : cell);

describe("the README's resource sections, checked against the descriptors", () => {
  it("has a descriptor for every resource class the package exports", () => {
    expect(CLASSES.map((c) => c.name).sort()).toEqual(["ScpBackupProxyImage", "ScpBackupProxyVm", "ScpVmaImage", "SdpGuestVmLicense", "SdpLicense", "SdpServer", "SdpVcenter", "SdpVsphereContract", "SppHypervisor", "VspcApiKey", "VspcCompany"]);
  });

  for (const { name, d } of CLASSES) {
    describe(name, () => {
      const text = section(name);

      it("has a section that gives its type token", () => {
        expect(text, `README has no "## ${name}" or "### ${name}" section`).not.toBe("");
        expect(text).toContain(d.type.token);
      });

      it("names every input and every output", () => {
        const said = new Set(names(text));
        expect(Object.keys(d.inputs).filter((k) => !said.has(k)), "inputs the README does not name").toEqual([]);
        expect(Object.keys(d.outputs).filter((k) => !said.has(k)), "outputs the README does not name").toEqual([]);
      });

      it("lists only inputs in its input table, each with the change the descriptor gives it and secret where it is", () => {
        for (const row of inputRows(text)) {
          for (const key of row.names) {
            expect(Object.keys(d.inputs), `README's input table lists ${key}, which is not an input`).toContain(key);
            if (row.change !== undefined) expect(changeWord(row.change), `on change of ${key}`).toBe(d.inputs[key].change);
            if (d.inputs[key].secret) expect(row.row, `${key} is secret`).toMatch(/secret/);
          }
        }
      });

      it("calls every secret output secret", () => {
        for (const key of d.secretOutputs) expect(text, `${key} is a secret output`).toMatch(new RegExp(`\`${key}\`[^\\n]{0,60}secret|secret[^\\n]{0,60}\`${key}\``));
      });
    });
  }
});
