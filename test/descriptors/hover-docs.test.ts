import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

/**
 * What a user's editor shows on hover: every input (a resource's or component's args, a lookup's
 * arguments) and every output (the class's own properties, a lookup's result) of the package's
 * main entry, read from the built declarations as a user's compiler reads them, has a doc comment.
 */
const ENTRY = join(REPO_ROOT, "dist/index.d.ts");
const INHERITED = new Set(["urn", "id"]);

interface Property {
  owner: string;
  name: string;
  documented: boolean;
}

function publicProperties(): Property[] {
  const program = ts.createProgram([ENTRY], { strict: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
  if (!moduleSymbol) throw new Error(`cannot read ${ENTRY}`);
  const ours = (symbol: ts.Symbol): boolean => (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(join(REPO_ROOT, "dist")));
  const out: Property[] = [];
  const collect = (owner: string, type: ts.Type | undefined): void => {
    if (!type) return;
    for (const p of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
      if (INHERITED.has(p.name) || !ours(p)) continue;
      const kind = p.valueDeclaration && ts.isMethodDeclaration(p.valueDeclaration);
      if (kind) continue;
      out.push({ owner, name: p.name, documented: ts.displayPartsToString(p.getDocumentationComment(checker)).trim() !== "" });
    }
  };
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.Class))) continue;
    if (/Error$/.test(exported.name) || /Output$/.test(exported.name)) continue; // error classes; a lookup's Output twin has the same args and result
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    const construct = type.getConstructSignatures()[0];
    if (construct) {
      const args = construct.getParameters()[1];
      collect(`${exported.name}Args`, args && checker.getTypeOfSymbolAtLocation(args, declaration));
      collect(exported.name, construct.getReturnType());
      continue;
    }
    const call = type.getCallSignatures()[0];
    if (!call) continue;
    const args = call.getParameters()[0];
    if (args) collect(`${exported.name}(args)`, checker.getTypeOfSymbolAtLocation(args, declaration));
    const result = call.getReturnType();
    const awaited = checker.getAwaitedType(result) ?? result;
    if (awaited.getSymbol()?.name !== "Array") collect(`${exported.name}()`, awaited);
    else collect(`${exported.name}()[]`, checker.getIndexTypeOfType(awaited, ts.IndexKind.Number));
  }
  return out;
}

describe("hover docs of the public inputs and outputs", () => {
  it("has a doc comment on every one", () => {
    requireBuilt();
    const properties = publicProperties();
    const missing = properties.filter((p) => !p.documented).map((p) => `${p.owner}.${p.name}`);
    console.info(`hover docs: ${properties.length - missing.length} of ${properties.length} public inputs and outputs documented`);
    expect(properties.length).toBeGreaterThan(200);
    expect(missing, missing.join("\n")).toEqual([]);
  });
});
