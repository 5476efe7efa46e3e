import { z } from "zod";
import { input, type InputSpec, type Schema, type SchemaSeen } from "../program/descriptor";
import { zodOf } from "../program/zod-of";
import { configKey, envName, resolveSettings } from "./config";
import { ConfigError } from "./errors";

export interface Setting<S extends Schema<unknown, string | boolean> = Schema<unknown, string | boolean>> {
  readonly schema: S;
  readonly secret?: boolean;
}

export const setting = <S extends Schema<unknown, string | boolean>>(schema: S, more: { secret?: boolean } = {}): Setting<Schema<S["_zod"]["input"], S["_zod"]["output"]>> =>
  ({ schema, ...more }) as unknown as Setting<SchemaSeen<S>>;

export type ConnectionValue<S extends Record<string, Setting>> = { [K in keyof S]?: S[K]["schema"]["_zod"]["output"] };

/**
 * One vendor's connection settings, described once: the `connection` input of each of its
 * resources and lookups (schema, secret fields), where each setting is looked up (the input, then
 * stack config `<vendor>:<name>`, then the environment `<VENDOR>_<NAME>`), and the errors that
 * say which are missing and where to set them.
 */
export interface ConnectionDescription<S extends Record<string, Setting>> {
  readonly vendor: string;
  /** The vendor's product name in messages, e.g. "Sangfor Cloud Platform". */
  readonly product: string;
  readonly settings: S;
  readonly schema: Schema<ConnectionValue<S>>;
  /** The resources' `connection` input: never a change by itself, wrapped as a secret, its secret settings masked. */
  readonly input: InputSpec<Schema<ConnectionValue<S> | undefined>>;
  /** Each setting's value from the input, the stack config or the environment (secrets registered for masking). */
  resolve(connection: Record<string, unknown> | null | undefined): { [K in keyof S]?: string };
  /** The error for settings that are missing everywhere, saying where each can be set. */
  missing(names: readonly (keyof S & string)[], what?: string): ConfigError;
}

export function describeConnection<S extends Record<string, Setting>>(d: { vendor: string; product: string; settings: S }): ConnectionDescription<S> {
  const schema = z.object(Object.fromEntries(Object.entries(d.settings).map(([k, s]) => [k, zodOf(s.schema).optional()]))).strict() as unknown as z.ZodType<ConnectionValue<S>, ConnectionValue<S>>;
  const specs = Object.entries(d.settings).map(([name, s]) => ({ name, secret: s.secret === true }));
  const secretNames = specs.filter((s) => s.secret).map((s) => s.name);
  const where = (name: string): string => `${configKey(d.vendor, name)}, ${envName(d.vendor, name)}`;
  return {
    ...d,
    schema,
    input: input(schema.optional(), "none", { secret: secretNames }),
    resolve: (connection) => resolveSettings(d.vendor, specs, connection ?? undefined) as { [K in keyof S]?: string },
    missing: (names, what = "connection is incomplete") =>
      new ConfigError(`${d.product} ${what}: missing ${names.join(" and ")}. Set ${names.map(where).join("; ")} — or the resource's \`connection\` input.`),
  };
}
