/** `postgresql:index/grant:Grant` (provider-sql.md §4.2) for database, schema, table, sequence and function. */
import { databaseOwner, lockDatabase, lockRole, qi, roleExists, roleOid, schemaExists, withRolesGranted, type Session } from "../sql";
import type { OpContext, Props, ResourceHandler } from "../types";

const PLURAL: Record<string, string> = { table: "TABLES", sequence: "SEQUENCES", function: "FUNCTIONS", procedure: "PROCEDURES", routine: "ROUTINES" };
const NO_OWNER_ELEVATION = new Set(["database", "foreign_data_wrapper", "foreign_server"]);

function target(g: Props): string {
  switch (g.objectType) {
    case "database":
      return `DATABASE ${qi(g.database)}`;
    case "schema":
      return `SCHEMA ${qi(g.schema)}`;
    default:
      if (!PLURAL[g.objectType]) throw new Error(`replay: Grant objectType ${JSON.stringify(g.objectType)} is not supported by the harness`);
      return g.objects.length
        ? `${String(g.objectType).toUpperCase()} ${g.objects.map((o: string) => `${qi(g.schema)}.${qi(o)}`).join(",")}`
        : `ALL ${PLURAL[g.objectType]} IN SCHEMA ${qi(g.schema)}`;
  }
}

function revokeSql(g: Props, privileges: string[]): string {
  const what = g.objects.length && privileges.length && !["database", "schema"].includes(g.objectType) ? privileges.join(",") : "ALL PRIVILEGES";
  return `REVOKE ${what} ON ${target(g)} FROM ${qi(g.role)}`;
}

