/**
 * The real-PostgreSQL proof suite for one PostgreSQL major, in both admin modes. Each test gets a fresh
 * database (fixture.ts) on one server per file; what the component registers under Pulumi mocks is replayed
 * with the provider's SQL (support/replay), then the test logs in as the vendor.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { identifierKey, vendors } from "../../src";
import { startPostgres, type PgMajor, type PgServer } from "../support/pg-server";
import { PulumiCapture, TYPES } from "../support/pulumi-capture";
import { Replayer, qi } from "../support/replay";
import { ADMIN_MODES, APP_OWNER, CREATOR, HOSTILE_SCHEMA, createScenario, type AdminMode, type Scenario } from "../support/fixture";
import {
  assertLaterTablesReadable,
  assertNothingMore,
  assertReadsEverything,
  assertRoleAttributes,
  assertWritesManagedSchemas,
  catalogueCases,
  danglingAclItems,
  expectDenied,
  fixtureArgs,
  privilegeSnapshot,
  runProgram,
  vendorLogin,
  type Program,
} from "./helpers";

/** Vendor-specific detail of the job, where the preset data is not enough. */
const MANAGED_TABLES: Record<string, string[]> = {
  // Segment keeps result checksums in records_<subscription id> and checkpoints_<subscription id>.
  segment: ["records_sub42", "checkpoints_sub42"],
};

interface Difference {
  reason: string;
  /** Entries only the component has (`extra`) or only the vendor's own SQL has (`missing`). */
  side: "extra" | "missing";
  match: (entry: string) => boolean;
}

interface Reference {
  /** The vendor's own setup SQL, applied to role `ref` (identifiers pre-quoted), as the bootstrap superuser. */
  sql(ctx: { ref: string; database: string; readSchemas: string[]; owners: string[]; managedRef: (s: string) => string }): string[];
  differences: Difference[];
}

