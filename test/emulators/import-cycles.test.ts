/**
 * No import cycle among the emulators' files: each module can be read (and loaded) after the ones
 * it imports. The graph is every relative import (`import`, `import type`, `export ... from`,
 * `require`) of every .ts file under emulators/, read with TypeScript's own pre-processor; a
 * cycle is reported as the files it runs through.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** file → the files it imports, for the files under `dir` (imports leaving `dir` are dropped). */
function importGraph(dir: string): Map<string, string[]> {
  const files = tsFiles(dir);
  const inside = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      const targets = importedFiles.map((f) => resolveImport(file, f.fileName)).filter((t): t is string => t !== undefined && inside.has(t));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** Every elementary cycle found by a depth-first walk, each as the files it runs through (first file repeated at the end). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}

const named = (cycle: string[]): string => cycle.map((f) => relative(ROOT, f)).join(" → ");

describe("emulator import graph", () => {
  it("finds a cycle when there is one (the walk itself)", () => {
    const graph = new Map([
      ["/a.ts", ["/b.ts"]],
      ["/b.ts", ["/c.ts"]],
      ["/c.ts", ["/a.ts"]],
      ["/d.ts", ["/a.ts"]],
    ]);
    expect(cyclesOf(graph)).toEqual([["/a.ts", "/b.ts", "/c.ts", "/a.ts"]]);
  });

  it("reads the SDP emulator's imports (the graph is not empty)", () => {
    const graph = importGraph(join(ROOT, "emulators/sdp"));
    expect(graph.get(join(ROOT, "emulators/sdp/index.ts"))).toContain(join(ROOT, "emulators/sdp/state.ts"));
  });

  it("has no cycle among the SDP emulator's files", () => {
    expect(cyclesOf(importGraph(join(ROOT, "emulators/sdp"))).map(named)).toEqual([]);
  });

  it("has no cycle among all the emulators' files", () => {
    expect(cyclesOf(importGraph(join(ROOT, "emulators"))).map(named)).toEqual([]);
  });
});
