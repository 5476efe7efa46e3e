import fc from "fast-check";
import { createServer, type Server } from "node:net";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuilt } from "../e2e/project";
import { FIXTURES, PLACEHOLDER_REFS } from "../fixtures";

/** The installed package's registry, as the provider host loads it (dist/, through the package's exports): no provider file path. */
const registry = (): { providerFor(token: string): pulumi.dynamic.ResourceProvider } => require("pulumi-backup-infra/registry") as { providerFor(token: string): pulumi.dynamic.ResourceProvider };

/** Each type's fixture args: valid inputs, whose every leaf and object the properties below make invalid. */
const VALID = FIXTURES.map((f) => [f.type, f.token, f.args("bad-input", PLACEHOLDER_REFS)] as const);

/** A value of the wrong kind for `current`: never valid where `current` was. */
function wrongKind(current: unknown): fc.Arbitrary<unknown> {
  if (typeof current === "string") return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
  if (typeof current === "number") return fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant(-1_000_000), fc.constant(0.5));
  if (typeof current === "boolean") return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  if (Array.isArray(current)) return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]));
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([1, 2]));
}

/** Paths (arrays of keys) to every leaf and object of a valid input. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const own = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

const valueAt = (root: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);

/** Every vendor URL points here: a check that sent anything would open a connection. */
let listener: Server;
let connections = 0;

beforeAll(async () => {
  requireBuilt();
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as { port: number }).port;
  const config: Record<string, string> = {
    "spp:url": `https://127.0.0.1:${port}`,
    "spp:username": "u",
    "spp:password": "pw-pw-pw",
    "vspc:url": `https://127.0.0.1:${port}`,
    "vspc:apiKey": "key-key-key-key",
    "sdp:authUrl": `https://127.0.0.1:${port}/v3`,
    "sdp:username": "u",
    "sdp:password": "pw-pw-pw",
    "sdp:tenantId": "t",
    "scp:url": `https://127.0.0.1:${port}`,
    "scp:username": "u",
    "scp:password": "pw-pw-pw",
  };
  // As the provider host does: every provider is configured with the stack config.
  for (const [, token] of VALID) await registry().providerFor(token).configure?.({ config: { get: (k: string) => config[k] } as unknown as pulumi.Config });
});
afterAll(async () => {
  await new Promise((resolve) => listener?.close(resolve));
});

describe("bad input, generated", () => {
  it.each(VALID)("%s: 1000 invalid inputs are check failures naming a property, never a throw", async (_name, token, valid) => {
    const provider = registry().providerFor(token);
    expect((await provider.check!({}, valid)).failures ?? []).toEqual([]);
    const candidates = paths(valid);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...candidates).chain((path) => wrongKind(valueAt(valid, path)).map((bad) => ({ path, bad }))),
        async ({ path, bad }) => {
          const news = setAt(valid, path, bad);
          const result = await provider.check!({}, news);
          const failures = result.failures ?? [];
          expect(failures.length, `${path.join(".")} = ${JSON.stringify(bad)}`).toBeGreaterThan(0);
          for (const f of failures) {
            expect(f.property.length).toBeGreaterThan(0);
            expect(f.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(connections, "connections to the vendor URLs").toBe(0);
  });
});
