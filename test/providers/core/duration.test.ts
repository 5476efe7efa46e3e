import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../providers/core/duration";
import { timeoutsSchema } from "../../../providers/core/duration-schema";
import { Deadline, DeadlineExceededError } from "../../../providers/core/deadline";

describe("durations", () => {
  it("parses Go-style durations", () => {
    expect(parseDuration("45m")).toBe(45 * 60_000);
    expect(parseDuration("1h30m")).toBe(90 * 60_000);
    expect(parseDuration("1.5s")).toBe(1_500);
    expect(parseDuration("250ms")).toBe(250);
  });

  it("rejects text without a unit", () => {
    expect(() => parseDuration("45")).toThrow(/invalid duration "45"/);
    expect(timeoutsSchema.safeParse({ create: "soon" }).success).toBe(false);
    expect(timeoutsSchema.safeParse({ create: "0s" }).success).toBe(false);
    expect(timeoutsSchema.safeParse({ crate: "5m" }).success).toBe(false);
  });

  it("formats whole units", () => {
    expect(formatDuration(2 * 3_600_000)).toBe("2h");
    expect(formatDuration(90_000)).toBe("90s");
    expect(formatDuration(1_500)).toBe("1500ms");
  });
});

describe("Deadline", () => {
  it("uses the timeouts input for its operation, else the default", () => {
    expect(Deadline.forOperation("X", "create", { create: "2m" }, 1_000).budgetMs).toBe(120_000);
    expect(Deadline.forOperation("X", "delete", { create: "2m" }, 1_000).budgetMs).toBe(1_000);
  });

  it("rejects a sleep that outlasts the budget with a message naming the operation", async () => {
    const deadline = new Deadline("SppHypervisor \"h\" create", 50);
    const started = Date.now();
    await expect(deadline.sleep(5_000)).rejects.toThrow(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(() => deadline.check()).toThrow(/SppHypervisor "h" create did not finish within 50ms/);
  });
});
