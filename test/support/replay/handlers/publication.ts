/**
 * `postgresql:index/publication:Publication`, as upstream's resource_postgresql_publication.go runs it:
 * CREATE PUBLICATION with the name written unquoted and each `schema.table` split on "." and quoted,
 * publish parameters only when given, ALTER … OWNER only when an owner is set; name, owner and tables
 * update in place (RENAME, ADD/DROP TABLE); database and allTables force replacement; DROP … RESTRICT|CASCADE.
 */
import { qi } from "../sql";
import type { Props, ResourceHandler } from "../types";

/** Upstream's quoteTableName: split on ".", quote each part. */
function quoteTable(name: string): string {
  return name.split(".").map(qi).join(".");
}

const DEFAULT_PUBLISH = ["insert", "update", "delete", "truncate"];

function forClause(p: Props): string {
  if (p.allTables) return "FOR ALL TABLES";
  const parts: string[] = [];
  if (p.tables.length > 0) parts.push(`TABLE ${p.tables.map(quoteTable).join(", ")}`);
  return `FOR ${parts.join(", ")}`;
}

export const publicationHandler: ResourceHandler = {
  type: "postgresql:index/publication:Publication",
  replaceOn: ["database", "allTables"],
  setFields: ["tables"],
  writeOnly: ["dropCascade"],
  normalize(i, ctx) {
    return {
      name: i.name,
      database: i.database ?? ctx.providerDatabase,
      owner: i.owner ?? ctx.admin,
      tables: [...(i.tables ?? [])],
      allTables: i.allTables ?? false,
      // Computed when absent: the server's defaults (PostgreSQL 11+ publishes truncate too).
      publishParams: i.publishParams ?? DEFAULT_PUBLISH,
      publishViaPartitionRootParam: i.publishViaPartitionRootParam ?? false,
      dropCascade: i.dropCascade ?? false,
      explicit: { owner: i.owner !== undefined, publishParams: i.publishParams !== undefined, viaRoot: i.publishViaPartitionRootParam !== undefined },
    };
  },
  async create(ctx, p) {
    const params: string[] = [];
    if (p.explicit?.viaRoot) params.push(`publish_via_partition_root = ${p.publishViaPartitionRootParam}`);
    if (p.explicit?.publishParams) params.push(`publish = '${p.publishParams.join(", ")}'`);
    await ctx.tx(p.database, async (s) => {
      await s.query(`CREATE PUBLICATION ${p.name} ${forClause(p)} ${params.length ? `WITH (${params.join(",")})` : ""}`);
      if (p.explicit?.owner) await s.query(`ALTER PUBLICATION ${p.name} OWNER TO ${p.owner}`);
    });
  },
  async update(ctx, old, p) {
    await ctx.tx(p.database, async (s) => {
      if (old.owner !== p.owner) await s.query(`ALTER PUBLICATION ${old.name} OWNER TO ${p.owner}`);
      const added = p.tables.filter((t: string) => !old.tables.includes(t));
      const dropped = old.tables.filter((t: string) => !p.tables.includes(t));
      for (const t of added) await s.query(`ALTER PUBLICATION ${old.name} ADD TABLE ${quoteTable(t)}`);
      for (const t of dropped) await s.query(`ALTER PUBLICATION ${old.name} DROP TABLE ${quoteTable(t)}`);
      if (old.name !== p.name) await s.query(`ALTER PUBLICATION ${qi(old.name)} RENAME TO ${qi(p.name)}`);
    });
  },
  async read(ctx, p) {
    return ctx.tx(
      p.database,
      async (s) => {
        const rows = await s.query(
          "SELECT puballtables, pubinsert, pubupdate, pubdelete, r.rolname AS pubownername, pubviaroot, pubtruncate " +
            "FROM pg_catalog.pg_publication AS p JOIN pg_catalog.pg_roles AS r ON p.pubowner = r.oid WHERE pubname = $1",
          [p.name],
        );
        if (rows.length === 0) return undefined;
        const row = rows[0];
        const tables = await s.query("SELECT CONCAT(schemaname,'.',tablename) AS fulltablename FROM pg_catalog.pg_publication_tables WHERE pubname = $1", [p.name]);
        const publishParams = (["insert", "update", "delete", "truncate"] as const).filter((op) => row[`pub${op}`]);
        return {
          ...p,
          owner: row.pubownername,
          tables: tables.map((t) => t.fulltablename),
          allTables: row.puballtables,
          publishParams,
          publishViaPartitionRootParam: row.pubviaroot,
        };
      },
      "ROLLBACK",
    );
  },
  async delete(ctx, p) {
    await ctx.tx(p.database, async (s) => void (await s.query(`DROP PUBLICATION ${qi(p.name)} ${p.dropCascade ? "CASCADE" : "RESTRICT"}`)));
  },
};
