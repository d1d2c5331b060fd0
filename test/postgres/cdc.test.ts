/**
 * Change-data-capture access on a real server started with wal_level=logical: the component's registrations
 * are replayed with the provider's SQL (Publication and ReplicationSlot handlers included), then the vendor
 * role reads decoded changes from its slot through the publication. Changes to a published table come
 * through; changes to an unpublished one do not; a role without the replication privilege cannot read the
 * slot at all; destroy removes slot, publication and role.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { pluginAvailable, startPostgres, type PgMajor, type PgServer } from "../support/pg-server";

const WAL2JSON_MISSING =
  "Stitch wal2json tests skipped: the wal2json output plugin is not installed for the PostgreSQL 15 binaries in use " +
  "(npm cannot provide it). Install it with: apt-get install postgresql-15 postgresql-15-wal2json (.ci/run does).";
import { PulumiCapture, type Registration } from "../support/pulumi-capture";
import { Replayer } from "../support/replay";
import "../support/replay/register-cdc";

const DB = "analytics";
const VENDOR_PASSWORD = "airbyte-password-0123456789";
const OWNER = "app";
const OWNER_PASSWORD = "app-password-0123456789";

let server: PgServer;
let capture: PulumiCapture;


async function registrations(args: PostgresVendorAccessArgs, name = "ab"): Promise<Registration[]> {
  capture.reset();
  resetChains();
  resetDeclaredRules();
  await capture.run(() => new PostgresVendorAccess(name, args));
  return [...capture.registrations];
}

function replayer(): Replayer {
  // The admin is the bootstrap superuser: it owns nothing it publishes, but a superuser may publish any table.
  return new Replayer({ server, admin: server.superuser, providerDatabase: DB, providerSuperuser: true });
}

const airbyteArgs = (replicationPrivilege: "replication-attribute" | "rds_replication"): PostgresVendorAccessArgs => ({
  vendor: "airbyte",
  database: DB,
  readSchemas: ["public"],
  tableOwners: [OWNER],
  password: VENDOR_PASSWORD,
  cdc: { replicationPrivilege, tables: ["public.orders"] },
});

/** Relation OIDs of the INSERT messages ('I', then the relation OID as int32) the slot holds, via pgoutput. */
const PEEK_INSERTS = `
  SELECT ((get_byte(data, 1)::bigint << 24) | (get_byte(data, 2) << 16) | (get_byte(data, 3) << 8) | get_byte(data, 4))::oid AS relid
    FROM pg_logical_slot_peek_binary_changes($1, NULL, NULL, 'proto_version', '1', 'publication_names', $2)
   WHERE get_byte(data, 0) = 73`;

async function asOwner(sql: string): Promise<void> {
  await server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, (c) => c.query(sql).then(() => undefined));
}

async function asSuperuser<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
  return server.withClient({ database: DB }, async (c) => (await c.query(sql, params)).rows);
}

// Both majors the suite supports here (PG_MAJOR picks one, as in the matrix): 15 (Debian) and 17 (node_modules/pg17).
const MAJORS: PgMajor[] = process.env.PG_MAJOR ? [Number(process.env.PG_MAJOR) as PgMajor] : [15, 17];

