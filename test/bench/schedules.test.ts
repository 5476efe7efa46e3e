import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adaptiveTimeline, terraformEclTimeline } from "../../bench/schedules";
import { ADAPTIVE_POLL, nextPollDelay } from "../../providers/core/poll";

describe("waiting schedules", () => {
  it("sees a 5 s build within 1.2 × 5 s + 1 s using at most 12 polls", () => {
    const t = adaptiveTimeline(5_000);
    expect(t.doneAtMs).toBeLessThanOrEqual(7_000);
    expect(t.polls).toBeLessThanOrEqual(12);
  });

  it("models terraform-provider-ecl: nothing before 10 s, then 3 s, 6 s and 10 s waits", () => {
    expect(terraformEclTimeline(5_000)).toEqual({ doneAtMs: 10_000, polls: 1 });
    expect(terraformEclTimeline(11_000)).toEqual({ doneAtMs: 13_000, polls: 2 });
    expect(terraformEclTimeline(60_000)).toEqual({ doneAtMs: 69_000, polls: 8 });
  });

  it("never checks later than 20 % (or 0.5 s) after the server became ready, for builds up to the 60 s cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 250_000 }), (buildMs) => {
        const t = adaptiveTimeline(buildMs);
        return t.doneAtMs <= Math.max(buildMs * 1.2, buildMs + ADAPTIVE_POLL.minMs);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every delay between the minimum and the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (elapsed) => {
        const d = nextPollDelay(ADAPTIVE_POLL, elapsed);
        return d >= ADAPTIVE_POLL.minMs && d <= ADAPTIVE_POLL.maxMs;
      }),
    );
  });
});
