import { z } from "zod";
import type { Schema } from "../../program/schema";
import { capitalize } from "../../program/resource-type";
import { zodOf } from "../../program/zod-of";
import type { ObjectTypeSpec, PropertySpec, TypeSpec } from "./spec";

type Json = Record<string, unknown>;

/** A named object type's docs: a field's description by its name. */
export type FieldDocs = (field: string) => string | undefined;

/**
 * Turns zod schemas into the package schema's types, by way of zod's JSON Schema (the side a
 * program writes for inputs, the side a provider returns for outputs). Objects with named fields
 * become named types in `types`; one shape gets one name however many properties use it.
 */
export class TypeTable {
  readonly types: Record<string, ObjectTypeSpec> = {};
  private readonly byShape = new Map<string, string>();

  constructor(private readonly pkg: string) {}

  /** The type of a zod schema; `token` (`<module>:<Name>`) names it if it is an object with fields. */
  of(schema: Schema, io: "input" | "output", token: string, docs: FieldDocs = () => undefined): TypeSpec {
    return this.convert(z.toJSONSchema(zodOf(schema), { io, unrepresentable: "any" }) as Json, token, docs);
  }

  private convert(json: Json, token: string, docs: FieldDocs): TypeSpec {
    const alternatives = (json.anyOf ?? json.oneOf) as Json[] | undefined;
    if (alternatives) {
      const kept = alternatives.filter((a) => a.type !== "null");
      if (kept.length === 1) return this.convert(kept[0], token, docs);
      return { oneOf: kept.map((a, i) => this.convert(a, `${token}${i + 1}`, docs)) };
    }
    const type = Array.isArray(json.type) ? (json.type as string[]).find((t) => t !== "null") : (json.type as string | undefined);
    switch (type) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
        return { type };
      case "array":
        return { type: "array", items: json.items ? this.convert(json.items as Json, token, docs) : { $ref: "pulumi.json#/Any" } };
      case "object":
        return this.object(json, token, docs);
      default:
        if (json.const !== undefined) return { type: typeof json.const === "number" ? "number" : typeof json.const === "boolean" ? "boolean" : "string" };
        if (Array.isArray(json.enum)) return { type: json.enum.every((v) => typeof v === "number") ? "number" : "string" };
        return { $ref: "pulumi.json#/Any" };
    }
  }

  private object(json: Json, token: string, docs: FieldDocs): TypeSpec {
    const fields = (json.properties ?? {}) as Record<string, Json>;
    if (Object.keys(fields).length === 0) {
      const values = json.additionalProperties;
      return { type: "object", additionalProperties: values && typeof values === "object" ? this.convert(values as Json, `${token}Value`, docs) : { $ref: "pulumi.json#/Any" } };
    }
    const properties: Record<string, PropertySpec> = {};
    for (const [field, value] of Object.entries(fields)) {
      const description = docs(field);
      properties[field] = { ...this.convert(value, `${token}${capitalize(field)}`, nested(docs, field)), ...(description ? { description } : {}) };
    }
    const required = ((json.required ?? []) as string[]).filter((k) => k in properties);
    return this.register(token, { type: "object", properties, ...(required.length > 0 ? { required } : {}) });
  }

  /** Names an object type (`<module>:<Name>`), or gives the name an identical one already has. */
  register(token: string, spec: ObjectTypeSpec): TypeSpec {
    const shape = JSON.stringify(spec);
    const name = this.byShape.get(shape) ?? `${this.pkg}:${token}`;
    this.byShape.set(shape, name);
    this.types[name] = spec;
    return { $ref: `#/types/${name}` };
  }

  has(token: string): boolean {
    return `${this.pkg}:${token}` in this.types;
  }
}

/** The docs of an object field's own fields: `connection.url` under `connection`. */
export function nested(docs: FieldDocs, field: string): FieldDocs {
  return (inner) => docs(`${field}.${inner}`);
}


/**
 * True when a schema takes nothing but undefined (`z.undefined()`): an input the program may not
 * give, a value the provider decides. Its JSON Schema says nothing, and it refuses every value.
 */
export function refusesEveryValue(schema: Schema): boolean {
  const zod = zodOf(schema);
  const { $schema: _ignored, ...json } = z.toJSONSchema(zod, { io: "input", unrepresentable: "any" }) as Json;
  return Object.keys(json).length === 0 && zod.safeParse(undefined).success && ["x", 1, true, {}, []].every((v) => !zod.safeParse(v).success);
}

/** True when the program must give the input. */
export function isRequired(schema: Schema): boolean {
  return !zodOf(schema).safeParse(undefined).success;
}
