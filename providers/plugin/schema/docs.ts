import ts from "typescript";
import { WRAPPERS, type Declarations } from "./declarations";

/** What the declarations say of one resource class: its own doc, and each input's and output's by path (`connection.url`). */
export interface ClassDocs {
  description: string;
  inputs: Map<string, string>;
  outputs: Map<string, string>;
}

/**
 * The doc comments a user's editor shows (test/descriptors/hover-docs.test.ts checks they are all
 * there), read from the built declarations: the schema's descriptions are the same text, never
 * written twice. Build time only: it needs the TypeScript compiler.
 */
export function readClassDocs({ checker, exports, doc }: Declarations): Map<string, ClassDocs> {

  /** The object types a value may be: through unions, arrays, Input's and Output's wrappers. */
  const objects = (type: ts.Type, seen: Set<ts.Type>): ts.Type[] => {
    if (seen.has(type)) return [];
    seen.add(type);
    if (type.isUnion() || type.isIntersection()) return type.types.flatMap((t) => objects(t, seen));
    if (!(type.flags & ts.TypeFlags.Object) || type.getCallSignatures().length > 0) return [];
    if (WRAPPERS.has(type.getSymbol()?.name ?? "")) return (checker.getTypeArguments(type as ts.TypeReference) ?? []).flatMap((t) => objects(t, seen));
    if (checker.isArrayType(type)) return objects(checker.getIndexTypeOfType(type, ts.IndexKind.Number)!, seen);
    return [type];
  };
  const collect = (into: Map<string, string>, type: ts.Type, prefix: string, depth: number): void => {
    for (const p of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
      if (p.name === "urn" || p.name === "id") continue;
      const path = prefix ? `${prefix}.${p.name}` : p.name;
      const text = doc(p);
      if (text && !into.has(path)) into.set(path, text);
      const declaration = p.valueDeclaration ?? p.declarations?.[0];
      if (declaration && depth < 4) for (const inner of objects(checker.getTypeOfSymbolAtLocation(p, declaration), new Set())) collect(into, inner, path, depth + 1);
    }
  };

  const out = new Map<string, ClassDocs>();
  for (const [name, { exported, symbol }] of exports) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration || !(symbol.flags & ts.SymbolFlags.Value)) continue;
    const construct = checker.getTypeOfSymbolAtLocation(symbol, declaration).getConstructSignatures()[0];
    if (!construct) continue;
    const inputs = new Map<string, string>();
    const outputs = new Map<string, string>();
    const args = construct.getParameters()[1];
    if (args) collect(inputs, checker.getTypeOfSymbolAtLocation(args, declaration), "", 0);
    collect(outputs, construct.getReturnType(), "", 0);
    out.set(name, { description: doc(exported) || doc(symbol), inputs, outputs });
  }
  return out;
}
