import ts from "typescript";
import type { PluginFunction } from "../functions";
import type { FunctionSpec, ObjectTypeSpec, PropertySpec, TypeSpec } from "./spec";
import { capitalize, withoutVendorPrefix } from "../../program/resource-type";
import { WRAPPERS, type Declarations } from "./declarations";
import type { TypeTable } from "./types";

/**
 * The functions of the package schema, from the lookups' TypeScript declarations (their argument
 * and result interfaces and doc comments are the one description of them). The `connection`
 * argument is the vendor's connection type where the resources already define it. Build time only.
 */
export function deriveFunctions({ checker, exports, doc }: Declarations, functions: readonly PluginFunction[], table: TypeTable): Record<string, FunctionSpec> {

  const typeOf = (type: ts.Type, token: string, module: string, field: string): TypeSpec => {
    if (type.isUnion()) {
      const kept = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) && !WRAPPERS.has(t.getSymbol()?.name ?? ""));
      if (kept.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
      if (kept.every((t) => t.flags & (ts.TypeFlags.StringLike))) return { type: "string" };
      if (kept.length === 1) return typeOf(kept[0], token, module, field);
      return { oneOf: kept.map((t, i) => typeOf(t, `${token}${i + 1}`, module, field)) };
    }
    if (type.flags & ts.TypeFlags.StringLike) return { type: "string" };
    if (type.flags & ts.TypeFlags.NumberLike) return { type: "number" };
    if (type.flags & ts.TypeFlags.BooleanLike) return { type: "boolean" };
    if (checker.isArrayType(type)) return { type: "array", items: typeOf(checker.getIndexTypeOfType(type, ts.IndexKind.Number)!, `${token}Item`, module, field) };
    if (field === "connection" && table.has(`${module}:Connection`)) return { $ref: `#/types/backupinfra:${module}:Connection` };
    if (type.flags & ts.TypeFlags.Object) {
      const name = field === "connection" ? `${module}:Connection` : namedAs(type, module) ?? token;
      return table.register(name, objectOf(type, name, module));
    }
    return { $ref: "pulumi.json#/Any" };
  };
  const objectOf = (type: ts.Type, token: string, module: string, description?: string): ObjectTypeSpec => {
    const properties: Record<string, PropertySpec> = {};
    const required: string[] = [];
    for (const p of checker.getPropertiesOfType(type)) {
      const declaration = p.valueDeclaration ?? p.declarations?.[0];
      if (!declaration) continue;
      const text = doc(p);
      if (!text) throw new Error(`${token}.${p.name} has no doc comment: the schema's description comes from it`);
      properties[p.name] = { ...typeOf(checker.getTypeOfSymbolAtLocation(p, declaration), `${token}${capitalize(p.name)}`, module, p.name), description: text, ...(p.name === "connection" ? { secret: true } : {}) };
      if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.name);
    }
    return { type: "object", ...(description ? { description } : {}), properties, ...(required.length > 0 ? { required } : {}) };
  };

  /** An interface's own name without its vendor prefix (`SdpUsage` is `sdp:Usage`); none for an anonymous type. */
  const namedAs = (type: ts.Type, module: string): string | undefined => {
    const name = type.getSymbol()?.name;
    if (!name || name.startsWith("__")) return undefined;
    return `${module}:${withoutVendorPrefix(module, name)}`;
  };

  const out: Record<string, FunctionSpec> = {};
  for (const f of functions) {
    const symbol = exports.get(f.name)?.symbol;
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!symbol || !declaration) throw new Error(`the declarations export no function ${f.name}`);
    const signature = checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures()[0];
    const local = f.token.split(":")[2];
    const name = capitalize(local);
    const param = signature.getParameters()[0];
    const inputs: ObjectTypeSpec = param ? objectOf(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(param, declaration)), `${f.module}:${name}Args`, f.module) : { type: "object", properties: {} };
    const returned = signature.getReturnType();
    const result = checker.getAwaitedType(returned) ?? returned;
    const outputs: ObjectTypeSpec = f.listField
      ? { type: "object", properties: { [f.listField]: { ...typeOf(result, `${f.module}:${name}Item`, f.module, f.listField), description: `Every item ${f.name} returns.` } }, required: [f.listField] }
      : objectOf(result, `${f.module}:${name}Result`, f.module);
    const itemSymbol = checker.isArrayType(result) ? checker.getIndexTypeOfType(result, ts.IndexKind.Number)?.getSymbol() : result.getSymbol();
    const description = doc(symbol) || (itemSymbol && doc(itemSymbol)) || `${f.name}.`;
    out[f.token] = { description: f.listField ? `${description} (a list, under \`${f.listField}\`)` : description, inputs, outputs };
  }
  return out;
}
