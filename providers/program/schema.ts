/**
 * A schema as the package's declarations show it: the types it takes and gives, and nothing of
 * zod's own types. Every zod schema is one (zod keeps them in `_zod`). Keeping zod out of the
 * declarations matters: a user's compile that loads zod's declarations fails under
 * `moduleResolution: node` without `esModuleInterop` (zod's locales are `export =` modules), which
 * is how `pulumi new typescript` made projects until 2026-03. Code that parses gets the zod schema
 * back with `zodOf` (./zod-of.ts).
 */
export interface Schema<In = unknown, Out = In> {
  readonly _zod: { readonly input: In; readonly output: Out };
}
export type SchemaInput<S extends Schema> = S["_zod"]["input"];
export type SchemaOutput<S extends Schema> = S["_zod"]["output"];
/**
 * What a zod schema `S` is seen as in the declarations. Functions that take a zod schema spell
 * this out in their return types instead of naming this alias, so that the declarations print
 * `Schema<string, string>`, not the alias applied to zod's type.
 */
export type SchemaSeen<S extends Schema> = Schema<S["_zod"]["input"], S["_zod"]["output"]>;

/** A zod schema exported as a `Schema` (its types printed out in the declarations); `zodOf` parses with it. */
export const seen = <S extends Schema>(schema: S): Schema<S["_zod"]["input"], S["_zod"]["output"]> => schema;
