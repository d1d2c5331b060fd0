import { defineConfig } from "vitest/config";

/**
 * Warnings a test provokes on purpose and asserts itself (through the plan's `warnings` or the captured
 * registrations): printed, they would bury the warnings nobody expected.
 */
const EXPECTED_WARNINGS = [
  /^warning: \[runtime\] tableOwners is empty: /,
  /^warning: \[runtime\] Security group \S+ would hold \d+ IPv\d inbound rules from pg-vendor-access components/,
];

// The AWS SDK's notice that future releases need Node 22 (the SDK is pinned to one that supports Node 20).
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

// Two suites: fast unit tests (Pulumi mocks, pure helpers) and the real-PostgreSQL suite, which
// starts its own servers. Pulumi's mock runtime is process-global, so every file runs in its own fork.
export default defineConfig({
  test: {
    pool: "forks",
    // Two workers for two cores; the Postgres files each start their own servers.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ["default", "./test/support/summary-reporter.ts"],
    onConsoleLog: (log) => (EXPECTED_WARNINGS.some((re) => re.test(log.trim())) ? false : undefined),
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          pool: "forks",
          env,
          // Generous: CI machines are shared; a slow test is not a failing one.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "postgres",
          include: ["test/postgres/**/*.test.ts"],
          pool: "forks",
          env,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
