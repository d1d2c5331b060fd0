/** `postgresql:index/grantRole:GrantRole` (provider-sql.md §4.5): every field replaces; no locks. */
import { qi } from "../sql";
import type { ResourceHandler } from "../types";

export const grantRoleHandler: ResourceHandler = {
  type: "postgresql:index/grantRole:GrantRole",
  replaceOn: ["role", "grantRole", "withAdminOption"],
  normalize(i) {
    return { role: i.role, grantRole: i.grantRole, withAdminOption: i.withAdminOption ?? false };
  },
  async create(ctx, g) {
    await ctx.tx(ctx.target.providerDatabase, async (s) => {
      await s.query(`REVOKE ${qi(g.grantRole)} FROM ${qi(g.role)}`);
      await s.query(`GRANT ${qi(g.grantRole)} TO ${qi(g.role)}${g.withAdminOption ? " WITH ADMIN OPTION" : ""}`);
    });
  },
  async read(ctx, g) {
    return ctx.tx(
      ctx.target.providerDatabase,
      async (s) => {
        const rows = await s.query(
          "SELECT admin_option FROM pg_auth_members WHERE pg_get_userbyid(member) = $1 AND pg_get_userbyid(roleid) = $2",
          [g.role, g.grantRole],
        );
        return rows.length ? { ...g, withAdminOption: rows[0].admin_option } : undefined;
      },
      "ROLLBACK",
    );
  },
  async delete(ctx, g) {
    await ctx.tx(ctx.target.providerDatabase, async (s) => void (await s.query(`REVOKE ${qi(g.grantRole)} FROM ${qi(g.role)}`)));
  },
};
