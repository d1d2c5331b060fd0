import type * as pulumi from "@pulumi/pulumi";

/**
 * The last Postgres child declared per database, across every PostgresVendorAccess in the program.
 *
 * The postgresql provider serializes operations only per grantee role (advisory locks), not per schema or
 * table, so two grants for different roles on the same schema can fail with `tuple concurrently updated`.
 * Chaining every Postgres child after the previous one (also across components) makes the engine run
 * them one at a time, on create and, in reverse, on destroy.
 */
const lastChildByDatabase = new Map<string, pulumi.Resource>();

/** The resource the next Postgres child for `database` must wait for, if any. */
export function chainTail(database: string): pulumi.Resource | undefined {
  return lastChildByDatabase.get(database);
}

/** Records `resource` as the newest link of the chain for `database`. */
export function extendChain(database: string, resource: pulumi.Resource): void {
  lastChildByDatabase.set(database, resource);
}

/** Forgets all chains; for tests that build several independent programs in one process. */
export function resetChains(): void {
  lastChildByDatabase.clear();
}
