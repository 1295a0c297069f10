import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 20_000,
    // Tests spawn real processes on real SQLite files; two cores are what CI has.
    maxWorkers: 2,
  },
});
