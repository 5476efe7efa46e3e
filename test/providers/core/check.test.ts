import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeFailure, propertyPath, validateInputs } from "../../../providers/core/check";
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

describe("zod's messages in the user's terms", () => {
  const hv = z.object({
    snapshotConcurrency: z.number().int().min(1).max(64),
    portNumber: z.number().int().min(1).max(65535),
    hostAddress: z.string().min(1),
    type: z.enum(["vmware", "hyperv"]),
    id: z.string().uuid(),
    password: z.string().min(4, { message: "must be at least 4 characters" }),
    tags: z.array(z.string()).min(1),
    serverUrl: z.string().regex(/^https?:\/\//),
  }).strict();

  it("says the property, then what it must be", () => {
    const { failures } = validateInputs(hv, { snapshotConcurrency: "3", portNumber: 70000, hostAddress: "", type: "xen", id: "x", password: "pw", tags: [], serverUrl: "ftp://x", extra: 1 });
    expect(failures.map(describeFailure)).toEqual([
      "snapshotConcurrency must be a number",
      "portNumber must be at most 65535",
      "hostAddress must not be empty",
      'type must be one of "vmware", "hyperv"',
      "id must be a valid UUID",
      "password must be at least 4 characters",
      "tags must not be empty",
      "serverUrl is not in the expected form",
      "has unknown property extra",
    ]);
  });

  it("says a missing property is required and a fraction is not a whole number", () => {
    const { failures } = validateInputs(z.object({ a: z.number(), b: z.number().int(), c: z.string().max(3), d: z.number().gt(0) }), { b: 1.5, c: "abcd", d: 0 });
    expect(failures.map(describeFailure)).toEqual(["a is required", "b must be a whole number", "c must be at most 3 characters long", "d must be more than 0"]);
    expect(failures.some((f) => /expected|received|Invalid input|Too (big|small)/.test(f.reason))).toBe(false);
  });
});
