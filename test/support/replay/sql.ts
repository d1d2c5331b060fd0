/**
 * The provider's common SQL machinery (provider-sql.md §3): identifier and literal quoting, one transaction
 * per operation on a given database, advisory locks, and the temporary owner membership (`withRolesGranted`)
 * a non-superuser admin needs.
 */
import type pg from "pg";
import type { PgServer } from "../pg-server";

/** `pq.QuoteIdentifier`: double quotes, embedded quotes doubled. */
export function qi(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** The provider's literal quoting: `'…'`, `'` doubled, backslash doubled, no E prefix (§3.4). */
export function ql(value: string): string {
  return `'${value.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;
}

export interface ReplayTarget {
  server: PgServer;
  /** The provider's login. */
  admin: { user: string; password: string };
  /** The provider's `database` (Role, GrantRole, existence checks). */
  providerDatabase: string;
  /** The provider's `superuser` flag (only affects Role password read-back). */
  providerSuperuser: boolean;
}

/** One executed statement, for assertions and debugging. */
export interface LoggedStatement {
  database: string;
  sql: string;
}

export class Session {
  constructor(
    readonly client: pg.Client,
    readonly database: string,
    private readonly log: LoggedStatement[],
  ) {}

  async query<R extends Record<string, any> = any>(sql: string, params: unknown[] = []): Promise<R[]> {
    this.log.push({ database: this.database, sql });
    try {
      return (await this.client.query<R>(sql, params)).rows;
    } catch (e: any) {
      e.message = `${e.message} [in ${JSON.stringify(this.database)}: ${sql}]`;
      throw e;
    }
  }
}

/**
 * Runs `body` in `BEGIN READ WRITE … COMMIT` (or `READ ONLY`, as some upstream resources open theirs) on a
 * fresh connection to `database` (ROLLBACK on error).
 */
export async function inTransaction<T>(
  target: ReplayTarget,
  log: LoggedStatement[],
  database: string,
  body: (s: Session) => Promise<T>,
  finish: "COMMIT" | "ROLLBACK" = "COMMIT",
  access: "READ WRITE" | "READ ONLY" = "READ WRITE",
): Promise<T> {
  const client = await target.server.connect({ database, user: target.admin.user, password: target.admin.password });
  const s = new Session(client, database, log);
  try {
    await s.query(`BEGIN ${access}`);
    const result = await body(s);
    await s.query(finish);
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `pgLockRole`: advisory locks on the role and its members (§3.2). */
export async function lockRole(s: Session, role: string): Promise<void> {
  await s.query("SET statement_timeout = 0");
  await s.query("SELECT pg_advisory_xact_lock(oid::bigint) FROM pg_roles WHERE rolname = $1", [role]);
  await s.query(
    "SELECT pg_advisory_xact_lock(member::bigint) FROM pg_auth_members JOIN pg_roles ON roleid = pg_roles.oid WHERE rolname = $1",
    [role],
  );
}

/** `pgLockDatabase` (§3.2). */
export async function lockDatabase(s: Session, database: string): Promise<void> {
  await s.query("SET statement_timeout = 0");
  await s.query("SELECT pg_advisory_xact_lock(oid::bigint) FROM pg_database WHERE datname = $1", [database]);
}

async function isSuperuser(s: Session, role: string): Promise<boolean> {
  const rows = await s.query("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [role]);
  return rows.length > 0 && rows[0].rolsuper === true;
}

async function isDirectMember(s: Session, role: string, member: string): Promise<boolean> {
  const setOption =
    (await s.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'pg_auth_members' AND column_name = 'set_option'",
    )).length > 0;
  const rows = await s.query(
    `SELECT 1 FROM pg_auth_members WHERE pg_get_userbyid(roleid) = $1 AND pg_get_userbyid(member) = $2${setOption ? " AND set_option" : ""}`,
    [role, member],
  );
  return rows.length > 0;
}

export async function currentUser(s: Session): Promise<string> {
  return (await s.query("SELECT CURRENT_USER AS u"))[0].u;
}

/**
 * `withRolesGranted` (§3.3): a non-superuser admin is made a direct member of each role for the body,
 * with the reverse-membership fix, and the memberships are undone before COMMIT.
 */
export async function withRolesGranted<T>(s: Session, roles: string[], body: () => Promise<T>): Promise<T> {
  const cur = await currentUser(s);
  if (await isSuperuser(s, cur)) return body();
  const granted: string[] = [];
  const reversed: string[] = [];
  for (const role of roles) {
    if (await isSuperuser(s, role)) continue; // the provider only warns
    if (await isDirectMember(s, cur, role)) {
      await s.query(`REVOKE ${qi(cur)} FROM ${qi(role)}`);
      reversed.push(role);
    }
    if (role !== cur && !(await isDirectMember(s, role, cur))) {
      await s.query(`GRANT ${qi(role)} TO ${qi(cur)}`);
      granted.push(role);
    }
  }
  const result = await body();
  for (const role of granted) await s.query(`REVOKE ${qi(role)} FROM ${qi(cur)}`);
  for (const role of reversed) {
    if ((await s.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).length > 0) {
      await s.query(`GRANT ${qi(cur)} TO ${qi(role)}`);
    }
  }
  return result;
}

/** Owner of the connected database (`pg_database_owner` resolution). */
export async function databaseOwner(s: Session, database?: string): Promise<string> {
  const rows = database
    ? await s.query("SELECT rolname FROM pg_database JOIN pg_roles ON datdba = pg_roles.oid WHERE datname = $1", [database])
    : await s.query("SELECT rolname FROM pg_database JOIN pg_roles ON datdba = pg_roles.oid WHERE datname = current_database()");
  return rows[0]?.rolname;
}

export async function roleExists(s: Session, role: string): Promise<boolean> {
  if (role === "public") return true;
  return (await s.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).length > 0;
}

export async function schemaExists(s: Session, schema: string): Promise<boolean> {
  return (await s.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])).length > 0;
}

/** Role OID as the provider resolves it (`public` = 0). */
export async function roleOid(s: Session, role: string): Promise<number | undefined> {
  if (role === "public") return 0;
  const rows = await s.query("SELECT oid FROM pg_roles WHERE rolname = $1", [role]);
  return rows[0]?.oid;
}
