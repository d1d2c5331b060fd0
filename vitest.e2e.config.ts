import { defineConfig } from "vitest/config";

// The end-to-end suite (npm run test:e2e): the real Pulumi CLI, language host and provider plugins against
// throwaway PostgreSQL servers. Files run one at a time: each `pulumi up` already uses both cores.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
  },
});