/** `getRolesToGrant`: table owners of the schema (non-schema types) plus the schema owner; pg_database_owner resolved. */
async function rolesToGrant(s: Session, g: Props): Promise<string[]> {
  if (NO_OWNER_ELEVATION.has(g.objectType)) return [];
  const owners: string[] = [];
  if (g.objectType !== "schema") {
    for (const row of await s.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = $1", [g.schema])) owners.push(row.tableowner);
  }
  for (const row of await s.query("SELECT rolname FROM pg_namespace JOIN pg_roles ON nspowner = pg_roles.oid WHERE nspname = $1", [g.schema])) {
    owners.push(row.rolname);
  }
  const out: string[] = [];
  for (const o of owners) {
    const resolved = o === "pg_database_owner" ? await databaseOwner(s) : o;
    if (!out.includes(resolved)) out.push(resolved);
  }
  return out;
}

async function apply(ctx: OpContext, g: Props, revokePrivileges: string[]): Promise<void> {
  await ctx.tx(g.database, async (s) => {
    await lockRole(s, g.role);
    if (g.objectType === "database") await lockDatabase(s, g.database);
    const body = async () => {
      await s.query(revokeSql(g, revokePrivileges));
      if (g.privileges.length) {
        await s.query(`GRANT ${g.privileges.join(",")} ON ${target(g)} TO ${qi(g.role)}${g.withGrantOption ? " WITH GRANT OPTION" : ""}`);
      }
    };
    if (NO_OWNER_ELEVATION.has(g.objectType)) await body();
    else await withRolesGranted(s, await rolesToGrant(s, g), body);
  });
}

const FULL: Record<string, string[]> = {
  database: ["CONNECT", "CREATE", "TEMPORARY"],
  schema: ["CREATE", "USAGE"],
  table: ["DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"],
  sequence: ["SELECT", "UPDATE", "USAGE"],
  function: ["EXECUTE"],
};

function sameSet(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export const grantHandler: ResourceHandler = {
  type: "postgresql:index/grant:Grant",
  replaceOn: ["database", "role", "schema", "objectType", "objects", "columns", "withGrantOption"],
  setFields: ["privileges", "objects"],
  deleteBeforeReplace: true,
  normalize(i) {
    return {
      database: i.database,
      role: i.role,
      ...(i.schema !== undefined ? { schema: i.schema } : {}),
      objectType: i.objectType,
      objects: [...(i.objects ?? [])].sort(),
      privileges: [...(i.privileges ?? [])].sort(),
      withGrantOption: i.withGrantOption ?? false,
    };
  },
  create: (ctx, g) => apply(ctx, g, g.privileges),
  update: (ctx, old, g) => apply(ctx, g, old.privileges),
  async delete(ctx, g) {
    await ctx.tx(g.database, async (s) => {
      await lockRole(s, g.role);
      if (g.objectType === "database") await lockDatabase(s, g.database);
      const body = async () => void (await s.query(revokeSql(g, g.privileges)));
      if (NO_OWNER_ELEVATION.has(g.objectType)) await body();
      else await withRolesGranted(s, await rolesToGrant(s, g), body);
    });
  },
  async read(ctx, g) {
    const dbExists = await ctx.tx(ctx.target.providerDatabase, async (s) => (await s.query("SELECT datname FROM pg_database WHERE datname = $1", [g.database])).length > 0, "ROLLBACK");
    if (!dbExists) return undefined;
    return ctx.tx(
      g.database,
      async (s) => {
        if (!(await roleExists(s, g.role))) return undefined;
        if (g.schema !== undefined && !(await schemaExists(s, g.schema))) return undefined;
        const oid = await roleOid(s, g.role);
        let actual: string[][];
        if (g.objectType === "database" || g.objectType === "schema") {
          const sql =
            g.objectType === "database"
              ? "SELECT array_agg(privilege_type) AS p FROM (SELECT (aclexplode(datacl)).* FROM pg_database WHERE datname = $1) p WHERE grantee = $2"
              : "SELECT array_agg(privilege_type) AS p FROM (SELECT (aclexplode(nspacl)).* FROM pg_namespace WHERE nspname = $1) p WHERE grantee = $2";
          const rows = await s.query(sql, [g.objectType === "database" ? g.database : g.schema, oid]);
          actual = [rows[0]?.p ?? []];
        } else {
          const rows =
            g.objectType === "table" || g.objectType === "sequence"
              ? await s.query(
                  `SELECT pg_class.relname AS name, array_remove(array_agg(privilege_type), NULL) AS p
                   FROM pg_class JOIN pg_namespace ON pg_namespace.oid = pg_class.relnamespace
                   LEFT JOIN (SELECT acls.* FROM (SELECT relname, relnamespace, relkind, (aclexplode(relacl)).* FROM pg_class c) acls
                              WHERE grantee = $1) privs USING (relname, relnamespace, relkind)
                   WHERE nspname = $2 AND relkind = $3 GROUP BY pg_class.relname`,
                  [oid, g.schema, g.objectType === "table" ? "r" : "S"],
                )
              : await s.query(
                  `SELECT pg_proc.proname AS name, array_remove(array_agg(privilege_type), NULL) AS p
                   FROM pg_proc JOIN pg_namespace ON pg_namespace.oid = pg_proc.pronamespace
                   LEFT JOIN (SELECT acls.* FROM (SELECT proname, pronamespace, (aclexplode(proacl)).* FROM pg_proc p) acls
                              WHERE grantee = $1) privs USING (proname, pronamespace)
                   WHERE nspname = $2 GROUP BY pg_proc.proname`,
                  [oid, g.schema],
                );
          actual = rows.filter((r) => g.objects.length === 0 || g.objects.includes(r.name)).map((r) => r.p as string[]);
        }
        // State rule: the first object whose set differs from the desired set becomes `privileges`.
        const desired = g.privileges.includes("ALL") ? FULL[g.objectType] ?? g.privileges : g.privileges;
        const differing = actual.find((p) => !sameSet(p, desired));
        return { ...g, privileges: differing ? [...new Set(differing)].sort() : g.privileges };
      },
      "ROLLBACK",
    );
  },
};
