import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ProgramEngine, unwrapSecrets, type ProviderRpc } from "../../harness/program";

/** An in-memory provider that records the engine's calls: enough to check the update loop. */
function memoryProvider(): ProviderRpc & { calls: string[]; store: Map<string, Record<string, unknown>> } {
  const store = new Map<string, Record<string, unknown>>();
  const calls: string[] = [];
  let next = 1;
  return {
    calls,
    store,
    check: async (_urn, _olds, news) => ({ inputs: news, failures: news.size === "bad" ? [{ property: "size", reason: "must be a number" }] : [] }),
    diff: async (_id, _urn, olds, news) => {
      const replaces = olds.zone !== news.zone ? ["zone"] : [];
      const changes = replaces.length > 0 || olds.size !== news.size ? "some" : "none";
      return { changes, replaces, deleteBeforeReplace: false };
    },
    create: async (urn, props) => {
      const id = String(next++);
      calls.push(`create ${urn.split("::").pop()} ${id}`);
      store.set(id, props);
      return { id, properties: { ...props, serial: id } };
    },
    read: async (id, _urn, props) => {
      const stored = store.get(id);
      return stored ? { id, properties: { ...props, ...stored, serial: id } } : { id: "", properties: {} };
    },
    update: async (id, _urn, _olds, news) => {
      calls.push(`update ${id}`);
      store.set(id, news);
      return { properties: { ...news, serial: id } };
    },
    delete: async (id) => {
      calls.push(`delete ${id}`);
      store.delete(id);
    },
  };
}

class Thing extends pulumi.dynamic.Resource {
  declare readonly serial: pulumi.Output<string>;
  constructor(name: string, args: { zone: string; size: number | string; secret?: pulumi.Input<string> }) {
    super({ create: async () => ({ id: "never" }) }, name, { ...args, serial: undefined });
  }
}

describe("ProgramEngine", () => {
  it("creates, keeps, updates, replaces (create before delete) and deletes removed resources", async () => {
    const provider = memoryProvider();
    const engine = new ProgramEngine(pulumi, "p", "s");
    const program = (things: [string, string, number][]) => async () => {
      const made = things.map(([name, zone, size]) => new Thing(name, { zone, size, secret: pulumi.secret("hush-hush") }));
      return { serials: pulumi.all(made.map((m) => m.serial)) };
    };

    const first = await engine.up(provider, program([["a", "z1", 1], ["b", "z1", 1]]), {});
    expect(first.changes).toEqual({ create: 2 });
    expect(first.outputs.serials).toEqual(["1", "2"]);
    expect(engine.resources()[0].secretKeys).toEqual(["secret"]);

    expect((await engine.up(provider, program([["a", "z1", 1], ["b", "z1", 1]]), {})).changes).toEqual({ same: 2 });

    provider.calls.length = 0;
    const third = await engine.up(provider, program([["a", "z1", 2], ["b", "z2", 1]]), {});
    expect(third.changes).toEqual({ update: 1, replace: 1 });
    expect(provider.calls).toEqual(["update 1", "create b 3", "delete 2"]);

    provider.calls.length = 0;
    expect((await engine.up(provider, program([["a", "z1", 2]]), {})).changes).toEqual({ same: 1, delete: 1 });
    expect(provider.calls).toEqual(["delete 3"]);

    expect(await engine.destroy(provider)).toBe(1);
    expect(provider.store.size).toBe(0);
  });

  it("stops on check failures, naming the resource and property", async () => {
    const engine = new ProgramEngine(pulumi, "p", "s");
    const program = async () => {
      new Thing("broken", { zone: "z", size: "bad" });
      return {};
    };
    await expect(engine.up(memoryProvider(), program, {})).rejects.toThrow(/broken: size: must be a number/);
  });

  it("unwraps secrets the way the engine sends them", () => {
    expect(unwrapSecrets({ a: 1, b: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" } })).toEqual({
      plain: { a: 1, b: "s" },
      secretKeys: ["b"],
    });
  });
});
