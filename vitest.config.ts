import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The whole-suite secrets audit (see test/audit/global-setup.ts).
    globalSetup: ["test/audit/global-setup.ts"],
    setupFiles: ["test/audit/setup.ts"],
    reporters: ["default"],
  },
});
