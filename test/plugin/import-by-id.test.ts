import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, type Fixture } from "../fixtures";
import { implementationOf, openOutsideObjects, unrevealable, type OutsideObjects } from "./outside-objects";

/**
 * `pulumi import` asks the provider for an object by its id alone (Read with no recorded state).
 * For every resource type: an object made outside Pulumi is read by id, the inputs proposed for it
 * pass check, hold no secret, and diff against what was read finds nothing to change: the
 * following `pulumi up` shows no changes. (test/cli/plugin-import.test.ts runs the real CLI.)
 */
let outside: OutsideObjects;
beforeAll(async () => {
  outside = await openOutsideObjects();
}, 120_000);
afterAll(async () => outside?.close());
const providerOf = implementationOf;
const make = (f: Fixture, name: string) => outside.make(f, name);

describe.each(FIXTURES.map((f) => [f.type, f] as const))("import of %s by id", (_type, f) => {
  it("reads the object, proposes inputs without secrets that check accepts but for an unrevealable password, and diff finds no change", async () => {
    const { provider, descriptor } = providerOf(f);
    const made = await make(f, "imported");
    const found = await provider.importById(f.importId?.(made) ?? made.id);
    expect(found, "the object made outside Pulumi is found by its id").toBeDefined();
    const { props, inputs } = found!;
    for (const key of descriptor.secretInputs) expect(inputs, `the secret input ${key} is never proposed`).not.toHaveProperty(key);
    for (const secret of f.secrets) expect(JSON.stringify(inputs)).not.toContain(secret);
    const checked = await provider.check!({}, inputs);
    expect((checked.failures ?? []).map((c) => c.property).sort(), JSON.stringify(inputs)).toEqual(unrevealable(f, inputs).sort());
    const args = f.args("imported", outside.refs);
    const given = { ...inputs, ...Object.fromEntries(unrevealable(f, inputs).map((k) => [k, args[k]])) };
    expect((await provider.check!({}, given)).failures ?? []).toEqual([]);
    const diff = await provider.diff!(made.id, props, given);
    expect(diff, `inputs ${JSON.stringify(inputs)} against ${JSON.stringify(props)}`).toMatchObject({ changes: false, replaces: [] });
  }, 60_000);

  it("finds nothing for an id that names no object", async () => {
    const { provider } = providerOf(f);
    await expect(provider.importById("00000000-0000-4000-8000-00000000dead")).resolves.toBeUndefined();
  }, 30_000);
});
