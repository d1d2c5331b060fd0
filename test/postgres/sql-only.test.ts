/**
 * `plan --sql-only` applied by hand, as a DBA would: the script for a stack with two integrations (Segment with
 * its managed schema, Whaly read-only) over the fixture database, applied with psql by each kind of admin —
 * the bootstrap superuser and an RDS-like `LOGIN CREATEROLE CREATEDB` admin that owns the database but is not a
 * member of the table owners — on PostgreSQL 15 and 17. Then `check` passes as each vendor, each with its own
 * password, and the admin is left with no membership the script gave it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/args";
import type { CheckReport } from "../../src/cli/check";
import { main } from "../../src/cli/main";
import { startPostgres, type PgMajor, type PgServer } from "../support/pg-server";
import { ADMIN_MODES, APP_OWNER, CREATOR, READ_SCHEMAS, createScenario } from "../support/fixture";

const MAJORS: PgMajor[] = process.env.PG_MAJOR ? [Number(process.env.PG_MAJOR) as PgMajor] : [15, 17];
const PASSWORDS = { segment: "segment-pw-'quoted' 0123456789", whaly: "whaly-pw-0123456789-abcdef" };

const hasPsql = spawnSync("psql", ["--version"]).status === 0;
if (!hasPsql) console.warn("plan --sql-only psql tests skipped: psql is not installed; install it with: apt-get install postgresql-client-15 (.ci/run does).");

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await main(argv, io);
  for (const secret of Object.values(PASSWORDS)) expect(out + err).not.toContain(secret);
  return { code, out, err };
}

describe.skipIf(!hasPsql).each(MAJORS)("PostgreSQL %i", (major) => {
  let server: PgServer;
  let dir: string;
  beforeAll(async () => {
    server = await startPostgres({ major });
    dir = mkdtempSync(join(tmpdir(), "pgva-sql-only-"));
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each(ADMIN_MODES)("admin %s: psql applies the two-vendor script; check passes as each vendor", async (mode) => {
    const sc = await createScenario(server, mode);
    try {
      const common = { database: sc.database, readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] };
      const integrations = [
        { vendor: "segment", region: "us", ...common },
        { vendor: "whaly", ...common },
      ];
      const stackFile = join(dir, `Pulumi.${mode}.yaml`);
      // JSON is YAML: hostile names need no YAML quoting rules.
      writeFileSync(
        stackFile,
        JSON.stringify({
          config: {
            "postgresql:host": "127.0.0.1",
            "postgresql:port": String(server.port),
            "postgresql:database": sc.database,
            "postgresql:username": sc.admin.user,
            "postgresql:sslmode": "disable",
            "postgresql:superuser": String(mode === "superuser"),
            "pg-vendor-access:integrations": integrations,
          },
        }),
      );
      const planned = await run(["plan", "--stack-file", stackFile, "--sql-only"]);
      expect(planned.err).toBe("");
      expect(planned.code).toBe(0);
      expect(planned.out).toContain(`CREATE ROLE "segment" WITH PASSWORD :'segment_password' `);
      expect(planned.out).toContain(`CREATE ROLE "whaly_bi" WITH PASSWORD :'whaly_password' `);
      const sqlFile = join(dir, `${mode}.sql`);
      writeFileSync(sqlFile, planned.out);

      const membershipsOfAdmin = () =>
        sc.asSuperuser(async (c) =>
          (
            await c.query("SELECT pg_get_userbyid(roleid)::text AS role FROM pg_auth_members WHERE member = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1", [sc.admin.user])
          ).rows.map((r) => r.role as string),
        );
      const before = await membershipsOfAdmin();
      const psql = spawnSync(
        "psql",
        [
          "-X", "-q", "-v", "ON_ERROR_STOP=1",
          "-v", `segment_password=${PASSWORDS.segment}`, "-v", `whaly_password=${PASSWORDS.whaly}`,
          "-f", sqlFile, server.url({ database: sc.database, user: sc.admin.user, password: sc.admin.password }),
        ],
        { encoding: "utf8" },
      );
      expect(psql.stderr).toBe("");
      expect(psql.status).toBe(0);
      // The temporary memberships are gone again. On PostgreSQL 16+ a CREATEROLE admin keeps the ADMIN-only
      // membership PostgreSQL gives the creator of a role (no SET, no INHERIT: it gives the admin nothing).
      const automatic = mode === "rds" && major >= 16 ? ["segment", "whaly_bi"] : [];
      expect(await membershipsOfAdmin()).toEqual([...before, ...automatic].sort());
      if (automatic.length > 0) {
        const options = await sc.asSuperuser(async (c) =>
          (
            await c.query(
              `SELECT pg_get_userbyid(roleid) AS role, admin_option, inherit_option, set_option FROM pg_auth_members
                WHERE member = (SELECT oid FROM pg_roles WHERE rolname = $1) AND pg_get_userbyid(roleid) = ANY ($2) ORDER BY 1`,
              [sc.admin.user, automatic],
            )
          ).rows,
        );
        expect(options).toEqual(automatic.map((role) => ({ role, admin_option: true, inherit_option: false, set_option: false })));
      }

      for (const [index, role] of [["segment", "segment"], ["whaly", "whaly_bi"]] as const) {
        const argsFile = join(dir, `${mode}-${index}.json`);
        writeFileSync(argsFile, JSON.stringify(integrations.find((i) => i.vendor === index)));
        const url = server.url({ database: sc.database, user: role, password: PASSWORDS[index] });
        const r = await run(["check", "--url", url, "--args-file", argsFile, "--json", "--connect-timeout", "60"]);
        const report = JSON.parse(r.out) as CheckReport;
        expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
        expect(r.code).toBe(0);
        expect(report.role).toBe(role);
      }
      // Each vendor logs in with its own password only.
      await expect(server.withClient({ database: sc.database, user: "whaly_bi", password: PASSWORDS.segment }, async () => undefined)).rejects.toThrow(
        /password authentication failed/,
      );
    } finally {
      await sc.cleanup(["segment", "whaly_bi"]);
    }
  });
});
