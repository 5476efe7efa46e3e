import { describe, expect, it } from "vitest";
import { toPlainJson } from "../../../providers/core/outputs";

describe("toPlainJson", () => {
  it("drops undefined and converts dates and bigints", () => {
    expect(toPlainJson({ a: undefined, b: new Date(0), c: 5n, d: [undefined, 1], e: { f: null } })).toEqual({
      b: "1970-01-01T00:00:00.000Z",
      c: 5,
      d: [null, 1],
      e: { f: null },
    });
    expect(toPlainJson(2n ** 70n)).toBe("1180591620717411303424");
  });

  it("refuses values that are not data, naming where they are", () => {
    expect(() => toPlainJson({ a: { b: new Map() } })).toThrow(/outputs\.a\.b is not plain JSON \(Map\)/);
    expect(() => toPlainJson({ n: Number.NaN })).toThrow(/outputs\.n is not a finite number/);
    expect(() => toPlainJson({ f: () => 1 })).toThrow(/outputs\.f/);
  });
});
