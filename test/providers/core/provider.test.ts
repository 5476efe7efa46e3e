import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineProvider } from "../../../providers/core/provider";
import { describeResource, input, output, timeoutsInput } from "../../../providers/program/descriptor";

const widget = describeResource({
  module: "test",
  name: "Widget",
  inputs: {
    name: input(z.string().min(1), "replace"),
    size: input(z.number().int().min(1).optional(), "update", { recorded: z.number().int() }),
    timeouts: timeoutsInput,
  },
  outputs: {
    serial: output(z.string(), { createOnly: true }),
    colour: output(z.string().nullable()),
  },
});

const MINUTE = 60_000;
function widgets(onRead: (olds: unknown) => void = () => undefined) {
  return defineProvider(widget, {
    label: (i) => i.name,
    normalize: (i) => ({ size: i.size ?? 1 }),
    defaultTimeoutsMs: { create: MINUTE, read: MINUTE, update: MINUTE, delete: MINUTE },
    create: async () => ({ id: "w-1", outs: { serial: "S-1", colour: "red" } }),
    read: async (_id, olds) => {
      onRead(olds);
      return { colour: "blue" };
    },
    update: async () => ({ colour: "green" }),
    delete: async () => {
      throw new Error("the vendor refused");
    },
  });
}

describe("defineProvider", () => {
  it("carries create-only outputs through an update that does not report them", async () => {
    const { outs } = await widgets().update!("w-1", { name: "w", size: 1, serial: "S-1", colour: "red" }, { name: "w", size: 2 });
    expect(outs).toMatchObject({ serial: "S-1", colour: "green", size: 2 });
  });

  it("hands read the recorded state parsed, and refuses a recorded state of another shape in one line naming the key", async () => {
    let seen: unknown;
    await widgets((olds) => (seen = olds)).read!("w-1", { name: "w", size: 3, serial: "S-1", colour: null, extra: "kept" });
    expect(seen).toMatchObject({ name: "w", size: 3, serial: "S-1", colour: null });
    await expect(widgets().read!("w-1", { name: "w", size: "big" })).rejects.toThrow(/^Widget "w" read failed: its recorded state does not have the shape this release reads: size: Invalid input: expected number, received string$/);
  });

  it("names the resource by its recorded label even when a recorded input no longer passes the input schema", async () => {
    await expect(widgets().delete!("w-1", { name: "w-7", size: 0, serial: "S-1" })).rejects.toThrow(/^Widget "w-7" delete failed: the vendor refused$/);
  });

  it("refuses an input and an output of the same name", () => {
    expect(() => describeResource({ module: "t", name: "Clash", inputs: { colour: input(z.string(), "update") }, outputs: { colour: output(z.string()) } })).toThrow("Clash: colour declared both as input and as output");
  });
});
