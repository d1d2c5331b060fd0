/**
 * Shared pieces of the real-PostgreSQL suite: building programs under Pulumi mocks, the vendor's documented
 * job derived from its preset, negative checks, and a privilege snapshot (every explicit ACL entry, default
 * ACL entry, ownership and membership of a role in one database) for exact comparisons.
 */
import { expect } from "vitest";
import type pg from "pg";
import { PostgresVendorAccess, vendors, type PostgresVendorAccessArgs } from "../../src";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import type { AccessPlan } from "../../src/plan";
import type { VendorPreset } from "../../src/vendors/types";
import { qi } from "../support/replay";
import { APP_OWNER, CREATOR, HOSTILE_SCHEMA, READ_SCHEMAS, SECRET_SCHEMA, type Scenario } from "../support/fixture";
import { PulumiCapture, TYPES, type Registration } from "../support/pulumi-capture";

export interface Program {
  registrations: Registration[];
  components: PostgresVendorAccess[];
}

/** Runs one Pulumi program (one or more components) under mocks and returns what it registered. */
export async function runProgram(capture: PulumiCapture, components: { name: string; args: PostgresVendorAccessArgs }[]): Promise<Program> {
  capture.reset();
  resetChains();
  resetDeclaredRules();
  const built = await capture.run(() => components.map((c) => new PostgresVendorAccess(c.name, c.args)));
  return { registrations: [...capture.registrations], components: built };
}

/** The vendor's login: role name and the password the Role registration carries. */
export function vendorLogin(program: Program, component = 0): { user: string; password: string } {
  const plan = program.components[component].plan;
  const role = program.registrations.find((r) => r.type === TYPES.role && r.inputs.name === plan.roleName);
  if (!role) throw new Error(`no Role registration for ${plan.roleName}`);
  return { user: role.inputs.name, password: role.inputs.password };
}

/** Every (vendor, mode) of the catalogue: later presets join automatically. */
export function catalogueCases(): { id: string; mode?: string; preset: VendorPreset }[] {
  const out: { id: string; mode?: string; preset: VendorPreset }[] = [];
  for (const [id, preset] of Object.entries(vendors)) {
    if (preset.modes) for (const mode of Object.keys(preset.modes)) out.push({ id, mode, preset });
    else out.push({ id, preset });
  }
  return out;
}

/** Standard arguments over the fixture: every read schema, both creator roles. */
export function fixtureArgs(sc: Scenario, id: string, extra: Partial<PostgresVendorAccessArgs> = {}): PostgresVendorAccessArgs {
  return { vendor: id, database: sc.database, readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR], ...extra };
}

export interface SchemaObjects {
  relations: string[];
  sequences: string[];
  functions: string[];
}

/** Tables, views, materialized views, sequences and functions of `schema`, from the catalog. */
export async function objectsIn(sc: Scenario, schema: string): Promise<SchemaObjects> {
  return sc.asSuperuser(async (c) => {
    const rel = await c.query(
      "SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = $1 AND relkind IN ('r','p','v','m','S') ORDER BY relname",
      [schema],
    );
    const fn = await c.query("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = $1 ORDER BY proname", [schema]);
    return {
      relations: rel.rows.filter((r) => r.relkind !== "S").map((r) => r.relname),
      sequences: rel.rows.filter((r) => r.relkind === "S").map((r) => r.relname),
      functions: fn.rows.map((r) => r.proname),
    };
  });
}

/** Expects `promise` to fail with insufficient_privilege (42501). */
export async function expectDenied(promise: Promise<unknown>, what: string): Promise<void> {
  let error: any;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `${what} should be denied`).toBeDefined();
  expect(error.code, `${what}: ${error?.message}`).toBe("42501");
}

/** Reads everything in the plan's read schemas as the vendor (the read half of every preset's job). */
export async function assertReadsEverything(sc: Scenario, plan: AccessPlan, preset: VendorPreset | undefined, c: pg.Client): Promise<number> {
  let reads = 0;
  for (const schema of plan.readSchemas) {
    const objects = await objectsIn(sc, schema);
    expect(objects.relations.length).toBeGreaterThan(0);
    for (const rel of objects.relations) {
      await c.query(`SELECT * FROM ${qi(schema)}.${qi(rel)}`);
      reads++;
    }
    if (preset?.readPrivileges.sequence?.length) {
      for (const seq of objects.sequences) {
        await c.query(`SELECT last_value FROM ${qi(schema)}.${qi(seq)}`);
        reads++;
      }
    } else {
      for (const seq of objects.sequences) await expectDenied(c.query(`SELECT last_value FROM ${qi(schema)}.${qi(seq)}`), `sequence ${schema}.${seq}`);
    }
    if (preset?.readPrivileges.function?.length) {
      const rows = await c.query(`SELECT ${qi(schema)}.answer() AS a`);
      expect(rows.rows[0].a).toBe(42);
      reads++;
    }
  }
  return reads;
}

