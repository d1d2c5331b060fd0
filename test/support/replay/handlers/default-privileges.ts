/** `postgresql:index/defaultPrivileges:DefaultPrivileges` (provider-sql.md §4.3). */
import { lockRole, qi, roleExists, roleOid, schemaExists, withRolesGranted } from "../sql";
import type { OpContext, Props, ResourceHandler } from "../types";

const PLURAL: Record<string, string> = { table: "TABLES", sequence: "SEQUENCES", function: "FUNCTIONS", routine: "ROUTINES", type: "TYPES", schema: "SCHEMAS" };
const CODE: Record<string, string> = { table: "r", sequence: "S", function: "f", routine: "f", type: "T", schema: "n" };

function prefix(d: Props): string {
  return `ALTER DEFAULT PRIVILEGES FOR ROLE ${qi(d.owner)} ${d.schema !== undefined ? `IN SCHEMA ${qi(d.schema)} ` : " "}`;
}

async function apply(ctx: OpContext, d: Props): Promise<void> {
  await ctx.tx(d.database, async (s) => {
    await lockRole(s, d.owner);
    await withRolesGranted(s, [d.owner], async () => {
      await s.query(`${prefix(d)}REVOKE ALL ON ${PLURAL[d.objectType]} FROM ${qi(d.role)}`);
      if (d.privileges.length) {
        await s.query(`${prefix(d)}GRANT ${d.privileges.join(",")} ON ${PLURAL[d.objectType]} TO ${qi(d.role)}${d.withGrantOption ? " WITH GRANT OPTION" : ""}`);
      }
    });
  });
}

export const defaultPrivilegesHandler: ResourceHandler = {
  type: "postgresql:index/defaultPrivileges:DefaultPrivileges",
  replaceOn: ["database", "owner", "role", "schema", "objectType", "withGrantOption"],
  setFields: ["privileges"],
  normalize(i) {
    if (!PLURAL[i.objectType]) throw new Error(`replay: DefaultPrivileges objectType ${JSON.stringify(i.objectType)} is not valid`);
    return {
      database: i.database,
      owner: i.owner,
      role: i.role,
      ...(i.schema !== undefined ? { schema: i.schema } : {}),
      objectType: i.objectType,
      privileges: [...(i.privileges ?? [])].sort(),
      withGrantOption: i.withGrantOption ?? false,
    };
  },
  create: apply,
  update: (ctx, _old, d) => apply(ctx, d),
  async delete(ctx, d) {
    await ctx.tx(d.database, async (s) => {
      await lockRole(s, d.owner);
      await withRolesGranted(s, [d.owner], async () => {
        await s.query(`${prefix(d)}REVOKE ALL ON ${PLURAL[d.objectType]} FROM ${qi(d.role)}`);
      });
    });
  },
  async read(ctx, d) {
    return ctx.tx(
      d.database,
      async (s) => {
        await lockRole(s, d.owner);
        if (!(await roleExists(s, d.role)) || !(await roleExists(s, d.owner))) return undefined;
        if (d.schema !== undefined && !(await schemaExists(s, d.schema))) return undefined;
        const oid = await roleOid(s, d.role);
        const rows =
          d.schema !== undefined
            ? await s.query(
                `SELECT array_agg(prtype) AS p FROM (
                   SELECT defaclnamespace, (aclexplode(defaclacl)).* FROM pg_default_acl WHERE defaclobjtype = $1
                 ) AS t(namespace, grantor_oid, grantee_oid, prtype, grantable)
                 JOIN pg_namespace ON pg_namespace.oid = namespace
                 WHERE grantee_oid = $2 AND nspname = $3 AND pg_get_userbyid(grantor_oid) = $4`,
                [CODE[d.objectType], oid, d.schema, d.owner],
              )
            : await s.query(
                `SELECT array_agg(prtype) AS p FROM (
                   SELECT defaclnamespace, (aclexplode(defaclacl)).* FROM pg_default_acl WHERE defaclobjtype = $1
                 ) AS t(namespace, grantor_oid, grantee_oid, prtype, grantable)
                 WHERE grantee_oid = $2 AND namespace = 0 AND pg_get_userbyid(grantor_oid) = $3`,
                [CODE[d.objectType], oid, d.owner],
              );
        const found: string[] = rows[0]?.p ?? [];
        // State rule: nothing found while privileges are wanted -> removed from state.
        if (found.length === 0 && d.privileges.length > 0) return undefined;
        return { ...d, privileges: [...new Set(found)].sort() };
      },
      "ROLLBACK",
    );
  },
};
