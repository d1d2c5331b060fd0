/**
 * `postgresql:index/replicationSlot:ReplicationSlot`, as upstream's resource_postgresql_replication_slot.go
 * runs it: each operation in a read-only transaction on the slot's database; create with
 * `pg_create_logical_replication_slot($1, $2)`, read the plugin back from pg_replication_slots, drop with
 * `pg_drop_replication_slot($1)`. Every field forces replacement (no Update).
 */
import { inTransaction, type Session } from "../sql";
import type { OpContext, ResourceHandler } from "../types";

/** Upstream's startReadOnlyTransaction: BEGIN READ ONLY on a fresh connection to `database`. */
function readOnly<T>(ctx: OpContext, database: string, body: (s: Session) => Promise<T>, finish: "COMMIT" | "ROLLBACK"): Promise<T> {
  return inTransaction(ctx.target, ctx.log, database, body, finish, "READ ONLY");
}

export const replicationSlotHandler: ResourceHandler = {
  type: "postgresql:index/replicationSlot:ReplicationSlot",
  replaceOn: ["name", "database", "plugin"],
  normalize(i, ctx) {
    return { name: i.name, database: i.database ?? ctx.providerDatabase, plugin: i.plugin };
  },
  async create(ctx, r) {
    await readOnly(ctx, r.database, (s) => s.query("SELECT FROM pg_create_logical_replication_slot($1, $2)", [r.name, r.plugin]), "COMMIT");
  },
  async read(ctx, r) {
    return readOnly(
      ctx,
      r.database,
      async (s) => {
        const rows = await s.query("SELECT plugin FROM pg_catalog.pg_replication_slots WHERE slot_name = $1 AND database = $2", [r.name, r.database]);
        return rows.length ? { ...r, plugin: rows[0].plugin } : undefined;
      },
      "ROLLBACK",
    );
  },
  async delete(ctx, r) {
    await readOnly(ctx, r.database, (s) => s.query("SELECT pg_drop_replication_slot($1)", [r.name]), "COMMIT");
  },
};