/** The vendor creates a table in each managed schema and inserts, updates and deletes there. */
export async function assertWritesManagedSchemas(plan: AccessPlan, c: pg.Client, tables: string[] = ["vendor_state"]): Promise<void> {
  for (const schema of plan.managedSchemas) {
    for (const table of tables) {
      const t = `${qi(schema)}.${qi(table)}`;
      await c.query(`CREATE TABLE ${t} (id text PRIMARY KEY, checksum text)`);
      await c.query(`INSERT INTO ${t} VALUES ('r1', 'c1'), ('r2', 'c2'), ('r3', 'c3')`);
      expect((await c.query(`UPDATE ${t} SET checksum = 'c9' WHERE id = 'r1'`)).rowCount).toBe(1);
      expect((await c.query(`DELETE FROM ${t} WHERE id = 'r2'`)).rowCount).toBe(1);
      expect((await c.query(`SELECT id, checksum FROM ${t} ORDER BY id`)).rows).toEqual([
        { id: "r1", checksum: "c9" },
        { id: "r3", checksum: "c3" },
      ]);
    }
  }
}

/** What the vendor must not be able to do. */
export async function assertNothingMore(sc: Scenario, plan: AccessPlan, c: pg.Client): Promise<void> {
  for (const schema of plan.readSchemas) {
    const t = `${qi(schema)}.customers`;
    await expectDenied(c.query(`INSERT INTO ${t} (name) VALUES ('x')`), `INSERT into ${schema}`);
    await expectDenied(c.query(`UPDATE ${t} SET name = 'x'`), `UPDATE in ${schema}`);
    await expectDenied(c.query(`DELETE FROM ${t}`), `DELETE in ${schema}`);
    await expectDenied(c.query(`TRUNCATE ${t}`), `TRUNCATE in ${schema}`);
    await expectDenied(c.query(`CREATE TABLE ${qi(schema)}.vendor_made (x int)`), `CREATE TABLE in ${schema}`);
    await expectDenied(c.query(`SELECT nextval('${qi(schema).replace(/'/g, "''")}.invoice_numbers')`), `nextval in ${schema}`);
  }
  const unlisted = [SECRET_SCHEMA, ...READ_SCHEMAS.filter((s) => !plan.readSchemas.includes(s))];
  for (const schema of unlisted) {
    await expectDenied(c.query(`SELECT * FROM ${qi(schema)}.customers`), `reading unlisted schema ${schema}`);
    await expectDenied(c.query(`SELECT * FROM ${qi(schema)}.${qi("customer_names")}`), `reading a view in unlisted schema ${schema}`);
  }
  // CREATE on the database only when the preset asks for it (e.g. Segment's guide grants it).
  const createDb = plan.postgres.some((p) => p.kind === "grant" && p.objectType === "database" && p.privileges.includes("CREATE"));
  if (createDb) {
    await c.query("CREATE SCHEMA vendor_probe");
    await c.query("DROP SCHEMA vendor_probe");
  } else {
    await expectDenied(c.query("CREATE SCHEMA vendor_probe"), "CREATE SCHEMA");
  }
  await expectDenied(c.query(`CREATE ROLE vendor_probe`), "CREATE ROLE");
  await expectDenied(c.query(`CREATE DATABASE vendor_probe`), "CREATE DATABASE");
  await expectDenied(c.query(`SET ROLE ${qi(APP_OWNER)}`), "SET ROLE app_owner");
  await assertRoleAttributes(sc, plan.roleName);
}

/** The vendor role has LOGIN and nothing else: no attribute, no membership in any role. */
export async function assertRoleAttributes(sc: Scenario, role: string): Promise<void> {
  const row = await sc.asSuperuser(async (c) =>
    (await c.query(
      `SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
              ARRAY(SELECT pg_get_userbyid(roleid) FROM pg_auth_members WHERE member = r.oid)::text[] AS member_of,
              ARRAY(SELECT pg_get_userbyid(member) FROM pg_auth_members WHERE roleid = r.oid)::text[] AS members
       FROM pg_roles r WHERE rolname = $1`,
      [role],
    )).rows[0],
  );
  expect(row).toEqual({
    rolsuper: false,
    rolinherit: true,
    rolcreaterole: false,
    rolcreatedb: false,
    rolcanlogin: true,
    rolreplication: false,
    rolbypassrls: false,
    member_of: [],
    // PG16+: a non-superuser CREATEROLE admin automatically becomes a member of each role it creates (with
    // ADMIN OPTION, without INHERIT or SET), so it can manage it. That gives the vendor nothing.
    members: sc.mode === "rds" && sc.server.major >= 16 ? [sc.admin.user] : [],
  });
}

