import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { closeAllAgents } from "../../../providers/core/transport";
import { resetVspcClients } from "../../../providers/vspc/client";
import { provider } from "../../../providers/vspc/company.provider";
import { companyArgs, configureVspc } from "./setup";

let emu: VspcEmulator;

beforeAll(async () => {
  emu = await startVspcEmulator({ tls: false, knobs: { maxParallel: 6, maxPerWindow: 60, windowMs: 1_000 } });
  resetVspcClients();
  configureVspc(emu);
});
afterAll(async () => {
  await closeAllAgents();
  await emu.close();
});

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

describe("VSPC throttling", () => {
  it("creates 100 companies 16 at a time, never resending before retryAfter", async () => {
    const names = Array.from({ length: 100 }, (_, i) => `Bulk${String(i).padStart(3, "0")}`);
    const made = await pool(names.map((n) => () => provider.create({ ...companyArgs(n), __provider: "shim" })), 16);
    expect(made).toHaveLength(100);
    expect(new Set(made.map((m) => m.id)).size).toBe(100);
    expect(emu.inventory().companies).toHaveLength(100);

    const log = emu.requests();
    const throttled = log.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    const withHint = throttled.filter((r) => typeof (r.responseBody as { errors?: { retryAfter?: number }[] })?.errors?.[0]?.retryAfter === "number");
    expect(withHint.length).toBeGreaterThan(0);
    const same = (a: (typeof log)[number], b: (typeof log)[number]) =>
      a.method === b.method && a.path === b.path && JSON.stringify(a.query) === JSON.stringify(b.query) && a.headers["x-request-id"] === b.headers["x-request-id"] && a.headers.authorization === b.headers.authorization;
    let checked = 0;
    for (const rejected of withHint) {
      const retryAfterMs = ((rejected.responseBody as { errors: { retryAfter: number }[] }).errors[0].retryAfter) * 1_000;
      const resend = log.find((r) => r.seq > rejected.seq && same(r, rejected));
      if (!resend || !rejected.respondedAt) continue;
      expect(resend.receivedAt - rejected.respondedAt).toBeGreaterThanOrEqual(retryAfterMs - 5);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    const posts = log.filter((r) => r.method === "POST" && r.path === "/api/v3/organizations/companies");
    expect(new Set(posts.filter((p) => p.status === 200).map((p) => p.headers["x-request-id"])).size).toBe(100);
  }, 120_000);
});