/** The vendors' own setup SQL (shared/reference/vendors.md) and the component's intentional differences. */
const REFERENCES: Record<string, Reference> = {
  segment: {
    sql: ({ ref, database, readSchemas, managedRef }) => [
      `GRANT CREATE ON DATABASE ${qi(database)} TO ${ref}`,
      `CREATE SCHEMA ${qi(managedRef("__segment_reverse_etl"))}`,
      `GRANT USAGE ON SCHEMA ${qi(managedRef("__segment_reverse_etl"))} TO ${ref}`,
      `GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA ${qi(managedRef("__segment_reverse_etl"))} TO ${ref}`,
      // "Give the segment user read permissions for any resources (databases, schemas, tables) the query needs."
      ...readSchemas.flatMap((s) => [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`, `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`]),
    ],
    differences: [
      { side: "extra", reason: "CONNECT granted explicitly, so hardened databases (CONNECT revoked from PUBLIC) work", match: (e) => e === "database:CONNECT" },
      { side: "extra", reason: "SELECT on sequences: the preset reads sequences (last_value) as well as tables", match: (e) => /^rel:S:.*:SELECT$/.test(e) },
      { side: "extra", reason: "default privileges per table owner, so later tables stay readable without another deploy", match: (e) => e.startsWith("default:") },
      { side: "extra", reason: "the segment role owns its managed schema, so it can CREATE its records_/checkpoints_ tables", match: (e) => e === "owns-schema:__segment_reverse_etl" },
      { side: "missing", reason: "USAGE on the managed schema is implied by owning it", match: (e) => e === "schema:__segment_reverse_etl:USAGE" },
    ],
  },
  whaly: {
    sql: ({ ref, database, readSchemas, owners }) => [
      `GRANT CONNECT ON DATABASE ${qi(database)} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        ...(s === "public" ? [] : [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`]),
        `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        ...owners.flatMap((o) => [
          `ALTER DEFAULT PRIVILEGES FOR ROLE ${qi(o)} IN SCHEMA ${qi(s)} GRANT SELECT ON tables TO ${ref}`,
          `ALTER DEFAULT PRIVILEGES FOR ROLE ${qi(o)} IN SCHEMA ${qi(s)} GRANT SELECT ON sequences TO ${ref}`,
        ]),
      ]),
    ],
    differences: [
      { side: "extra", reason: "USAGE on public granted explicitly (Whaly's SQL relies on PUBLIC's USAGE, which hardened databases revoke)", match: (e) => e === "schema:public:USAGE" },
    ],
  },
  // The presets below were added with the catalogue (issue 4); their SQL is the vendors' own, from vendors.md.
  census: {
    sql: ({ ref, readSchemas, managedRef }) => [
      `CREATE SCHEMA ${qi(managedRef("census"))}`,
      `GRANT ALL ON SCHEMA ${qi(managedRef("census"))} TO ${ref}`,
      `GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA ${qi(managedRef("census"))} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        `GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT SELECT ON TABLES TO ${ref}`,
        `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${qi(s)} TO ${ref}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT EXECUTE ON FUNCTIONS TO ${ref}`,
      ]),
    ],
    differences: [
      { side: "extra", reason: "CONNECT granted explicitly, so hardened databases (CONNECT revoked from PUBLIC) work", match: (e) => e === "database:CONNECT" },
      { side: "extra", reason: "default privileges FOR each table owner (the guide's, without FOR ROLE, cover only the admin's objects)", match: (e) => e.startsWith("default:") && !e.startsWith("default:postgres:") },
      { side: "missing", reason: "no default privileges for the admin: it does not create the tables Census reads", match: (e) => e.startsWith("default:postgres:") },
      { side: "extra", reason: "the census role owns its bookkeeping schema instead of holding ALL on it", match: (e) => e === "owns-schema:census" },
      { side: "missing", reason: "USAGE and CREATE on the bookkeeping schema are implied by owning it", match: (e) => e === "schema:census:USAGE" || e === "schema:census:CREATE" },
    ],
  },
  airbyte: {
    sql: ({ ref, readSchemas }) =>
      readSchemas.flatMap((s) => [
        `GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT SELECT ON TABLES TO ${ref}`,
      ]),
    differences: [
      { side: "extra", reason: "CONNECT granted explicitly, so hardened databases (CONNECT revoked from PUBLIC) work", match: (e) => e === "database:CONNECT" },
      { side: "extra", reason: "default privileges FOR each table owner (the guide's, without FOR ROLE, cover only the admin's objects)", match: (e) => e.startsWith("default:") && !e.startsWith("default:postgres:") },
      { side: "missing", reason: "no default privileges for the admin: it does not create the tables Airbyte reads", match: (e) => e.startsWith("default:postgres:") },
    ],
  },
  stitch: {
    // The RDS v2 guide grants SELECT table by table; on the fixture's existing tables that is the same ACL as
    // the all-tables form of Stitch's shared user template used here (the preset's all-tables choice: README).
    sql: ({ ref, database, readSchemas }) => [
      `GRANT CONNECT ON DATABASE ${qi(database)} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        `GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT SELECT ON TABLES TO ${ref}`,
      ]),
    ],
    differences: [
      { side: "extra", reason: "default privileges FOR each table owner (the guide's, without FOR ROLE, cover only the admin's objects)", match: (e) => e.startsWith("default:") && !e.startsWith("default:postgres:") },
      { side: "missing", reason: "no default privileges for the admin: it does not create the tables Stitch reads", match: (e) => e.startsWith("default:postgres:") },
    ],
  },
  rudderstack: {
    sql: ({ ref, readSchemas, owners, managedRef }) => [
      `CREATE SCHEMA ${qi(managedRef("_rudderstack"))}`,
      `GRANT ALL ON SCHEMA ${qi(managedRef("_rudderstack"))} TO ${ref}`,
      `GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA ${qi(managedRef("_rudderstack"))} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        `GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        ...owners.map((o) => `ALTER DEFAULT PRIVILEGES FOR USER ${qi(o)} IN SCHEMA ${qi(s)} GRANT SELECT ON TABLES TO ${ref}`),
      ]),
    ],
    differences: [
      { side: "extra", reason: "CONNECT granted explicitly, so hardened databases (CONNECT revoked from PUBLIC) work", match: (e) => e === "database:CONNECT" },
      { side: "extra", reason: "the rudder role owns _rudderstack instead of holding ALL on it", match: (e) => e === "owns-schema:_rudderstack" },
      { side: "missing", reason: "USAGE and CREATE on _rudderstack are implied by owning it", match: (e) => e === "schema:_rudderstack:USAGE" || e === "schema:_rudderstack:CREATE" },
    ],
  },
  metabase: {
    // Metabase's sample SQL is illustrative (GRANT USAGE ON DATABASE does not exist); its stated minimum is
    // CONNECT on the database and SELECT on the schemas' tables.
    sql: ({ ref, database, readSchemas }) => [
      `GRANT CONNECT ON DATABASE ${qi(database)} TO ${ref}`,
      ...readSchemas.flatMap((s) => [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`, `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`]),
    ],
    differences: [
      { side: "extra", reason: "default privileges per table owner, so later tables stay readable (the guide gives none)", match: (e) => e.startsWith("default:") },
    ],
  },
  // Omni's guide (docs.omni.co/connect-data/setup/postgres, read 2026-11-29) shows public; applied to each read schema.
  omni: {
    sql: ({ ref, database, readSchemas }) => [
      `GRANT CONNECT ON DATABASE ${qi(database)} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        ...(s === "public" ? [] : [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`]),
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT SELECT ON tables TO ${ref}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${qi(s)} GRANT SELECT ON sequences TO ${ref}`,
      ]),
    ],
    differences: [
      { side: "extra", reason: "USAGE on public granted explicitly (Omni's SQL relies on PUBLIC's USAGE, which hardened databases revoke)", match: (e) => e === "schema:public:USAGE" },
      { side: "extra", reason: "default privileges FOR each table owner (the guide's, without FOR ROLE, cover only the admin's objects)", match: (e) => e.startsWith("default:") && !e.startsWith("default:postgres:") },
      { side: "missing", reason: "no default privileges for the admin: it does not create the tables Omni reads", match: (e) => e.startsWith("default:postgres:") },
    ],
  },
  // Grafana's example (datasources/postgres/configure, read 2026-11-29) grants SELECT table by table; on the
  // fixture's existing tables that is the same ACL as the all-tables form used here.
  grafana: {
    sql: ({ ref, readSchemas }) =>
      readSchemas.flatMap((s) => [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`, `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`]),
    differences: [
      { side: "extra", reason: "CONNECT granted explicitly, so hardened databases (CONNECT revoked from PUBLIC) work", match: (e) => e === "database:CONNECT" },
      { side: "extra", reason: "default privileges per table owner, so later tables stay readable (Grafana's example gives none)", match: (e) => e.startsWith("default:") },
    ],
  },
  // Looker's guide (cloud.google.com/looker/docs/db-config-postgresql, read 2026-11-29), with its FOR USER/ROLE
  // form for every creator, applied to each read schema.
  looker: {
    sql: ({ ref, database, readSchemas, owners }) => [
      `GRANT CONNECT ON DATABASE ${qi(database)} TO ${ref}`,
      ...readSchemas.flatMap((s) => [
        `GRANT SELECT ON ALL SEQUENCES IN SCHEMA ${qi(s)} TO ${ref}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${qi(s)} TO ${ref}`,
        ...(s === "public" ? [] : [`GRANT USAGE ON SCHEMA ${qi(s)} TO ${ref}`]),
        ...owners.flatMap((o) => [
          `ALTER DEFAULT PRIVILEGES FOR ROLE ${qi(o)} IN SCHEMA ${qi(s)} GRANT SELECT ON tables TO ${ref}`,
          `ALTER DEFAULT PRIVILEGES FOR ROLE ${qi(o)} IN SCHEMA ${qi(s)} GRANT SELECT ON sequences TO ${ref}`,
        ]),
      ]),
    ],
    differences: [
      { side: "extra", reason: "USAGE on public granted explicitly (Looker's SQL relies on PUBLIC's USAGE, which hardened databases revoke)", match: (e) => e === "schema:public:USAGE" },
    ],
  },
};

function opKinds(ops: { kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of ops) out[op.kind] = (out[op.kind] ?? 0) + 1;
  return out;
}

function replayableCount(program: Program): number {
  return program.registrations.filter((r) => r.type.startsWith("postgresql:")).length;
}

export function vendorAccessSuite(major: PgMajor): void {
  let server: PgServer;
  let capture: PulumiCapture;
  const started = Date.now();

  beforeAll(async () => {
    server = await startPostgres({ major });
    capture = await PulumiCapture.install();
  });
  afterAll(async () => {
    await server?.stop();
    console.log(`PostgreSQL ${major} suite: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  describe.each(ADMIN_MODES)(`PostgreSQL ${major}, admin %s`, (mode: AdminMode) => {
    let sc: Scenario | undefined;
    const cleanupRoles: string[] = [];
    const fresh = async () => {
      sc = await createScenario(server, mode);
      return sc;
    };
    const cleanup = async () => {
      await sc?.cleanup(cleanupRoles.splice(0));
      sc = undefined;
    };

    test.each(catalogueCases())("$id $mode: deploy, vendor job, later tables, limits, idempotency, destroy", async ({ id, mode: vendorMode, preset }) => {
      const s = await fresh();
      try {
        const args = fixtureArgs(s, id, vendorMode ? { mode: vendorMode } : {});
        const program = await runProgram(capture, [{ name: id, args }]);
        const plan = program.components[0].plan;
        cleanupRoles.push(plan.roleName);
        const replayer = new Replayer(s.target);

        const first = await replayer.up(program.registrations);
        expect(first.drift).toEqual([]);
        expect(opKinds(first.operations)).toEqual({ create: replayableCount(program) });
        expect(await replayer.refresh()).toEqual([]);

        const login = vendorLogin(program);
        const snapshot = await privilegeSnapshot(s, plan.roleName);
        await s.as(login.user, login.password, async (c) => {
          expect(await assertReadsEverything(s, plan, preset, c)).toBeGreaterThan(0);
          await assertWritesManagedSchemas(plan, c, MANAGED_TABLES[id]);
          await assertLaterTablesReadable(s, plan, preset, c, "first");
          await assertNothingMore(s, plan, c);
        });

        // Idempotency: the same program again changes nothing, in PostgreSQL or in state.
        const again = await runProgram(capture, [{ name: id, args }]);
        const second = await replayer.up(again.registrations);
        expect(opKinds(second.operations)).toEqual({ same: replayableCount(again) });
        expect(second.drift).toEqual([]);
        const afterLaterTables = await privilegeSnapshot(s, plan.roleName);
        // Only the later tables (via default privileges) and the vendor's own managed tables were added.
        const added = afterLaterTables.filter((e) => !snapshot.includes(e));
        expect(added.filter((e) => !(/^rel:[rS]:.*\.later first /.test(e) || /^owns-rel:/.test(e)))).toEqual([]);
        expect(afterLaterTables.filter((e) => !added.includes(e))).toEqual(snapshot);
        expect(added.filter((e) => /later first/.test(e)).length).toBeGreaterThan(0);

        // Destroy, reverse dependency order.
        const destroyed = await replayer.destroy();
        expect(destroyed.length).toBe(replayableCount(program));
        const roleLeft = await s.asSuperuser(async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [plan.roleName])).rowCount);
        expect(roleLeft).toBe(0);
        expect(await danglingAclItems(s)).toEqual([]);
        for (const schema of plan.managedSchemas) {
          // Retained (managedSchemaOnDestroy "retain"): the vendor's tables and rows survive, owned by the admin.
          const tables = MANAGED_TABLES[id] ?? ["vendor_state"];
          for (const table of tables) {
            const rows = await s.asSuperuser(async (c) => (await c.query(`SELECT id FROM ${qi(schema)}.${qi(table)} ORDER BY id`)).rows);
            expect(rows).toEqual([{ id: "r1" }, { id: "r3" }]);
          }
          const owner = await s.asSuperuser(async (c) => (await c.query("SELECT pg_get_userbyid(nspowner) AS o FROM pg_namespace WHERE nspname = $1", [schema])).rows[0].o);
          expect(owner).toBe(s.admin.user);
        }
      } finally {
        await cleanup();
      }
    });

    test.each(Object.keys(REFERENCES))("%s: effective privileges equal the vendor's own setup SQL, except the documented differences", async (id) => {
      const s = await fresh();
      try {
        const program = await runProgram(capture, [{ name: id, args: fixtureArgs(s, id) }]);
        const plan = program.components[0].plan;
        cleanupRoles.push(plan.roleName, `ref_${id}`);
        const replayer = new Replayer(s.target);
        expect((await replayer.up(program.registrations)).drift).toEqual([]);

        const ref = `ref_${id}`;
        const managedRef = (schema: string) => `${schema}_ref`;
        await s.asSuperuser(async (c) => {
          await c.query(`CREATE ROLE ${qi(ref)} LOGIN`);
          for (const sql of REFERENCES[id].sql({ ref: qi(ref), database: s.database, readSchemas: plan.readSchemas, owners: plan.tableOwners, managedRef })) {
            await c.query(sql);
          }
        });
        const component = await privilegeSnapshot(s, plan.roleName);
        const reference = (await privilegeSnapshot(s, ref)).map((e) => plan.managedSchemas.reduce((acc, m) => acc.replace(managedRef(m), m), e));
        const extra = component.filter((e) => !reference.includes(e));
        const missing = reference.filter((e) => !component.includes(e));
        const differences = REFERENCES[id].differences;
        const unexplained = [
          ...extra.filter((e) => !differences.some((d) => d.side === "extra" && d.match(e))).map((e) => `extra ${e}`),
          ...missing.filter((e) => !differences.some((d) => d.side === "missing" && d.match(e))).map((e) => `missing ${e}`),
        ];
        expect(unexplained).toEqual([]);
        // Every documented difference is real (the list is exact, not a blanket excuse).
        const unused = differences.filter((d) => !(d.side === "extra" ? extra : missing).some(d.match)).map((d) => d.reason);
        expect(unused).toEqual([]);
        // And the common ground is substantial: the read grants on every read schema.
        for (const schema of plan.readSchemas) expect(component).toContain(`rel:r:${schema}.customers:SELECT`);
        await replayer.destroy();
      } finally {
        await cleanup();
      }
    });

    test("updates: add/remove a read schema, a table owner and a CIDR; privileges follow, nothing else changes", async () => {
      const s = await fresh();
      try {
        const base = { securityGroupId: "sg-0123456789abcdef0", port: 5432 };
        const v1 = fixtureArgs(s, "whaly", { ...base, readSchemas: ["public", "sales"], tableOwners: [APP_OWNER], extraCidrs: ["203.0.113.0/24"] });
        const v2 = fixtureArgs(s, "whaly", { ...base, readSchemas: ["public", HOSTILE_SCHEMA], tableOwners: [APP_OWNER, CREATOR], extraCidrs: ["198.51.100.0/24"] });
        cleanupRoles.push("whaly_bi", "whaly_fresh");
        const replayer = new Replayer(s.target);
        /** What a first deployment of `args` gives a new role ("whaly_fresh") in this database now. */
        const freshSnapshot = async (args: typeof v1) => {
          const freshProgram = await runProgram(capture, [{ name: "fresh", args: { ...args, roleName: "whaly_fresh" } }]);
          const freshReplayer = new Replayer(s.target);
          await freshReplayer.up(freshProgram.registrations);
          const snap = await privilegeSnapshot(s, "whaly_fresh");
          await freshReplayer.destroy();
          return snap;
        };
        const p1 = await runProgram(capture, [{ name: "whaly", args: v1 }]);
        await replayer.up(p1.registrations);
        const snap1 = await privilegeSnapshot(s, "whaly_bi");
        expect(snap1).toEqual(await freshSnapshot(v1));

        const p2 = await runProgram(capture, [{ name: "whaly", args: v2 }]);
        const up2 = await replayer.up(p2.registrations);
        expect(up2.drift).toEqual([]);
        // Only resources of the added/removed schema and owner change; nothing is updated or replaced in place.
        const changed = up2.operations.filter((o) => o.kind !== "same");
        expect(changed.every((o) => o.kind === "create" || o.kind === "delete")).toBe(true);
        const hostileKey = identifierKey(HOSTILE_SCHEMA);
        const creatorKey = identifierKey(CREATOR);
        for (const op of changed) {
          if (op.kind === "create") expect(op.urn.includes(hostileKey) || op.urn.includes(creatorKey)).toBe(true);
          else expect(op.urn.includes("-sales")).toBe(true);
        }
        // The updated role has exactly what a fresh deployment of v2 gives another role in the same database.
        expect(await privilegeSnapshot(s, "whaly_bi")).toEqual(await freshSnapshot(v2));
        const login = vendorLogin(p2);
        await s.as(login.user, login.password, async (c) => {
          await c.query(`SELECT * FROM ${qi(HOSTILE_SCHEMA)}.loaded`);
          await expectDenied(c.query("SELECT * FROM sales.customers"), "removed schema sales");
          await assertLaterTablesReadable(s, p2.components[0].plan, undefined, c, "v2");
        });
        // The ingress rules follow the CIDR.
        const cidrsOf = (p: typeof p1) => p.registrations.filter((r) => r.type === TYPES.ingressRule).map((r) => r.inputs.cidrIpv4).sort();
        // (Whaly's 36 published CIDRs stay; only the extra CIDR is swapped.)
        expect(cidrsOf(p2)).toEqual([...cidrsOf(p1).filter((c) => c !== "203.0.113.0/24"), "198.51.100.0/24"].sort());
        expect(cidrsOf(p2)).toHaveLength(37);

        // Back to v1: exactly what v1 gives now (which includes the table created in public meanwhile).
        const p3 = await runProgram(capture, [{ name: "whaly", args: v1 }]);
        expect((await replayer.up(p3.registrations)).drift).toEqual([]);
        const snap3 = await privilegeSnapshot(s, "whaly_bi");
        expect(snap3).toEqual(await freshSnapshot(v1));
        expect(snap3.filter((e) => !snap1.includes(e))).toEqual([
          "rel:S:public.later v2 app_owner_id_seq:SELECT",
          "rel:r:public.later v2 app_owner:SELECT",
        ]);

        // A CIDR-only change touches no PostgreSQL resource.
        const p4 = await runProgram(capture, [{ name: "whaly", args: { ...v1, extraCidrs: ["192.0.2.0/24"] } }]);
        const up4 = await replayer.up(p4.registrations);
        expect(opKinds(up4.operations)).toEqual({ same: replayableCount(p4) });
        expect(cidrsOf(p4)).toEqual([...cidrsOf(p1).filter((c) => c !== "203.0.113.0/24"), "192.0.2.0/24"].sort());
        expect(await privilegeSnapshot(s, "whaly_bi")).toEqual(snap3);
        await replayer.destroy();
        expect(await danglingAclItems(s)).toEqual([]);
      } finally {
        await cleanup();
      }
    });

    test("Segment and Whaly on the same schemas deploy concurrently and destroy without errors", async () => {
      const s = await fresh();
      try {
        cleanupRoles.push("segment", "whaly_bi");
        const program = await runProgram(capture, [
          { name: "segment", args: fixtureArgs(s, "segment") },
          { name: "whaly", args: fixtureArgs(s, "whaly") },
        ]);
        const replayer = new Replayer(s.target);
        const up = await replayer.up(program.registrations);
        expect(up.drift).toEqual([]);
        expect(opKinds(up.operations)).toEqual({ create: replayableCount(program) });
        for (const i of [0, 1]) {
          const login = vendorLogin(program, i);
          const plan = program.components[i].plan;
          await s.as(login.user, login.password, async (c) => {
            await assertReadsEverything(s, plan, vendors[plan.vendorId], c);
            await assertWritesManagedSchemas(plan, c);
          });
          await assertRoleAttributes(s, login.user);
        }
        expect(await replayer.refresh()).toEqual([]);
        await replayer.destroy();
        expect(await danglingAclItems(s)).toEqual([]);
      } finally {
        await cleanup();
      }
    });

    test("a managed schema that already exists is adopted: the vendor becomes its owner", async () => {
      const s = await fresh();
      try {
        cleanupRoles.push("segment");
        // Created earlier by hand (the vendor's guide says to), owned by the provider's admin, with data.
        await s.as(s.admin.user, s.admin.password, async (c) => {
          await c.query("CREATE SCHEMA __segment_reverse_etl");
          await c.query("CREATE TABLE __segment_reverse_etl.records_old (record_id text, checksum text)");
          await c.query("INSERT INTO __segment_reverse_etl.records_old VALUES ('a', 'b')");
        });
        const program = await runProgram(capture, [{ name: "segment", args: fixtureArgs(s, "segment") }]);
        const replayer = new Replayer(s.target);
        expect((await replayer.up(program.registrations)).drift).toEqual([]);
        expect(replayer.log.map((l) => l.sql)).toContain('ALTER SCHEMA "__segment_reverse_etl" OWNER TO "segment"');
        const login = vendorLogin(program);
        await s.as(login.user, login.password, async (c) => {
          await assertWritesManagedSchemas(program.components[0].plan, c, ["records_new"]);
        });
        await replayer.destroy();
        const rows = await s.asSuperuser(async (c) => (await c.query("SELECT record_id FROM __segment_reverse_etl.records_old")).rows);
        expect(rows).toEqual([{ record_id: "a" }]);
      } finally {
        await cleanup();
      }
    });

    test("a table made by an unlisted creator is unreadable; listing the creator and `up --refresh` fixes it", async () => {
      const s = await fresh();
      try {
        cleanupRoles.push("whaly_bi");
        const onlyAppOwner = await runProgram(capture, [{ name: "whaly", args: fixtureArgs(s, "whaly", { tableOwners: [APP_OWNER] }) }]);
        const replayer = new Replayer(s.target);
        expect((await replayer.up(onlyAppOwner.registrations)).drift).toEqual([]);
        await s.as(CREATOR, s.ownerPasswords[CREATOR], (c) => c.query("CREATE TABLE sales.made_later (id int)"));
        const login = vendorLogin(onlyAppOwner);
        await s.as(login.user, login.password, (c) => expectDenied(c.query("SELECT * FROM sales.made_later"), "reading a table of an unlisted creator"));

        // The refresh reads the schema-wide table grant and sees the table without SELECT: drift on that grant only.
        const drift = await replayer.refresh();
        expect(drift.map((d) => d.urn.split("::").pop())).toEqual(["whaly-tables-sales"]);
        const withCreator = await runProgram(capture, [{ name: "whaly", args: fixtureArgs(s, "whaly") }]);
        const result = await replayer.up(withCreator.registrations);
        expect(result.drift).toEqual([]);
        expect(result.operations.filter((o) => o.kind === "update").map((o) => o.urn.split("::").pop())).toEqual(["whaly-tables-sales"]);
        await s.as(login.user, login.password, async (c) => {
          expect((await c.query("SELECT count(*)::int AS n FROM sales.made_later")).rows).toEqual([{ n: 0 }]);
        });
        await replayer.destroy();
      } finally {
        await cleanup();
      }
    });

    test('managedSchemaOnDestroy "drop": destroy drops the managed schema with the vendor\'s tables, and nothing remains', async () => {
      const s = await fresh();
      try {
        cleanupRoles.push("segment");
        const program = await runProgram(capture, [{ name: "segment", args: { ...fixtureArgs(s, "segment"), managedSchemaOnDestroy: "drop" } }]);
        const replayer = new Replayer(s.target);
        expect((await replayer.up(program.registrations)).drift).toEqual([]);
        const login = vendorLogin(program);
        await s.as(login.user, login.password, async (c) => {
          await assertWritesManagedSchemas(program.components[0].plan, c, MANAGED_TABLES.segment);
        });
        await replayer.destroy();
        expect(replayer.log.map((l) => l.sql)).toContain('DROP SCHEMA "__segment_reverse_etl" CASCADE');
        const left = await s.asSuperuser(async (c) => ({
          schema: (await c.query("SELECT 1 FROM pg_namespace WHERE nspname = '__segment_reverse_etl'")).rowCount,
          role: (await c.query("SELECT 1 FROM pg_roles WHERE rolname = 'segment'")).rowCount,
        }));
        expect(left).toEqual({ schema: 0, role: 0 });
        expect(await danglingAclItems(s)).toEqual([]);
      } finally {
        await cleanup();
      }
    });

    if (mode === "rds") {
      test("prerequisite: an existing managed schema owned by another role cannot be adopted by a non-superuser admin", async () => {
        const s = await fresh();
        try {
          cleanupRoles.push("segment");
          await s.asSuperuser((c) => c.query(`CREATE SCHEMA __segment_reverse_etl AUTHORIZATION ${qi(APP_OWNER)}`));
          const program = await runProgram(capture, [{ name: "segment", args: fixtureArgs(s, "segment") }]);
          const replayer = new Replayer(s.target);
          await expect(replayer.up(program.registrations)).rejects.toThrow(/must be owner of schema __segment_reverse_etl/);
          await replayer.destroy();
        } finally {
          await cleanup();
        }
      });

      test("harness: a CONNECT grant that does nothing (admin does not own the database) is reported as drift", async () => {
        const s = await fresh();
        try {
          cleanupRoles.push("whaly_bi");
          await s.asSuperuser((c) => c.query(`ALTER DATABASE ${qi(s.database)} OWNER TO ${qi(server.superuser.user)}`));
          const program = await runProgram(capture, [{ name: "whaly", args: fixtureArgs(s, "whaly", { readSchemas: ["sales"] }) }]);
          const replayer = new Replayer(s.target);
          const up = await replayer.up(program.registrations);
          expect(up.drift.map((d) => [d.urn.split("::").pop(), d.field, d.desired, d.actual])).toEqual([["whaly-database", "privileges", ["CONNECT"], []]]);
          const second = await replayer.up(program.registrations);
          expect(second.operations.filter((o) => o.kind !== "same").map((o) => o.urn.split("::").pop())).toEqual(["whaly-database"]);
          await replayer.destroy();
        } finally {
          await cleanup();
        }
      });
    }
  });
}

