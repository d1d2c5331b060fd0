/**
 * Printed SQL on a real server: `plan --sql-only` output applied with `psql -v ON_ERROR_STOP=1` does exactly
 * what the plan says and nothing else — no extra roles, schemas, tables or functions, no dropped table, no
 * file created by a psql `\!` shell escape — however hostile the names. Three scripts:
 *
 * 1. the CLI with names that are valid but full of SQL and psql syntax (quotes, semicolons, `\!`, `:'var'`,
 *    `--`, `/*`, `$$`) in the role, database, schemas, owner and component name;
 * 2. names with line breaks, which validation refuses, rendered from a plan built without validation: the
 *    comment lines must still hold (defence in depth);
 * 3. a harness self-test: the same payload in a raw comment line does run the shell escape, so the
 *    assertions above can fail.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { planVendorAccess, type AccessPlan } from "../../src/plan";
import { renderSqlScript } from "../../src/sql";
import { runCli as cli } from "../support/cli-run";
import { startPostgres, type PgServer } from "../support/pg-server";

let server: PgServer;
let dir: string;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

// Short paths: role names hold at most 63 bytes, and the payload names the marker file.
const markerDir = () => dir;
const marker = (n: number) => join(markerDir(), `p${n}`);

const DB = `app\\! touch; "db" :'vendor_password'`;
const OWNER = `o/* \\gexec */ $$`;
const READ = `s'); DROP TABLE public.victim; --`;
const READ2 = `:'vendor_password' \\! id`;

interface Snapshot {
  databases: string[];
  roles: string[];
  schemas: string[];
  relations: string[];
  functions: string[];
  victimRows: number;
}

async function snapshot(): Promise<Snapshot> {
  const databases = await server.withClient({}, async (c) => (await c.query<{ n: string }>("SELECT datname AS n FROM pg_database ORDER BY 1")).rows.map((r) => r.n));
  return server.withClient({ database: DB }, async (c) => {
    const list = async (sql: string) => (await c.query<{ n: string }>(sql)).rows.map((r) => r.n);
    const user = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";
    return {
      databases,
      roles: await list("SELECT rolname AS n FROM pg_roles ORDER BY 1"),
      schemas: await list(`SELECT nspname AS n FROM pg_namespace n WHERE ${user} ORDER BY 1`),
      relations: await list(`SELECT n.nspname || '.' || c.relname AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${user} ORDER BY 1`),
      functions: await list(`SELECT n.nspname || '.' || p.proname AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${user} ORDER BY 1`),
      victimRows: Number((await c.query("SELECT count(*) AS n FROM public.victim")).rows[0].n),
    };
  });
}

function psql(script: string, name: string): { status: number | null; stdout: string; stderr: string } {
  const path = join(dir, name);
  writeFileSync(path, script);
  const r = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "vendor_password=Vendor-password-0123456789", "-f", path, server.url({ database: DB })], {
    encoding: "utf8",
    cwd: dir,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "pgva-"));
  await server.withClient({}, async (c) => {
    await c.query(`CREATE DATABASE ${q(DB)}`);
  });
  await server.withClient({ database: DB }, async (c) => {
    await c.query(`
      CREATE ROLE ${q(OWNER)} NOLOGIN;
      CREATE TABLE public.victim (id int);
      INSERT INTO public.victim VALUES (1), (2), (3);
      CREATE SCHEMA ${q(READ)} AUTHORIZATION ${q(OWNER)};
      CREATE SCHEMA ${q(READ2)} AUTHORIZATION ${q(OWNER)};
      SET ROLE ${q(OWNER)};
      CREATE TABLE ${q(READ)}.t (id int);
      CREATE TABLE ${q(READ2)}.t (id int);
      RESET ROLE;
    `);
  });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("hostile but valid names: the CLI's script creates exactly the planned objects and runs nothing else", async () => {
  const role = `v"; DROP TABLE public.victim; \\! touch ${marker(1)} --`;
  const managed = `m$$ \\! touch ${marker(1)} /*`;
  const args = { vendor: "custom", roleName: role, database: DB, readSchemas: [READ, READ2], tableOwners: [OWNER], managedSchemas: [managed] };
  const argsFile = join(dir, "args.json");
  writeFileSync(argsFile, JSON.stringify(args));
  const printed = await cli(["plan", "--sql-only", "--file", argsFile, "--name", `bi -- \\! touch ${marker(1)}`]);
  expect(printed.err).toBe("");
  expect(printed.code).toBe(0);

  await applyCreatingOnly(printed.out, "hostile-valid.sql", { role, managed, marker: marker(1) });
  // The role got what the plan says, under its exact name.
  const granted = await server.withClient({ database: DB }, async (c) =>
    (
      await c.query(
        `SELECT has_database_privilege($1, current_database(), 'CONNECT') AS connect,
                has_schema_privilege($1, $2, 'USAGE') AS usage,
                has_table_privilege($1, format('%I.t', $2::text), 'SELECT') AS read,
                has_table_privilege($1, 'public.victim', 'SELECT') AS victim,
                (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = $3) = quote_ident($1) AS owns_managed`,
        [role, READ2, managed],
      )
    ).rows[0],
  );
  expect(granted).toEqual({ connect: true, usage: true, read: true, victim: false, owns_managed: true });
});

