import { defineConfig } from "vitest/config";

// The end-to-end suite (npm run test:e2e): the real Pulumi CLI, language host and provider plugins against
// throwaway PostgreSQL servers. Two files at a time: each has its own servers and stacks, and a `pulumi up`
// spends much of its time waiting on processes starting and on PostgreSQL.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    globalSetup: ["./test/e2e/support/global-setup.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
  },
});
