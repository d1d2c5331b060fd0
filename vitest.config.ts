import { defineConfig } from "vitest/config";

// Two suites: fast unit tests (Pulumi mocks, pure helpers) and the real-PostgreSQL suite, which
// starts its own servers. Pulumi's mock runtime is process-global, so every file runs in its own fork.
export default defineConfig({
  test: {
    pool: "forks",
    // Two workers for two cores; the Postgres files each start their own servers.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          pool: "forks",
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "postgres",
          include: ["test/postgres/**/*.test.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
