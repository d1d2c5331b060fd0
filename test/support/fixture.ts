/**
 * The application database the real-PostgreSQL suite grants access to, in one of two admin modes:
 *
 * - `superuser`: the provider logs in as the bootstrap superuser, which owns the database.
 * - `rds`: the provider logs in as `CREATE ROLE … LOGIN CREATEROLE CREATEDB` (not a superuser), which created
 *   the database and the application roles, as the RDS master user does.
 *
 * Contents: schemas `public`, `sales`, `secret` and a hostile-named schema; role `app_owner` owns the schemas
 * (except PG15+'s `public`, owned by `pg_database_owner`) and creates a table with an identity sequence, a view,
 * a standalone sequence and a function in each; a second creator role with a hostile name creates a table in
 * `sales` and in the hostile schema. Names are hostile to naive SQL: mixed case, spaces, quotes, a semicolon,
 * non-ASCII.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { PgServer } from "./pg-server";
import { qi, type ReplayTarget } from "./replay";

export type AdminMode = "superuser" | "rds";
export const ADMIN_MODES: readonly AdminMode[] = ["superuser", "rds"];

export const APP_OWNER = "app_owner";
/** Second creator role: quotes, space, semicolon, mixed case, non-ASCII. */
export const CREATOR = `ETL "Loader"; ñ`;
/** Hostile schema and table names. */
export const HOSTILE_SCHEMA = `Kunden "EU"; Daten ü`;
export const HOSTILE_TABLE = `Orders 'x' "2024"; é`;
/** The read schemas the fixture offers and the one no vendor may read. */
export const READ_SCHEMAS = ["public", "sales", HOSTILE_SCHEMA] as const;
export const SECRET_SCHEMA = "secret";

const RDS_ADMIN = "rds_admin";

export interface Scenario {
  server: PgServer;
  mode: AdminMode;
  database: string;
  admin: { user: string; password: string };
  target: ReplayTarget;
  /** Passwords of the fixture's creator roles (they log in to create later tables). */
  ownerPasswords: Record<string, string>;
  /** Runs `fn` on the scenario database as the bootstrap superuser. */
  asSuperuser<T>(fn: (c: pg.Client) => Promise<T>): Promise<T>;
  /** Runs `fn` on the scenario database logged in as `user`. */
  as<T>(user: string, password: string, fn: (c: pg.Client) => Promise<T>): Promise<T>;
  /** Drops the database and every role created for or during the scenario. */
  cleanup(extraRoles?: string[]): Promise<void>;
}

const adminPasswords = new WeakMap<PgServer, string>();

/** The provider login for `mode` on `server` (created once per server for `rds`). */
export async function adminFor(server: PgServer, mode: AdminMode): Promise<{ user: string; password: string }> {
  if (mode === "superuser") return server.superuser;
  let password = adminPasswords.get(server);
  if (!password) {
    password = randomBytes(12).toString("hex");
    await server.withClient({}, (c) => c.query(`CREATE ROLE ${RDS_ADMIN} LOGIN CREATEROLE CREATEDB PASSWORD '${password}'`));
    adminPasswords.set(server, password);
  }
  return { user: RDS_ADMIN, password };
}

let counter = 0;

/** Creates a fresh scenario database with the fixture's roles and objects. */
export async function createScenario(server: PgServer, mode: AdminMode): Promise<Scenario> {
  const admin = await adminFor(server, mode);
  const database = `app ${mode} ${++counter} "Ü"`;
  const ownerPasswords = { [APP_OWNER]: `pw-${randomBytes(8).toString("hex")}`, [CREATOR]: `pw-${randomBytes(8).toString("hex")}` };

  // Roles and the database are created by the provider's admin, as on RDS (PG16+: the creator holds ADMIN OPTION).
  await server.withClient({ user: admin.user, password: admin.password }, async (c) => {
    for (const [role, pw] of Object.entries(ownerPasswords)) {
      await c.query(`CREATE ROLE ${qi(role)} LOGIN PASSWORD '${pw}'`);
    }
    await c.query(`CREATE DATABASE ${qi(database)}`);
  });

  const asSuperuser = <T>(fn: (c: pg.Client) => Promise<T>) => server.withClient({ database }, fn);
  const as = <T>(user: string, password: string, fn: (c: pg.Client) => Promise<T>) => server.withClient({ database, user, password }, fn);

  await asSuperuser(async (c) => {
    const dbOwner = (await c.query("SELECT pg_get_userbyid(datdba) AS o FROM pg_database WHERE datname = current_database()")).rows[0].o;
    if (server.major < 15) {
      // PG15 made pg_database_owner the owner of public; earlier majors give it to the bootstrap superuser.
      // Match PG15 (and RDS, where the master user's databases carry its own public schema).
      await c.query(`ALTER SCHEMA public OWNER TO ${qi(dbOwner)}`);
      await c.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
    await c.query(`GRANT CREATE ON SCHEMA public TO ${qi(APP_OWNER)}`);
    for (const schema of ["sales", SECRET_SCHEMA, HOSTILE_SCHEMA]) {
      await c.query(`CREATE SCHEMA ${qi(schema)} AUTHORIZATION ${qi(APP_OWNER)}`);
    }
    await c.query(`GRANT USAGE, CREATE ON SCHEMA sales, ${qi(HOSTILE_SCHEMA)} TO ${qi(CREATOR)}`);
  });

  await as(APP_OWNER, ownerPasswords[APP_OWNER], async (c) => {
    for (const schema of [...READ_SCHEMAS, SECRET_SCHEMA]) {
      const s = qi(schema);
      await c.query(`CREATE TABLE ${s}.${qi(HOSTILE_TABLE)} (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, label text)`);
      await c.query(`INSERT INTO ${s}.${qi(HOSTILE_TABLE)} (label) VALUES ('a'), ('b')`);
      await c.query(`CREATE TABLE ${s}.customers (id serial PRIMARY KEY, name text)`);
      await c.query(`INSERT INTO ${s}.customers (name) VALUES ('Ada')`);
      await c.query(`CREATE VIEW ${s}.customer_names AS SELECT name FROM ${s}.customers`);
      await c.query(`CREATE SEQUENCE ${s}.invoice_numbers`);
      await c.query(`CREATE FUNCTION ${s}.answer() RETURNS int LANGUAGE sql AS 'SELECT 42'`);
    }
  });
  await as(CREATOR, ownerPasswords[CREATOR], async (c) => {
    for (const schema of ["sales", HOSTILE_SCHEMA]) {
      await c.query(`CREATE TABLE ${qi(schema)}.loaded (id bigserial PRIMARY KEY, payload text)`);
      await c.query(`INSERT INTO ${qi(schema)}.loaded (payload) VALUES ('x')`);
    }
  });

  const target: ReplayTarget = { server, admin, providerDatabase: database, providerSuperuser: mode === "superuser" };
  return {
    server,
    mode,
    database,
    admin,
    target,
    ownerPasswords,
    asSuperuser,
    as,
    async cleanup(extraRoles = []) {
      await server.withClient({}, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${qi(database)} WITH (FORCE)`);
        for (const role of [...extraRoles, CREATOR, APP_OWNER]) {
          const exists = (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount;
          if (!exists) continue;
          // The roles own or hold privileges only in the dropped database, plus the admin's shared catalog rows.
          await c.query(`DROP OWNED BY ${qi(role)}`);
          await c.query(`DROP ROLE ${qi(role)}`);
        }
      });
    },
  };
}
