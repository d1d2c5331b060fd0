/** `postgresql:index/role:Role` (provider-sql.md §4.1). */
import { lockRole, qi, ql, withRolesGranted } from "../sql";
import type { Props, ResourceHandler } from "../types";


const FLAGS: [string, string][] = [
  ["superuser", "SUPERUSER"],
  ["createDatabase", "CREATEDB"],
  ["createRole", "CREATEROLE"],
  ["inherit", "INHERIT"],
  ["login", "LOGIN"],
  ["bypassRowLevelSecurity", "BYPASSRLS"],
  ["replication", "REPLICATION"],
];

function flag(on: boolean, word: string): string {
  return on ? word : `NO${word}`;
}

export const roleHandler: ResourceHandler = {
  type: "postgresql:index/role:Role",
  replaceOn: [],
  setFields: ["roles"],
  writeOnly: ["password", "skipReassignOwned", "skipDropRole"],
  normalize(i) {
    return {
      name: i.name,
      login: i.login ?? false,
      superuser: i.superuser ?? false,
      createDatabase: i.createDatabase ?? false,
      createRole: i.createRole ?? false,
      inherit: i.inherit ?? true,
      replication: i.replication ?? false,
      bypassRowLevelSecurity: i.bypassRowLevelSecurity ?? false,
      connectionLimit: i.connectionLimit ?? -1,
      validUntil: i.validUntil ?? "infinity",
      roles: [...(i.roles ?? [])].sort(),
      searchPaths: [...(i.searchPaths ?? [])],
      statementTimeout: i.statementTimeout ?? 0,
      idleInTransactionSessionTimeout: i.idleInTransactionSessionTimeout ?? 0,
      assumeRole: i.assumeRole ?? "",
      password: i.password,
      skipReassignOwned: i.skipReassignOwned ?? false,
      skipDropRole: i.skipDropRole ?? false,
    };
  },
  async create(ctx, r) {
    await ctx.tx(ctx.target.providerDatabase, async (s) => {
      let sql = `CREATE ROLE ${qi(r.name)} WITH`;
      if (r.password !== undefined) sql += String(r.password).toUpperCase() === "NULL" ? " PASSWORD NULL" : ` ENCRYPTED PASSWORD ${ql(r.password)}`;
      sql += ` VALID UNTIL ${ql(r.validUntil)} CONNECTION LIMIT ${Number(r.connectionLimit)}`;
      for (const [key, word] of FLAGS) sql += ` ${flag(r[key], word)}`;
      await s.query(sql);
      for (const m of r.roles) await s.query(`GRANT ${qi(m)} TO ${qi(r.name)}`);
      await setConfig(s, r, true);
    });
  },
  async update(ctx, old, r) {
    await ctx.tx(ctx.target.providerDatabase, async (s) => {
      await lockRole(s, old.name);
      if (old.name !== r.name) await s.query(`ALTER ROLE ${qi(old.name)} RENAME TO ${qi(r.name)}`);
      if (r.password !== undefined && (r.password !== old.password || old.name !== r.name)) {
        await s.query(`ALTER ROLE ${qi(r.name)} PASSWORD ${ql(r.password)}`);
      }
      if (old.bypassRowLevelSecurity !== r.bypassRowLevelSecurity) await s.query(`ALTER ROLE ${qi(r.name)} WITH ${flag(r.bypassRowLevelSecurity, "BYPASSRLS")}`);
      if (old.connectionLimit !== r.connectionLimit) await s.query(`ALTER ROLE ${qi(r.name)} CONNECTION LIMIT ${Number(r.connectionLimit)}`);
      for (const [key, word] of [["createDatabase", "CREATEDB"], ["createRole", "CREATEROLE"], ["inherit", "INHERIT"], ["login", "LOGIN"], ["replication", "REPLICATION"], ["superuser", "SUPERUSER"]] as const) {
        if (old[key] !== r[key]) await s.query(`ALTER ROLE ${qi(r.name)} WITH ${flag(r[key], word)}`);
      }
      if (old.validUntil !== r.validUntil && r.validUntil !== "") await s.query(`ALTER ROLE ${qi(r.name)} VALID UNTIL ${ql(r.validUntil)}`);
      const current = await s.query(
        "SELECT pg_get_userbyid(roleid) AS r FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = $1)",
        [r.name],
      );
      for (const { r: m } of current) await s.query(`REVOKE ${qi(m)} FROM ${qi(r.name)}`);
      for (const m of r.roles) await s.query(`GRANT ${qi(m)} TO ${qi(r.name)}`);
      await setConfig(s, r, false);
    });
  },
  async read(ctx, r) {
    return ctx.tx(
      ctx.target.providerDatabase,
      async (s) => {
        const rows = await s.query(
          `SELECT ARRAY(SELECT pg_get_userbyid(roleid) FROM pg_catalog.pg_auth_members members WHERE member = pg_roles.oid)::text[] AS roles,
                  rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolconnlimit,
                  COALESCE(rolvaliduntil::TEXT, 'infinity') AS validuntil, rolconfig, rolreplication, rolbypassrls
           FROM pg_catalog.pg_roles WHERE rolname = $1`,
          [r.name],
        );
        if (rows.length === 0) return undefined;
        const row = rows[0];
        const config: string[] = row.rolconfig ?? [];
        const setting = (name: string) => config.find((c) => c.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
        const searchPath = setting("search_path");
        return {
          ...r,
          name: row.rolname,
          login: row.rolcanlogin,
          superuser: row.rolsuper,
          createDatabase: row.rolcreatedb,
          createRole: row.rolcreaterole,
          inherit: row.rolinherit,
          replication: row.rolreplication,
          bypassRowLevelSecurity: row.rolbypassrls,
          connectionLimit: row.rolconnlimit,
          validUntil: row.validuntil,
          roles: [...row.roles].sort(),
          searchPaths: searchPath ? searchPath.split(", ").map((p) => p.replace(/^"|"$/g, "")) : [],
          statementTimeout: Number(setting("statement_timeout") ?? 0),
          idleInTransactionSessionTimeout: Number(setting("idle_in_transaction_session_timeout") ?? 0),
          assumeRole: setting("role") ?? "",
          // Password: with provider superuser=false (or NOLOGIN) the state value is kept; with a superuser
          // provider the SCRAM hash is "assumed equal" (§4.1), so state keeps it either way on PG >= 14.
          password: r.password,
        } satisfies Props;
      },
      "ROLLBACK",
    );
  },
  async delete(ctx, r) {
    await ctx.tx(ctx.target.providerDatabase, async (s) => {
      await lockRole(s, r.name);
      if (!r.skipReassignOwned) {
        await withRolesGranted(s, [r.name], async () => {
          await s.query(`REASSIGN OWNED BY ${qi(r.name)} TO ${qi(ctx.target.admin.user)}`);
          await s.query(`DROP OWNED BY ${qi(r.name)}`);
        });
      }
      if (!r.skipDropRole) await s.query(`DROP ROLE ${qi(r.name)}`);
    });
  },
};

async function setConfig(s: import("../sql").Session, r: Props, create: boolean): Promise<void> {
  const paths: string[] = r.searchPaths;
  await s.query(`ALTER ROLE ${qi(r.name)} SET search_path TO ${paths.length ? paths.map(qi).join(", ") : "DEFAULT"}`);
  for (const [key, param] of [["statementTimeout", "statement_timeout"], ["idleInTransactionSessionTimeout", "idle_in_transaction_session_timeout"]] as const) {
    if (r[key]) await s.query(`ALTER ROLE ${qi(r.name)} SET ${param} TO ${Number(r[key])}`);
    else if (!create) await s.query(`ALTER ROLE ${qi(r.name)} RESET ${param}`);
  }
  if (r.assumeRole) await s.query(`ALTER ROLE ${qi(r.name)} SET ROLE TO ${qi(r.assumeRole)}`);
  else if (!create) await s.query(`ALTER ROLE ${qi(r.name)} RESET ROLE`);
}
