import { afterEach, describe, expect, it, vi } from "vitest";
import { Deadline } from "../../../providers/core/deadline";
import { formatElapsed, Heartbeat, heartbeatTiming } from "../../../providers/core/heartbeat";
import { ADAPTIVE_POLL, nextPollDelay, pollUntil } from "../../../providers/core/poll";

/** A heartbeat on a clock the test moves. */
function clocked(options: { firstMs?: number; everyMs?: number } = {}) {
  let now = 0;
  const lines: string[] = [];
  const beat = new Heartbeat("server abc build", (m) => lines.push(m), { ...options, now: () => now });
  return { beat, lines, at: (ms: number) => void (now = ms) };
}

describe("Heartbeat", () => {
  it("stays quiet for a wait shorter than the first delay, closing line included", () => {
    const { beat, lines, at } = clocked();
    for (let t = 500; t < 10_000; t += 500) {
      at(t);
      beat.check("BUILD");
    }
    at(9_800);
    beat.end("ACTIVE");
    expect(lines).toEqual([]);
  });

  it("prints at most one line per interval: an hour polled every 500 ms gives 120 lines and a closing one", () => {
    const { beat, lines, at } = clocked();
    let t = 0;
    while (t < 3_600_000) {
      t += ADAPTIVE_POLL.minMs;
      at(t);
      if (t < 3_600_000) beat.check("BUILD");
    }
    beat.end("ACTIVE");
    expect(lines).toHaveLength(121);
    expect(lines.slice(0, 3)).toEqual([
      "server abc build: still BUILD after 10s (20 checks)",
      "server abc build: still BUILD after 40s (80 checks)",
      "server abc build: still BUILD after 1m10s (140 checks)",
    ]);
    expect(lines.at(-2)).toBe("server abc build: still BUILD after 59m40s (7160 checks)");
    expect(lines.at(-1)).toBe("server abc build: ended ACTIVE after 1h0m0s (7200 checks)");
    expect(lines.every((l) => /: (still BUILD|ended ACTIVE) after \S+ \(\d+ checks\)$/.test(l))).toBe(true);
  });

  it("follows the vendor's status as it changes, and the interval is counted from the last line", () => {
    const { beat, lines, at } = clocked({ firstMs: 100, everyMs: 1_000 });
    at(150);
    beat.check("queued 0%");
    at(900);
    beat.check("running 40%");
    at(1_200);
    beat.check("running 70%");
    at(2_400);
    beat.end("finish 100%");
    expect(lines).toEqual([
      "server abc build: still queued 0% after 0.1s (1 check)",
      "server abc build: still running 70% after 1.2s (3 checks)",
      "server abc build: ended finish 100% after 2.4s (4 checks)",
    ]);
  });

  it("says when it stopped waiting without an end, once, with the last status seen", () => {
    const { beat, lines, at } = clocked({ firstMs: 100, everyMs: 1_000 });
    at(200);
    beat.check("BUILD");
    at(700);
    beat.abandon();
    beat.abandon();
    beat.end("ACTIVE");
    expect(lines).toEqual(["server abc build: still BUILD after 0.2s (1 check)", "server abc build: stopped waiting while BUILD after 0.7s (1 check)"]);
  });

  it("closes a wait that outlasted the first delay even when no check fell between the lines", () => {
    const { beat, lines, at } = clocked();
    at(12_000);
    beat.end("ACTIVE");
    expect(lines).toEqual(["server abc build: ended ACTIVE after 12s (1 check)"]);
  });
});

describe("heartbeat timing", () => {
  it("reads BACKUP_INFRA_HEARTBEAT_MS, the first line no later than one interval; anything else keeps 10 s then 30 s", () => {
    expect(heartbeatTiming({})).toEqual({ firstMs: 10_000, everyMs: 30_000 });
    expect(heartbeatTiming({ BACKUP_INFRA_HEARTBEAT_MS: "200" })).toEqual({ firstMs: 200, everyMs: 200 });
    expect(heartbeatTiming({ BACKUP_INFRA_HEARTBEAT_MS: "60000" })).toEqual({ firstMs: 10_000, everyMs: 60_000 });
    expect(heartbeatTiming({ BACKUP_INFRA_HEARTBEAT_MS: "soon" })).toEqual({ firstMs: 10_000, everyMs: 30_000 });
    expect(heartbeatTiming({ BACKUP_INFRA_HEARTBEAT_MS: "0" })).toEqual({ firstMs: 10_000, everyMs: 30_000 });
  });

  it("formats elapsed time for people", () => {
    expect([400, 9_960, 45_000, 190_000, 3_900_000].map(formatElapsed)).toEqual(["0.4s", "10s", "45s", "3m10s", "1h5m0s"]);
  });
});

describe("pollUntil with progress", () => {
  afterEach(() => vi.useRealTimers());

  it("beats on the adaptive schedule during a 5-minute wait and closes with the final status", async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const lines: string[] = [];
    const probe = async () => (Date.now() - start >= 300_000 ? "ACTIVE" : "BUILD");
    const waited = pollUntil(probe, (s) => s === "ACTIVE", new Deadline("wait", 3_600_000), ADAPTIVE_POLL, { what: "server abc build", say: (m) => lines.push(m), status: (s) => s });
    await vi.advanceTimersByTimeAsync(400_000);
    const { polls } = await waited;
    // The checks come at 20 % of the time waited, so lines are as far apart as the checks when those are over 30 s apart.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(2 + Math.ceil((300_000 - 10_000) / 30_000));
    expect(lines.slice(0, -1).every((l) => /^server abc build: still BUILD after (\d+s|\dm\d+s) \(\d+ checks\)$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(new RegExp(`^server abc build: ended ACTIVE after (5m\\d+s|6m0s) \\(${polls} checks\\)$`));
    expect(nextPollDelay(ADAPTIVE_POLL, 300_000)).toBe(60_000);
  });

  it("closes a wait its deadline ended with the last status", async () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const waited = pollUntil(async () => "BUILD", () => false, new Deadline("wait", 20_000), ADAPTIVE_POLL, { what: "server abc build", say: (m) => lines.push(m), status: (s) => s }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(String(await waited)).toMatch(/did not finish within 20s/);
    expect(lines.at(-1)).toMatch(/^server abc build: stopped waiting while BUILD after 20s \(\d+ checks\)$/);
  });
});