/** As each listed table owner, creates a new table (and sequence) in each read schema; the vendor reads them. */
export async function assertLaterTablesReadable(sc: Scenario, plan: AccessPlan, preset: VendorPreset | undefined, c: pg.Client, tag: string): Promise<void> {
  for (const owner of plan.tableOwners) {
    for (const schema of plan.readSchemas) {
      // The second creator may create only where the fixture allows it.
      if (owner === CREATOR && !["sales", HOSTILE_SCHEMA].includes(schema)) continue;
      const table = `later ${tag} ${owner}`;
      await sc.as(owner, sc.ownerPasswords[owner], async (oc) => {
        await oc.query(`CREATE TABLE ${qi(schema)}.${qi(table)} (id serial, v text)`);
        await oc.query(`INSERT INTO ${qi(schema)}.${qi(table)} (v) VALUES ('later')`);
      });
      expect((await c.query(`SELECT v FROM ${qi(schema)}.${qi(table)}`)).rows).toEqual([{ v: "later" }]);
      const seq = `${table}_id_seq`;
      if (preset?.readPrivileges.sequence?.length) {
        expect((await c.query(`SELECT last_value FROM ${qi(schema)}.${qi(seq)}`)).rows[0].last_value).toBe("1");
      }
    }
  }
}

/**
 * Every privilege-relevant fact about `role` in the scenario database, grantor ignored, as sorted strings:
 * database/schema/relation/function ACL entries, default ACL entries, ownership, memberships.
 */
export async function privilegeSnapshot(sc: Scenario, role: string): Promise<string[]> {
  return sc.asSuperuser(async (c) => {
    const rows = await c.query(
      `WITH r AS (SELECT oid FROM pg_roles WHERE rolname = $1)
       SELECT 'database:' || a.privilege_type AS e FROM pg_database d, aclexplode(d.datacl) a, r WHERE d.datname = current_database() AND a.grantee = r.oid
       UNION ALL SELECT 'schema:' || n.nspname || ':' || a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a, r WHERE a.grantee = r.oid
       UNION ALL SELECT 'rel:' || c.relkind::text || ':' || n.nspname || '.' || c.relname || ':' || a.privilege_type
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a, r WHERE a.grantee = r.oid
       UNION ALL SELECT 'function:' || n.nspname || '.' || p.proname || ':' || a.privilege_type
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a, r WHERE a.grantee = r.oid
       UNION ALL SELECT 'default:' || pg_get_userbyid(d.defaclrole) || ':' || COALESCE(n.nspname, '*') || ':' || d.defaclobjtype::text || ':' || a.privilege_type
         FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a, r WHERE a.grantee = r.oid
       UNION ALL SELECT 'owns-schema:' || n.nspname FROM pg_namespace n, r WHERE n.nspowner = r.oid
       UNION ALL SELECT 'owns-rel:' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, r WHERE c.relowner = r.oid
       UNION ALL SELECT 'member-of:' || pg_get_userbyid(m.roleid) FROM pg_auth_members m, r WHERE m.member = r.oid`,
      [role],
    );
    return rows.rows.map((x) => x.e as string).sort();
  });
}

/** ACL items in the database whose grantee or grantor no longer exists (left behind by a dropped role). */
export async function danglingAclItems(sc: Scenario): Promise<string[]> {
  return sc.asSuperuser(async (c) => {
    const rows = await c.query(
      `WITH acl AS (
         SELECT 'database' AS k, a.* FROM pg_database d, aclexplode(d.datacl) a
         UNION ALL SELECT 'schema', a.* FROM pg_namespace n, aclexplode(n.nspacl) a
         UNION ALL SELECT 'rel', a.* FROM pg_class c, aclexplode(c.relacl) a
         UNION ALL SELECT 'function', a.* FROM pg_proc p, aclexplode(p.proacl) a
         UNION ALL SELECT 'default', a.* FROM pg_default_acl d, aclexplode(d.defaclacl) a)
       SELECT k || ':' || grantee || ':' || privilege_type AS e FROM acl
       WHERE (grantee <> 0 AND grantee NOT IN (SELECT oid FROM pg_roles)) OR grantor NOT IN (SELECT oid FROM pg_roles)`,
    );
    return rows.rows.map((r) => r.e);
  });
}
