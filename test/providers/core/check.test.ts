import { describe, expect, it } from "vitest";
import { z } from "zod";
import { propertyPath, validateInputs } from "../../../providers/core/check";
import { UNKNOWN, containsUnknown } from "../../../providers/core/unknown";

const schema = z.object({
  name: z.string().min(1),
  port: z.number().int().max(65535),
  nets: z.array(z.object({ uuid: z.string().uuid() })),
});

describe("validateInputs", () => {
  it("names the failing property with its path", () => {
    const { failures } = validateInputs(schema, { name: "", port: 70000, nets: [{ uuid: "x" }] });
    expect(failures.map((f) => f.property).sort()).toEqual(["name", "nets[0].uuid", "port"]);
  });

  it("skips fields whose value is still unknown during preview", () => {
    const { failures } = validateInputs(schema, { name: UNKNOWN, port: UNKNOWN, nets: [{ uuid: UNKNOWN }] });
    expect(failures).toEqual([]);
  });

  it("still reports known fields next to unknown ones", () => {
    const { failures } = validateInputs(schema, { name: UNKNOWN, port: "80", nets: UNKNOWN });
    expect(failures).toEqual([{ property: "port", reason: expect.any(String) }]);
  });

  it("formats paths like the engine", () => {
    expect(propertyPath(["a", 0, "b", 2])).toBe("a[0].b[2]");
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: "x" }] })).toBe(false);
  });
});