test("names with line breaks, rendered without validation: comment lines hold, statements quote them", async () => {
  // What validation refuses, built by hand: the renderer must still keep every line break out of comments.
  const base = planVendorAccess({ vendor: "custom", roleName: "placeholder", database: DB, readSchemas: [READ], tableOwners: [OWNER], managedSchemas: ["placeholder_state"] });
  const role = `x\n\\! touch ${marker(2)}\nDROP TABLE public.victim;--`;
  const managed = `s\r\\! touch ${marker(2)}\r`;
  expect(Buffer.byteLength(role)).toBeLessThanOrEqual(63);
  const plan: AccessPlan = {
    ...base,
    roleName: role,
    managedSchemas: [managed],
    postgres: base.postgres.map((p) => (p.kind === "role" ? { ...p, name: role } : p.kind === "schema" ? { ...p, name: managed, owner: role } : p)),
  };
  const script = renderSqlScript(plan, `c\n\\! touch ${marker(2)}\n`);
  // The comment lines carry the names escaped, on one line each. (Statements keep the raw names inside
  // double quotes, where psql treats line breaks and backslashes as part of the identifier.)
  expect(script.split("\n").slice(0, 3)).toEqual([
    `-- pg-vendor-access: Custom vendor, role "x\\n\\! touch ${marker(2)}\\nDROP TABLE public.victim;--", component "c\\n\\! touch ${marker(2)}\\n"`,
    `-- Run as an administrator connected to database ${q(DB)}: a superuser, or one that owns the`,
    "-- database and may be granted the owner roles (the RDS master user; see README, Admin prerequisites).",
  ]);

  await applyCreatingOnly(script, "line-breaks.sql", { role, managed, marker: marker(2) });
});

test("harness self-test: the same payload in a raw comment line does run the shell escape and the DROP", async () => {
  const raw = `-- role x\n\\! touch ${marker(3)}\nDROP TABLE public.victim;--\nSELECT 1;\n`;
  const applied = psql(raw, "raw.sql");
  expect(applied.status).toBe(0);
  expect(existsSync(marker(3))).toBe(true);
  await expect(server.withClient({ database: DB }, (c) => c.query("SELECT 1 FROM public.victim"))).rejects.toThrow('relation "public.victim" does not exist');
});

/**
 * Applies `script` with psql and asserts that it succeeded silently and that the only change to the server
 * is the new role and managed schema: same databases, relations, functions, victim rows; no marker file.
 */
async function applyCreatingOnly(script: string, name: string, expected: { role: string; managed: string; marker: string }): Promise<void> {
  const before = await snapshot();
  const applied = psql(script, name);
  expect(applied.stderr).toBe("");
  expect(applied.status).toBe(0);
  const after = await snapshot();
  expect(existsSync(expected.marker)).toBe(false);
  expect(after).toEqual({
    ...before,
    roles: [...before.roles, expected.role].sort(byCodePoint),
    schemas: [...before.schemas, expected.managed].sort(byCodePoint),
  });
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
