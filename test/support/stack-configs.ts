/** Stack configs for tests: a valid minimal one to break one key at a time. */
import { expect } from "vitest";
import { parseStackConfig, StackConfigError } from "../../src/stack-config";

export const base = (): Record<string, unknown> => ({
  "postgresql:host": "db.example.com",
  "postgresql:database": "analytics",
  "postgresql:username": "admin",
  "pg-vendor-access:integrations": [{ vendor: "whaly", readSchemas: ["public"], tableOwners: ["app"] }],
});

/** `base()` with the one integration's settings overridden. */
export const withIntegration = (overrides: Record<string, unknown>) => ({
  ...base(),
  "pg-vendor-access:integrations": [{ vendor: "whaly", readSchemas: ["public"], tableOwners: ["app"], ...overrides }],
});

/** The StackConfigError `config` fails with; fails the test when it is accepted. */
export function configFailure(config: Record<string, unknown>): StackConfigError {
  try {
    parseStackConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(StackConfigError);
    return error as StackConfigError;
  }
  throw new Error("parseStackConfig accepted an invalid config");
}
