/** `postgresql:index/schema:Schema` (provider-sql.md §4.4): create or silently adopt, owner, drop. */
import { databaseOwner, qi, withRolesGranted } from "../sql";
import type { ResourceHandler } from "../types";

export const schemaHandler: ResourceHandler = {
  type: "postgresql:index/schema:Schema",
  replaceOn: ["database"],
  writeOnly: ["ifNotExists", "dropCascade"],
  normalize(i, ctx) {
    return {
      name: i.name,
      database: i.database ?? ctx.providerDatabase,
      owner: i.owner ?? ctx.admin,
      ifNotExists: i.ifNotExists ?? true,
      dropCascade: i.dropCascade ?? false,
    };
  },
  async create(ctx, sc) {
    await ctx.tx(sc.database, async (s) => {
      const dbOwner = await databaseOwner(s, sc.database);
      const roles = [dbOwner, ...(sc.owner && sc.owner !== dbOwner ? [sc.owner] : [])];
      await withRolesGranted(s, roles, async () => {
        const exists = (await s.query("SELECT TRUE FROM pg_catalog.pg_namespace WHERE nspname = $1", [sc.name])).length > 0;
        if (!exists) {
          await s.query(`CREATE SCHEMA ${sc.ifNotExists ? "IF NOT EXISTS " : ""}${qi(sc.name)}${sc.owner ? ` AUTHORIZATION ${qi(sc.owner)}` : ""}`);
        } else if (sc.owner) {
          await s.query(`ALTER SCHEMA ${qi(sc.name)} OWNER TO ${qi(sc.owner)}`);
        }
      });
    });
  },
  async update(ctx, old, sc) {
    await ctx.tx(sc.database, async (s) => {
      if (old.name !== sc.name) await s.query(`ALTER SCHEMA ${qi(old.name)} RENAME TO ${qi(sc.name)}`);
      if (old.owner !== sc.owner) await s.query(`ALTER SCHEMA ${qi(sc.name)} OWNER TO ${qi(sc.owner)}`);
    });
  },
  async read(ctx, sc) {
    return ctx.tx(
      sc.database,
      async (s) => {
        const rows = await s.query(
          "SELECT pg_catalog.pg_get_userbyid(n.nspowner) AS owner FROM pg_catalog.pg_namespace n WHERE n.nspname = $1",
          [sc.name],
        );
        return rows.length ? { ...sc, owner: rows[0].owner } : undefined;
      },
      "ROLLBACK",
    );
  },
  async delete(ctx, sc) {
    await ctx.tx(sc.database, async (s) => {
      if ((await s.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [sc.name])).length === 0) return;
      await withRolesGranted(s, [sc.owner], async () => {
        await s.query(`DROP SCHEMA ${qi(sc.name)} ${sc.dropCascade ? "CASCADE" : "RESTRICT"}`);
      });
    });
  },
};
