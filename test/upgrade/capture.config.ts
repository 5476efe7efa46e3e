import { defineConfig } from "vitest/config";

/** Runs test/upgrade/capture.ts alone (never part of the suite): see the top of that file. */
export default defineConfig({
  test: {
    include: ["test/upgrade/capture.ts"],
    testTimeout: 20 * 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});
