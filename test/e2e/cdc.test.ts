/**
 * Change data capture through the real engine on a wal_level=logical PostgreSQL 15: the root stack deploys
 * Airbyte with `cdc` (publication, pgoutput slot, and the replication privilege in both forms: the
 * REPLICATION attribute of self-managed servers, and membership in RDS's `rds_replication`). The vendor
 * reads its slot; a role without the privilege cannot; a password rotation keeps the privilege; destroy
 * drops slot, publication and role.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { E2EStack, stepsByName, type Integration } from "./support/workspace";

const DB = "analytics";
const OWNER = "app";
const OWNER_PASSWORD = "app-password-0123456789";
const PASSWORDS = ["airbyte-Password-0001-abcdef", "airbyte-Password-0002-abcdef"];

/** Relation OIDs of the INSERT messages the slot holds, decoded from pgoutput ('I', then the OID as int32). */
const PEEK_INSERTS = `
  SELECT ((get_byte(data, 1)::bigint << 24) | (get_byte(data, 2) << 16) | (get_byte(data, 3) << 8) | get_byte(data, 4))::oid AS relid
    FROM pg_logical_slot_peek_binary_changes($1, NULL, NULL, 'proto_version', '1', 'publication_names', $2)
   WHERE get_byte(data, 0) = 73`;

let server: PgServer;
beforeAll(async () => {
  // synchronous_commit on: SQL-level decoding reads only flushed WAL.
  server = await startPostgres({ major: 15, settings: { wal_level: "logical", max_replication_slots: "4", max_wal_senders: "4", synchronous_commit: "on" } });
  await server.withClient({}, async (c) => {
    await c.query(`CREATE DATABASE ${DB}`);
    await c.query(`CREATE ROLE ${OWNER} LOGIN PASSWORD '${OWNER_PASSWORD}'`);
    await c.query("CREATE ROLE rds_replication NOLOGIN"); // stands in for RDS's predefined role
  });
  await server.withClient({ database: DB }, (c) => c.query(`GRANT CREATE ON SCHEMA public TO ${OWNER}`));
  await server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, async (c) => {
    await c.query("CREATE TABLE public.orders (id int PRIMARY KEY, total numeric)");
    await c.query("CREATE TABLE public.secrets (id int PRIMARY KEY, note text)");
  });
});
afterAll(async () => {
  await server?.stop();
});

const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  server.withClient({ database: DB }, async (c) => (await c.query(text, params)).rows as T[]);

describe.each([
  { replicationPrivilege: "replication-attribute" as const, id: 1 },
  { replicationPrivilege: "rds_replication" as const, id: 2 },
])("Airbyte CDC through the engine ($replicationPrivilege)", ({ replicationPrivilege, id }) => {
  let stack: E2EStack;
  const airbyte: Integration = { vendor: "airbyte", readSchemas: ["public"], tableOwners: [OWNER], cdc: { replicationPrivilege, tables: ["public.orders"] } };
  const hasPrivilege = async () =>
    replicationPrivilege === "rds_replication"
      ? (await sql<{ m: boolean }>("SELECT pg_has_role('airbyte', 'rds_replication', 'MEMBER') AS m"))[0].m
      : (await sql<{ r: boolean }>("SELECT rolreplication AS r FROM pg_roles WHERE rolname = 'airbyte'"))[0].r;

  beforeAll(async () => {
    stack = await E2EStack.create(`cdc-${replicationPrivilege}`, { host: "127.0.0.1", port: server.port, database: DB, username: server.superuser.user, password: server.superuser.password, superuser: true }, [airbyte]);
    await stack.stack.setConfig("pg-vendor-access:integrations[0].password", { value: PASSWORDS[0], secret: true }, true);
  });

  test("up: publication of public.orders, pgoutput slot, replication privilege; refresh is clean", async () => {
    await stack.up();
    expect(await sql("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = 'airbyte_publication'")).toEqual([{ schemaname: "public", tablename: "orders" }]);
    expect(await sql("SELECT slot_name, plugin, database FROM pg_replication_slots")).toEqual([{ slot_name: "airbyte_slot", plugin: "pgoutput", database: DB }]);
    expect(await hasPrivilege()).toBe(true);
    await stack.refreshNoChanges();
  });

  /**
   * Reading the slot: on RDS, membership in rds_replication lets a role use replication slots (an RDS
   * patch). Vanilla PostgreSQL has no such role, and its stand-in here grants nothing by membership, so only
   * the REPLICATION attribute is proven to read; for rds_replication the membership itself is asserted.
   */
  const canReadSlot = replicationPrivilege === "replication-attribute";

  test("the vendor reads changes of the published table only; a role without the privilege cannot read the slot", async () => {
    await server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, async (c) => {
      // Each block inserts its own row: the table outlives the first block's slot.
      await c.query("INSERT INTO public.orders VALUES ($1, 9.5)", [id]);
      await c.query("INSERT INTO public.secrets VALUES ($1, 'do not replicate')", [id]);
    });
    const [{ orders }] = await sql<{ orders: number }>("SELECT 'public.orders'::regclass::oid AS orders");
    const read = server.withClient({ database: DB, user: "airbyte", password: PASSWORDS[0] }, async (c) => (await c.query(PEEK_INSERTS, ["airbyte_slot", "airbyte_publication"])).rows);
    if (canReadSlot) expect((await read).map((r) => Number(r.relid))).toEqual([Number(orders)]);
    else await expect(read).rejects.toThrow(/must be superuser or replication role|permission denied to use replication slots/);
    await expect(
      server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, (c) => c.query(PEEK_INSERTS, ["airbyte_slot", "airbyte_publication"])),
    ).rejects.toThrow(/permission denied to use replication slots|must be superuser or replication role/);
  });

  test("a password rotation updates the role in place and keeps the replication privilege", async () => {
    await stack.stack.setConfig("pg-vendor-access:integrations[0].password", { value: PASSWORDS[1], secret: true }, true);
    expect(stepsByName((await stack.preview()).steps)).toEqual({ "Role::airbyte-role": "update" });
    await stack.up();
    expect(await hasPrivilege()).toBe(true);
    await server.withClient({ database: DB, user: "airbyte", password: PASSWORDS[1] }, async (c) => {
      if (canReadSlot) expect((await c.query(PEEK_INSERTS, ["airbyte_slot", "airbyte_publication"])).rows.length).toBe(1);
      else expect((await c.query("SELECT count(*)::int AS n FROM public.orders")).rows).toEqual([{ n: 2 }]);
    });
    await stack.refreshNoChanges();
  });

  test("destroy drops the slot, the publication, the membership and the role", async () => {
    await stack.destroy();
    expect(await sql("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
    expect(await sql("SELECT pubname FROM pg_publication")).toEqual([]);
    expect(await sql("SELECT rolname FROM pg_roles WHERE rolname = 'airbyte'")).toEqual([]);
    expect(await sql("SELECT count(*)::int AS n FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = 'rds_replication'")).toEqual([{ n: 0 }]);
    await stack.remove();
  });
});