describe.each(MAJORS)("PostgreSQL %i", (major) => {
  beforeAll(async () => {
    // synchronous_commit on: SQL-level decoding reads only flushed WAL, and the harness default (off) leaves commits unflushed.
    server = await startPostgres({ major, settings: { wal_level: "logical", max_replication_slots: "4", max_wal_senders: "4", synchronous_commit: "on" } });
    capture = await PulumiCapture.install();
    await server.withClient({}, async (c) => {
      await c.query(`CREATE DATABASE ${DB}`);
      await c.query(`CREATE ROLE ${OWNER} LOGIN PASSWORD '${OWNER_PASSWORD}'`);
      await c.query(`CREATE ROLE rds_replication NOLOGIN`); // stands in for RDS's predefined role
    });
    await server.withClient({ database: DB }, async (c) => {
      await c.query(`GRANT CREATE ON SCHEMA public TO ${OWNER}`);
    });
    await server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, async (c) => {
      await c.query("CREATE TABLE public.orders (id int PRIMARY KEY, total numeric)");
      await c.query("CREATE TABLE public.secrets (id int PRIMARY KEY, note text)");
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe("Airbyte CDC with the REPLICATION attribute (self-managed PostgreSQL)", () => {
    const r = () => replayer();
    let rep: Replayer;

    test("deploy: publication of public.orders, pgoutput slot, role with REPLICATION; no drift", async () => {
      rep = r();
      const result = await rep.up(await registrations(airbyteArgs("replication-attribute")));
      expect(result.drift).toEqual([]);
      expect(await asSuperuser("SELECT rolreplication FROM pg_roles WHERE rolname = 'airbyte'")).toEqual([{ rolreplication: true }]);
      expect(await asSuperuser("SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = 'airbyte_publication'")).toEqual([
        { schemaname: "public", tablename: "orders" },
      ]);
      expect(await asSuperuser("SELECT slot_name, plugin, slot_type, database FROM pg_replication_slots")).toEqual([
        { slot_name: "airbyte_slot", plugin: "pgoutput", slot_type: "logical", database: DB },
      ]);
      // The slot is created after the publication, in a read-only transaction, as the provider does.
      const created = rep.log.map((l) => l.sql);
      const pubAt = created.findIndex((s) => s.startsWith("CREATE PUBLICATION airbyte_publication FOR TABLE \"public\".\"orders\""));
      const slotAt = created.findIndex((s) => s.startsWith("SELECT FROM pg_create_logical_replication_slot"));
      expect(pubAt).toBeGreaterThan(-1);
      expect(slotAt).toBeGreaterThan(pubAt);
      expect(created[slotAt - 1]).toBe("BEGIN READ ONLY");
    });

    test("the vendor reads changes of the published table, and none of the unpublished one", async () => {
      await asOwner("INSERT INTO public.orders VALUES (1, 9.5), (2, 3)");
      await asOwner("INSERT INTO public.secrets VALUES (1, 'do not replicate')");
      const [{ orders, secrets }] = await asSuperuser("SELECT 'public.orders'::regclass::oid AS orders, 'public.secrets'::regclass::oid AS secrets");
      const rows = await server.withClient({ database: DB, user: "airbyte", password: VENDOR_PASSWORD }, async (c) =>
        (await c.query(PEEK_INSERTS, ["airbyte_slot", "airbyte_publication"])).rows,
      );
      expect(rows.map((x) => Number(x.relid))).toEqual([Number(orders), Number(orders)]);
      expect(rows.map((x) => Number(x.relid))).not.toContain(Number(secrets));
      // The initial snapshot needs SELECT, which the read grants give.
      const snapshot = await server.withClient({ database: DB, user: "airbyte", password: VENDOR_PASSWORD }, async (c) =>
        (await c.query("SELECT count(*)::int AS n FROM public.orders")).rows,
      );
      expect(snapshot).toEqual([{ n: 2 }]);
    });

    test("a role without the replication privilege cannot read the slot", async () => {
      await expect(
        server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, (c) => c.query(PEEK_INSERTS, ["airbyte_slot", "airbyte_publication"])),
      ).rejects.toThrow(/permission denied to use replication slots|must be superuser or replication role/);
    });

    test("destroy drops the slot, the publication and the role", async () => {
      await rep.destroy();
      expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
      expect(await asSuperuser("SELECT pubname FROM pg_publication")).toEqual([]);
      expect(await asSuperuser("SELECT rolname FROM pg_roles WHERE rolname = 'airbyte'")).toEqual([]);
      const log = rep.log.map((l) => l.sql);
      const dropSlot = log.findIndex((s) => s.startsWith("SELECT pg_drop_replication_slot"));
      const dropPub = log.findIndex((s) => s.startsWith('DROP PUBLICATION "airbyte_publication"'));
      expect(dropSlot).toBeGreaterThan(-1);
      expect(dropPub).toBeGreaterThan(dropSlot);
    });
  });

  // wal2json is an output plugin outside PostgreSQL; Debian packages it for the system PostgreSQL 15
  // (postgresql-15-wal2json, installed by .ci/run). The npm builds (PostgreSQL 15 on a machine without the
  // Debian server, and every other major) do not ship it, and npm cannot provide it: then these tests are
  // skipped, saying why and how to install it.
  if (major === 15) {
    const hasWal2json = pluginAvailable(15, "wal2json");
    if (!hasWal2json) console.warn(WAL2JSON_MISSING);
    describe.skipIf(!hasWal2json)("Stitch log-based replication with a wal2json slot", () => {
      let rep: Replayer;
      test("deploy: wal2json slot named as Stitch's guide, REPLICATION attribute, no publication; no drift", async () => {
        rep = replayer();
        const result = await rep.up(
          await registrations(
            { vendor: "stitch", database: DB, readSchemas: ["public"], tableOwners: [OWNER], password: VENDOR_PASSWORD, cdc: { replicationPrivilege: "replication-attribute" } },
            "st",
          ),
        ).catch((e: Error) => {
          throw /could not access file "wal2json"/.test(e.message)
            ? new Error(`the wal2json output plugin is not installed for PostgreSQL 15: apt-get install postgresql-15-wal2json (.ci/run does). ${e.message}`)
            : e;
        });
        expect(result.drift).toEqual([]);
        expect(await asSuperuser("SELECT slot_name, plugin, slot_type, database FROM pg_replication_slots")).toEqual([
          { slot_name: "stitch", plugin: "wal2json", slot_type: "logical", database: DB },
        ]);
        expect(await asSuperuser("SELECT pubname FROM pg_publication")).toEqual([]);
        expect(await asSuperuser("SELECT rolreplication FROM pg_roles WHERE rolname = 'stitch'")).toEqual([{ rolreplication: true }]);
      });

      test("the vendor reads the decoded change as wal2json JSON; a role without replication cannot", async () => {
        await asOwner("INSERT INTO public.orders VALUES (41, 12.5)");
        const changes = await server.withClient({ database: DB, user: "stitch", password: VENDOR_PASSWORD }, async (c) =>
          (await c.query("SELECT data FROM pg_logical_slot_peek_changes('stitch', NULL, NULL, 'format-version', '2')")).rows.map((r) => JSON.parse(r.data)),
        );
        const inserts = changes.filter((c) => c.action === "I");
        expect(inserts.map((c) => [c.schema, c.table, c.columns.map((col: any) => [col.name, col.value])])).toEqual([
          ["public", "orders", [["id", 41], ["total", 12.5]]],
        ]);
        await expect(
          server.withClient({ database: DB, user: OWNER, password: OWNER_PASSWORD }, (c) => c.query("SELECT data FROM pg_logical_slot_peek_changes('stitch', NULL, NULL)")),
        ).rejects.toThrow(/permission denied to use replication slots|must be superuser or replication role/);
      });

      test("destroy drops the slot and the role", async () => {
        await rep.destroy();
        expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
        expect(await asSuperuser("SELECT rolname FROM pg_roles WHERE rolname = 'stitch'")).toEqual([]);
      });
    });
  }

  describe("rds_replication membership", () => {
    test("deploy grants membership (and no REPLICATION attribute); destroy revokes it and drops the slot", async () => {
      const rep = replayer();
      const result = await rep.up(await registrations(airbyteArgs("rds_replication")));
      expect(result.drift).toEqual([]);
      expect(await asSuperuser("SELECT rolreplication FROM pg_roles WHERE rolname = 'airbyte'")).toEqual([{ rolreplication: false }]);
      expect(await asSuperuser("SELECT pg_has_role('airbyte', 'rds_replication', 'MEMBER') AS member")).toEqual([{ member: true }]);
      expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([{ slot_name: "airbyte_slot" }]);
      expect(await rep.refresh()).toEqual([]);

      // A password rotation updates the Role, whose Update revokes every membership not in its `roles`:
      // the membership must survive it, and a refresh must find nothing to change.
      const rotated = await rep.up(await registrations({ ...airbyteArgs("rds_replication"), password: "rotated-password-0123456789" }));
      expect(rotated.operations.filter((o) => o.kind !== "same").map((o) => [o.type.split(":").pop(), o.kind])).toEqual([["Role", "update"]]);
      expect(rep.log.some((l) => l.sql === 'REVOKE "rds_replication" FROM "airbyte"')).toBe(true);
      expect(await asSuperuser("SELECT pg_has_role('airbyte', 'rds_replication', 'MEMBER') AS member")).toEqual([{ member: true }]);
      expect(await rep.refresh()).toEqual([]);

      await rep.destroy();
      expect(await asSuperuser("SELECT count(*)::int AS n FROM pg_auth_members WHERE roleid = 'rds_replication'::regrole")).toEqual([{ n: 0 }]);
      expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
      expect(await asSuperuser("SELECT pubname FROM pg_publication")).toEqual([]);
    });
  });

  describe("changing cdc", () => {
    test("adding a table updates the publication in place; removing cdc drops slot and publication", async () => {
      const rep = replayer();
      await rep.up(await registrations(airbyteArgs("replication-attribute")));
      const withSecrets = { ...airbyteArgs("replication-attribute"), cdc: { replicationPrivilege: "replication-attribute" as const, tables: ["public.orders", "public.secrets"] } };
      const second = await rep.up(await registrations(withSecrets));
      expect(second.drift).toEqual([]);
      expect(second.operations.filter((o) => o.kind !== "same").map((o) => [o.type.split(":").pop(), o.kind])).toEqual([["Publication", "update"]]);
      expect(await asSuperuser("SELECT tablename FROM pg_publication_tables WHERE pubname = 'airbyte_publication' ORDER BY 1")).toEqual([
        { tablename: "orders" },
        { tablename: "secrets" },
      ]);
      const third = await rep.up(await registrations({ ...airbyteArgs("replication-attribute"), cdc: undefined }));
      expect(third.drift).toEqual([]);
      expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
      expect(await asSuperuser("SELECT pubname FROM pg_publication")).toEqual([]);
      expect(await asSuperuser("SELECT rolreplication FROM pg_roles WHERE rolname = 'airbyte'")).toEqual([{ rolreplication: false }]);
      await rep.destroy();
    });
  });

  describe("RDS-like admin (not a superuser)", () => {
    // Stands in for the RDS master user: CREATEROLE, CREATEDB, owns the database, can create slots (REPLICATION,
    // which rds_superuser gets through rds_replication) and holds ADMIN OPTION on rds_replication.
    const ADMIN = "rds_master";
    const ADMIN_PASSWORD = "rds-master-password-0123";
    const RDS_DB = "rdsapp";
    const TABLE_OWNER = "app_rds";
    const TABLE_OWNER_PASSWORD = "app-rds-password-0123456";

    beforeAll(async () => {
      await server.withClient({}, async (c) => {
        await c.query(`CREATE ROLE ${ADMIN} LOGIN CREATEROLE CREATEDB REPLICATION PASSWORD '${ADMIN_PASSWORD}'`);
        await c.query(`GRANT rds_replication TO ${ADMIN} WITH ADMIN OPTION`);
      });
      await server.withClient({ user: ADMIN, password: ADMIN_PASSWORD }, async (c) => {
        await c.query(`CREATE DATABASE ${RDS_DB}`);
        await c.query(`CREATE ROLE ${TABLE_OWNER} LOGIN PASSWORD '${TABLE_OWNER_PASSWORD}'`);
        // Publishing a table needs its ownership: the admin is made a member of the owner once (README).
        await c.query(`GRANT ${TABLE_OWNER} TO ${ADMIN}`);
      });
      await server.withClient({ database: RDS_DB, user: ADMIN, password: ADMIN_PASSWORD }, async (c) => {
        await c.query(`CREATE SCHEMA app AUTHORIZATION ${TABLE_OWNER}`);
      });
      await server.withClient({ database: RDS_DB, user: TABLE_OWNER, password: TABLE_OWNER_PASSWORD }, async (c) => {
        await c.query("CREATE TABLE app.orders (id int PRIMARY KEY)");
      });
    });

    const rdsTarget = () => new Replayer({ server, admin: { user: ADMIN, password: ADMIN_PASSWORD }, providerDatabase: RDS_DB, providerSuperuser: false });
    const args = (replicationPrivilege: "rds_replication" | "replication-attribute"): PostgresVendorAccessArgs => ({
      vendor: "airbyte",
      roleName: "airbyte_rds",
      database: RDS_DB,
      readSchemas: ["app"],
      tableOwners: [TABLE_OWNER],
      password: VENDOR_PASSWORD,
      cdc: { replicationPrivilege, tables: ["app.orders"] },
    });

    test("rds_replication: deploy, membership, publication and slot owned by the admin; destroy removes them", async () => {
      const rep = rdsTarget();
      const result = await rep.up(await registrations(args("rds_replication"), "rds"));
      expect(result.drift).toEqual([]);
      const facts = await server.withClient({ database: RDS_DB }, async (c) => ({
        member: (await c.query("SELECT pg_has_role('airbyte_rds', 'rds_replication', 'MEMBER') AS m")).rows[0].m,
        pub: (await c.query("SELECT pubname, pg_get_userbyid(pubowner) AS owner FROM pg_publication")).rows,
        slot: (await c.query("SELECT slot_name, database FROM pg_replication_slots")).rows,
      }));
      expect(facts).toEqual({
        member: true,
        pub: [{ pubname: "airbyte_publication", owner: ADMIN }],
        slot: [{ slot_name: "airbyte_slot", database: RDS_DB }],
      });
      expect(await rep.refresh()).toEqual([]);
      await rep.destroy();
      const after = await server.withClient({ database: RDS_DB }, async (c) => ({
        roles: (await c.query("SELECT rolname FROM pg_roles WHERE rolname = 'airbyte_rds'")).rows,
        pub: (await c.query("SELECT pubname FROM pg_publication")).rows,
        slot: (await c.query("SELECT slot_name FROM pg_replication_slots")).rows,
      }));
      expect(after).toEqual({ roles: [], pub: [], slot: [] });
    });

    test("replication-attribute: PostgreSQL 15 and earlier refuse it to a non-superuser admin; 16+ allow CREATEROLE + REPLICATION", async () => {
      const rep = rdsTarget();
      const deploy = rep.up(await registrations(args("replication-attribute"), "rds"));
      if (server.major <= 15) {
        await expect(deploy).rejects.toThrow(/must be superuser to create replication users/);
        // Nothing else was created: the role is the first child and everything else depends on it.
        expect(await asSuperuser("SELECT rolname FROM pg_roles WHERE rolname = 'airbyte_rds'")).toEqual([]);
        expect(await asSuperuser("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
      } else {
        expect((await deploy).drift).toEqual([]);
        expect(await asSuperuser("SELECT rolreplication FROM pg_roles WHERE rolname = 'airbyte_rds'")).toEqual([{ rolreplication: true }]);
      }
      await rep.destroy();
      expect(await asSuperuser("SELECT rolname FROM pg_roles WHERE rolname = 'airbyte_rds'")).toEqual([]);
    });
  });
});
