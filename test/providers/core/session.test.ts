import { describe, expect, it } from "vitest";
import { SessionCache } from "../../../providers/core/session";

describe("SessionCache", () => {
  it("shares one login among concurrent callers", async () => {
    let logins = 0;
    const cache = new SessionCache(async () => {
      logins++;
      await new Promise((r) => setTimeout(r, 10));
      return { id: `s${logins}` };
    });
    const ids = await Promise.all(Array.from({ length: 20 }, () => cache.get("k")));
    expect(new Set(ids.map((s) => s.id))).toEqual(new Set(["s1"]));
    expect(logins).toBe(1);
  });

  it("renews once when many callers see the same session expire", async () => {
    let logins = 0;
    let valid = "s1";
    const cache = new SessionCache(async () => ({ id: `s${++logins}` }));
    await cache.get("k");
    valid = "s2";
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.use("k", async (s) => (s.id === valid ? 200 : 401), (status) => status === 401)),
    );
    expect(results.every((r) => r === 200)).toBe(true);
    expect(logins).toBe(2);
  });

  it("does not cache a failed login", async () => {
    let attempts = 0;
    const cache = new SessionCache(async () => {
      attempts++;
      if (attempts === 1) throw new Error("down");
      return "ok";
    });
    await expect(cache.get("k")).rejects.toThrow("down");
    await expect(cache.get("k")).resolves.toBe("ok");
  });
});
