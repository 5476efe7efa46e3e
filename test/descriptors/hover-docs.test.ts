import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

/**
 * What a user's editor shows on hover: every input (a resource's or component's args, a lookup's
 * arguments) and every output (the class's own properties, a lookup's result) of the package's
 * main entry, read from the built declarations as a user's compiler reads them, has a doc comment;
 * so has every field of an object an input takes (`connection.url`, `networks[].uuid`) and of a
 * lookup's result. (A class's outputs are Outputs: their fields are not walked.)
 */
const ENTRY = join(REPO_ROOT, "dist/index.d.ts");
const INHERITED = new Set(["urn", "id"]);
/** What an input's value may be wrapped in; the fields are those of the value inside. */
const WRAPPERS = new Set(["Promise", "PromiseLike", "OutputInstance", "Output"]);

interface Property {
  owner: string;
  name: string;
  documented: boolean;
  /** A field of an object an input or a lookup result holds, not a property of the args or result itself. */
  nested: boolean;
}

function publicProperties(): Property[] {
  const program = ts.createProgram([ENTRY], { strict: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
  if (!moduleSymbol) throw new Error(`cannot read ${ENTRY}`);
  const ours = (symbol: ts.Symbol): boolean => (symbol.declarations ?? []).some((d) => d.getSourceFile().fileName.startsWith(join(REPO_ROOT, "dist")));
  const out: Property[] = [];
  /** The object types a value of this type may be, through unions, arrays and Input's wrappers. */
  const objects = (type: ts.Type, seen: Set<ts.Type>): ts.Type[] => {
    if (seen.has(type)) return [];
    seen.add(type);
    if (type.isUnion()) return type.types.flatMap((t) => objects(t, seen));
    if (!(type.flags & ts.TypeFlags.Object) || WRAPPERS.has(type.getSymbol()?.name ?? "") || type.getCallSignatures().length > 0) return [];
    if (checker.isArrayType(type)) return objects(checker.getIndexTypeOfType(type, ts.IndexKind.Number)!, seen);
    return [type];
  };
  const collect = (owner: string, type: ts.Type | undefined, walk = true, nested = false, seen = new Set<ts.Type>()): void => {
    if (!type) return;
    for (const p of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
      if (INHERITED.has(p.name) || !ours(p)) continue;
      const declaration = p.valueDeclaration ?? p.declarations?.[0];
      if (declaration && ts.isMethodDeclaration(declaration)) continue;
      out.push({ owner, name: p.name, nested, documented: ts.displayPartsToString(p.getDocumentationComment(checker)).trim() !== "" });
      if (walk && declaration) for (const field of objects(checker.getTypeOfSymbolAtLocation(p, declaration), seen)) collect(`${owner}.${p.name}`, field, true, true, seen);
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
      collect(exported.name, construct.getReturnType(), false);
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

const undocumented = (properties: Property[]): string[] => [...new Set(properties.filter((p) => !p.documented).map((p) => `${p.owner}.${p.name}`))];

describe("hover docs of the public inputs and outputs", () => {
  it("has a doc comment on every one", () => {
    requireBuilt();
    const properties = publicProperties().filter((p) => !p.nested);
    const missing = undocumented(properties);
    console.info(`hover docs: ${properties.length - missing.length} of ${properties.length} public inputs and outputs documented`);
    expect(properties.length).toBeGreaterThan(200);
    expect(missing, missing.join("\n")).toEqual([]);
  });

  it("has a doc comment on every field of an object an input takes or a lookup returns", () => {
    requireBuilt();
    const fields = publicProperties().filter((p) => p.nested);
    const missing = undocumented(fields);
    console.info(`hover docs: ${fields.length - missing.length} of ${fields.length} fields of object inputs and lookup results documented`);
    expect(fields.map((f) => `${f.owner}.${f.name}`)).toContain("SdpServerArgs.connection.password");
    expect(missing, missing.join("\n")).toEqual([]);
  });
});
