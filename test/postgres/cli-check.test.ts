/**
 * `plan` SQL applied to a real server with psql, then `check` run as the vendor: passes after the deploy
 * replay, fails naming the missing piece when a grant, a default privilege or the managed schema goes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/args";
import type { CheckReport } from "../../src/cli/check";
import { main } from "../../src/cli/main";
import { startPostgres, type PgServer } from "../support/pg-server";

const VENDOR_PASSWORD = "Vendor-pw.with~quote'and-more-0123";
const DB = "app db";
const OWNER = 'App "Owner"';
const WEIRD = 'Sales; "Q1" été';

let server: PgServer;
let dir: string;
let argsFile: string;
let vendorUrl: string;

function collector(env: NodeJS.ProcessEnv = {}): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env,
  };
  return io;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = collector(env);
  const code = await main(argv, io);
  // The vendor's password must never appear, whatever the outcome.
  expect(io.out).not.toContain(VENDOR_PASSWORD);
  expect(io.err).not.toContain(VENDOR_PASSWORD);
  expect(io.out + io.err).not.toContain(server.superuser.password);
  return { code, out: io.out, err: io.err };
}

async function check(extra: string[] = []): Promise<{ code: number; report: CheckReport; err: string }> {
  const r = await run(["check", "--url", vendorUrl, "--args-file", argsFile, "--json", ...extra]);
  return { code: r.code, report: JSON.parse(r.out) as CheckReport, err: r.err };
}

async function admin(sql: string): Promise<void> {
  await server.withClient({ database: DB }, async (c) => {
    await c.query(sql);
  });
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

beforeAll(async () => {
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "pgva-cli-"));
  await server.withClient({}, async (c) => {
    await c.query(`CREATE DATABASE ${q(DB)}`);
  });
  // Fixture: tables, a view and sequences owned by the application role, in two read schemas and one
  // schema the vendor must not see.
  await admin(`
    -- PostgreSQL 15's default on every major: before 15, PUBLIC may create objects in "public", which
    -- check rightly reports as an extra (see the test for that default below).
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    CREATE ROLE ${q(OWNER)} NOLOGIN;
    CREATE SCHEMA app AUTHORIZATION ${q(OWNER)};
    CREATE SCHEMA ${q(WEIRD)} AUTHORIZATION ${q(OWNER)};
    CREATE SCHEMA internal;
    CREATE TABLE internal.salaries (id int);
    GRANT USAGE ON SCHEMA internal TO PUBLIC;
    SET ROLE ${q(OWNER)};
    CREATE TABLE app.customers (id serial PRIMARY KEY, name text);
    CREATE TABLE app.orders (id bigint GENERATED ALWAYS AS IDENTITY, customer int);
    CREATE VIEW app.big_orders AS SELECT * FROM app.orders;
    CREATE SEQUENCE app.invoice_no;
    CREATE TABLE ${q(WEIRD)}.${q("Umsatz 2024")} (amount numeric);
    RESET ROLE;
  `);
  argsFile = join(dir, "args.yaml");
  writeFileSync(
    argsFile,
    JSON.stringify({ name: "seg", vendor: "segment", database: DB, readSchemas: ["app", WEIRD], tableOwners: [OWNER] }),
  );

  // Print the SQL, then apply it with psql as the superuser, as a DBA would.
  const planned = await run(["plan", "--file", argsFile, "--sql-only"]);
  expect(planned.code).toBe(0);
  const sqlFile = join(dir, "plan.sql");
  writeFileSync(sqlFile, planned.out);
  const psql = spawnSync(
    "psql",
    ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", `vendor_password=${VENDOR_PASSWORD}`, "-f", sqlFile, server.url({ database: DB })],
    { encoding: "utf8" },
  );
  expect(psql.stderr).toBe("");
  expect(psql.status).toBe(0);
  vendorUrl = server.url({ database: DB, user: "segment", password: VENDOR_PASSWORD });
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const REQUIRED_IDS = [
  "role",
  "database:CONNECT",
  "database:CREATE",
  // Read schemas in code-point order, as the planner sorts them ("S" < "a").
  `usage:${WEIRD}`,
  `select:${WEIRD}:tables`,
  `select:${WEIRD}:sequences`,
  "usage:app",
  "select:app:tables",
  "select:app:sequences",
  `defaults:${OWNER}:${WEIRD}:tables`,
  `defaults:${OWNER}:${WEIRD}:sequences`,
  `defaults:${OWNER}:app:tables`,
  `defaults:${OWNER}:app:sequences`,
  "managed:__segment_reverse_etl",
  "tls",
];

describe("check after applying the printed plan SQL", () => {
  test("passes, with the exact set of required checks and the public schema's table as the only extra", async () => {
    const { code, report } = await check();
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.role).toBe("segment");
    expect(report.vendor).toBe("segment");
    expect(report.target).toEqual({ host: "127.0.0.1", port: server.port, database: DB, user: "segment" });
    expect(report.tls).toBe(false);
    expect(report.checks.filter((c) => c.category === "required").map((c) => c.id)).toEqual(REQUIRED_IDS);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    for (const id of REQUIRED_IDS.filter((i) => i !== "tls")) expect(byId[id]!.status, id).toBe("pass");
    expect(byId.tls).toEqual({ id: "tls", category: "required", status: "warn", detail: "connection is not encrypted (TLS off)", fix: "connect with sslmode=verify-full and sslrootcert=<CA file> (for RDS the RDS CA bundle); enable TLS on the server if it is off" });
    // app: customers, orders, big_orders (view); sequences: customers_id_seq, orders_id_seq, invoice_no.
    expect(byId["select:app:tables"]!.detail).toBe('SELECT on all 3 tables in "app"');
    expect(byId["select:app:sequences"]!.detail).toBe('SELECT on all 3 sequences in "app"');
    expect(byId["managed:__segment_reverse_etl"]!.detail).toBe(
      'can create, write and drop tables in managed schema "__segment_reverse_etl" (owned by the vendor; rolled back)',
    );
    // internal.salaries is readable by no one but its owner: USAGE alone is not reported.
    expect(report.checks.filter((c) => c.category === "extra")).toEqual([]);
    // The write test left nothing behind.
    await server.withClient({ database: DB }, async (c) => {
      const r = await c.query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = '__segment_reverse_etl'::regnamespace`);
      expect(r.rows[0].n).toBe(0);
    });
  });

  test("text output: one line per check, PASS verdict, no colour when not a terminal", async () => {
    const r = await run(["check", "--url", vendorUrl, "--args-file", argsFile]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("\u001b[");
    expect(r.out).toContain(`ok    SELECT on all 3 tables in "app"\n`);
    expect(r.out).toContain("warn  connection is not encrypted (TLS off)\n");
    expect(r.out).toMatch(/PASS: all required checks passed \(1 warning\) in \d+ ms\n$/);
    expect(r.err).toBe("");
  });

  test("a table created later by the owner is readable through default privileges", async () => {
    await admin(`SET ROLE ${q(OWNER)}; CREATE TABLE app.later (x int); RESET ROLE;`);
    const { code, report } = await check();
    expect(code).toBe(0);
    expect(report.checks.find((c) => c.id === "select:app:tables")!.detail).toBe('SELECT on all 4 tables in "app"');
    await admin("DROP TABLE app.later");
  });

  test("fails naming the table whose grant was removed", async () => {
    await admin(`REVOKE SELECT ON ${q(WEIRD)}.${q("Umsatz 2024")} FROM segment`);
    try {
      const { code, report } = await check();
      expect(code).toBe(1);
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((c) => c.status === "fail");
      expect(failed).toEqual([
        {
          id: `select:${WEIRD}:tables`,
          category: "required",
          status: "fail",
          detail: `missing SELECT on 1 of 1 table in "Sales; ""Q1"" été": "Umsatz 2024"`,
          objects: ["Umsatz 2024"],
          // Its owner is a listed table owner: the grant itself drifted.
          fix: `run pulumi up --refresh to grant the objects in "Sales; ""Q1"" été" again`,
        },
      ]);
    } finally {
      await admin(`GRANT SELECT ON ${q(WEIRD)}.${q("Umsatz 2024")} TO segment`);
    }
  });

  test("a table made by a creator not in tableOwners: the fix names the creator and the command (human and JSON)", async () => {
    await admin(`CREATE ROLE etl; GRANT USAGE, CREATE ON SCHEMA app TO etl; SET ROLE etl; CREATE TABLE app.refunds (id int); RESET ROLE;`);
    try {
      const { code, report } = await check();
      expect(code).toBe(1);
      expect(report.checks.filter((c) => c.status === "fail")).toEqual([
        {
          id: "select:app:tables",
          category: "required",
          status: "fail",
          detail: 'missing SELECT on 1 of 4 tables in "app": "refunds"',
          objects: ["refunds"],
          fix: 'they are owned by "etl", which is not in tableOwners: add it and run pulumi up --refresh (the refresh grants the existing objects, the default privileges cover later ones)',
        },
      ]);
      const text = await run(["check", "--url", vendorUrl, "--args-file", argsFile]);
      expect(text.out).toContain(
        '  FAIL  missing SELECT on 1 of 4 tables in "app": "refunds"\n        fix: they are owned by "etl", which is not in tableOwners: add it and run pulumi up --refresh',
      );
    } finally {
      await admin("DROP TABLE app.refunds; REVOKE ALL ON SCHEMA app FROM etl; DROP ROLE etl");
    }
  });

  test("fails naming the schema whose USAGE was removed", async () => {
    await admin("REVOKE USAGE ON SCHEMA app FROM segment");
    try {
      const { code, report } = await check();
      expect(code).toBe(1);
      const failed = report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c.detail]);
      // Without USAGE the tables' own ACLs still hold SELECT; only the schema check fails.
      expect(failed).toEqual([["usage:app", 'missing USAGE on schema "app"']]);
    } finally {
      await admin("GRANT USAGE ON SCHEMA app TO segment");
    }
  });

  test("fails naming the owner, schema and type whose default privilege was removed", async () => {
    await admin(`ALTER DEFAULT PRIVILEGES FOR ROLE ${q(OWNER)} IN SCHEMA app REVOKE ALL ON TABLES FROM segment`);
    try {
      const { code, report } = await check();
      expect(code).toBe(1);
      expect(report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c.detail])).toEqual([
        [`defaults:${OWNER}:app:tables`, `missing default privileges: tables "App ""Owner""" creates later in "app" will not get SELECT`],
      ]);
    } finally {
      await admin(`ALTER DEFAULT PRIVILEGES FOR ROLE ${q(OWNER)} IN SCHEMA app GRANT SELECT ON TABLES TO segment`);
    }
  });

  test("fails when the managed schema is gone, and when the vendor cannot create in it", async () => {
    await admin("DROP SCHEMA __segment_reverse_etl");
    try {
      const gone = await check();
      expect(gone.code).toBe(1);
      expect(gone.report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c.detail])).toEqual([
        ["managed:__segment_reverse_etl", 'managed schema "__segment_reverse_etl" does not exist'],
      ]);
      await admin("CREATE SCHEMA __segment_reverse_etl; GRANT USAGE ON SCHEMA __segment_reverse_etl TO segment");
      const readOnly = await check();
      expect(readOnly.code).toBe(1);
      expect(readOnly.report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c.detail])).toEqual([
        [
          "managed:__segment_reverse_etl",
          'cannot create and write tables in managed schema "__segment_reverse_etl": permission denied for schema __segment_reverse_etl',
        ],
      ]);
    } finally {
      await admin("DROP SCHEMA IF EXISTS __segment_reverse_etl; CREATE SCHEMA __segment_reverse_etl AUTHORIZATION segment");
    }
  });

  test("reports what the vendor has beyond its needs; --strict makes it fail", async () => {
    await admin(`
      GRANT INSERT, UPDATE ON app.orders TO segment;
      GRANT SELECT ON internal.salaries TO segment;
      GRANT CREATE ON SCHEMA app TO segment;
      ALTER ROLE segment CREATEDB;
      GRANT ${q(OWNER)} TO segment;
    `);
    try {
      const { code, report } = await check();
      expect(code).toBe(0);
      expect(report.checks.filter((c) => c.category === "extra").map((c) => [c.id, c.status, c.detail])).toEqual([
        ["extra:attributes", "warn", "role has attributes beyond LOGIN: CREATEDB"],
        ["extra:memberships", "warn", 'role is a member of "App ""Owner""" and holds their privileges'],
        ["extra:create:" + WEIRD, "warn", `CREATE on read schema "Sales; ""Q1"" été" (can add objects there)`],
        ["extra:write:" + WEIRD + ":tables", "warn", `write privileges on 1 table in read schema "Sales; ""Q1"" été": "Umsatz 2024"`],
        ["extra:create:app", "warn", 'CREATE on read schema "app" (can add objects there)'],
        // Membership in the owner role brings write access to every table it owns.
        ["extra:write:app:tables", "warn", 'write privileges on 3 tables in read schema "app": "big_orders", "customers", "orders"'],
        ["extra:write:app:sequences", "warn", 'write privileges on 3 sequences in read schema "app": "customers_id_seq", "invoice_no", "orders_id_seq"'],
        ["extra:schema:internal", "warn", 'schema "internal" is not in the plan, but the vendor can read 1 relation there'],
      ]);
      const strict = await check(["--strict"]);
      expect(strict.code).toBe(1);
      expect(strict.report.checks.filter((c) => c.status === "fail").length).toBe(8);
    } finally {
      await admin(`
        REVOKE INSERT, UPDATE ON app.orders FROM segment;
        REVOKE SELECT ON internal.salaries FROM segment;
        REVOKE CREATE ON SCHEMA app FROM segment;
        ALTER ROLE segment NOCREATEDB;
        REVOKE ${q(OWNER)} FROM segment;
      `);
    }
    // Back to clean.
    const clean = await check();
    expect(clean.report.checks.filter((c) => c.category === "extra")).toEqual([]);
  });

  test("only the directly granted write privilege shows without the membership", async () => {
    await admin("GRANT INSERT ON app.orders TO segment");
    try {
      const { code, report } = await check();
      expect(code).toBe(0);
      expect(report.checks.filter((c) => c.category === "extra").map((c) => c.detail)).toEqual([
        'write privileges on 1 table in read schema "app": "orders"',
      ]);
    } finally {
      await admin("REVOKE INSERT ON app.orders FROM segment");
    }
  });

  test("PostgreSQL < 15 default (PUBLIC may create in public) is reported as an extra", async () => {
    await admin("GRANT CREATE ON SCHEMA public TO PUBLIC");
    try {
      const { code, report } = await check();
      expect(code).toBe(0);
      expect(report.checks.filter((c) => c.category === "extra").map((c) => [c.id, c.status, c.detail])).toEqual([
        ["extra:schema:public", "warn", 'schema "public" is not in the plan, but the vendor can create objects there'],
      ]);
      expect((await check(["--strict"])).code).toBe(1);
    } finally {
      await admin("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
  });

  test("--require-tls fails on an unencrypted connection", async () => {
    const { code, report } = await check(["--require-tls"]);
    expect(code).toBe(1);
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([
      { id: "tls", category: "required", status: "fail", detail: "connection is not encrypted (TLS off)", fix: "connect with sslmode=verify-full and sslrootcert=<CA file> (for RDS the RDS CA bundle); enable TLS on the server if it is off" },
    ]);
  });

  test("connecting as another role fails the role check", async () => {
    const r = await run(["check", "--url", server.url({ database: DB }), "--args-file", argsFile, "--json"]);
    const report = JSON.parse(r.out) as CheckReport;
    expect(r.code).toBe(1);
    expect(report.checks[0]).toEqual({
      id: "role",
      category: "required",
      status: "fail",
      detail: 'connected as "postgres", but the vendor role is "segment"',
      fix: 'connect with the vendor\'s own credentials (user "segment", from the component\'s connection output)',
    });
  });

  test("PG* environment variables work instead of --url", async () => {
    const env = { PGHOST: "127.0.0.1", PGPORT: String(server.port), PGUSER: "segment", PGPASSWORD: VENDOR_PASSWORD, PGDATABASE: DB };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const r = await run(["check", "--vendor", "segment", "--read-schema", "app", "--read-schema", WEIRD, "--table-owner", OWNER, "--json"], env);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.out) as CheckReport).ok).toBe(true);
    } finally {
      for (const k of Object.keys(env)) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  test("connection errors exit 2 with one line and no password", async () => {
    const wrong = server.url({ database: DB, user: "segment", password: "not-the-password-" + VENDOR_PASSWORD.slice(0, 3) });
    const r = await run(["check", "--url", wrong, "--args-file", argsFile]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `pg-vendor-access: cannot connect to segment@127.0.0.1:${server.port}/${DB}: password authentication failed for user "segment"\n`,
    );
    expect(r.err).not.toContain("not-the-password");
  });

  test("usage errors exit 2 before connecting", async () => {
    const r = await run(["check", "--url", vendorUrl, "--vendor", "segmnt"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^pg-vendor-access: \[vendor\] "segmnt" is not a known preset; valid presets: "custom", /);
    const missing = await run(["check", "--url", vendorUrl]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^pg-vendor-access: check needs --vendor <id> \(one of "custom", .*\) or --args-file <file>\. \(see: pg-vendor-access check --help\)\n$/);
  });
});

describe("custom vendor with hostile names", () => {
  const ROLE = `Vendor "X"; ü`;
  const MANAGED = `Vendor's "state"`;
  const PASSWORD = "custom-vendor-password-\"quoted\"-0123";

  test("the printed SQL applies with psql and check passes; removing the managed schema's ownership fails it", async () => {
    const file = join(dir, "custom.json");
    writeFileSync(
      file,
      JSON.stringify({ vendor: "custom", roleName: ROLE, database: DB, readSchemas: [WEIRD], tableOwners: [OWNER], managedSchemas: [MANAGED], connectionLimit: 2 }),
    );
    const planned = await run(["plan", "--file", file, "--sql-only"]);
    expect(planned.code).toBe(0);
    const sqlFile = join(dir, "custom.sql");
    writeFileSync(sqlFile, planned.out);
    const psql = spawnSync(
      "psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", `vendor_password=${PASSWORD}`, "-f", sqlFile, server.url({ database: DB })],
      { encoding: "utf8" },
    );
    expect(psql.stderr).toBe("");
    expect(psql.status).toBe(0);
    await server.withClient({ database: DB }, async (c) => {
      const r = await c.query(`SELECT rolconnlimit, rolcanlogin, rolinherit FROM pg_roles WHERE rolname = $1`, [ROLE]);
      expect(r.rows).toEqual([{ rolconnlimit: 2, rolcanlogin: true, rolinherit: true }]);
    });

    const url = server.url({ database: DB, user: ROLE, password: PASSWORD });
    const ok = await run(["check", "--url", url, "--args-file", file, "--json"]);
    expect(ok.out).not.toContain(PASSWORD);
    const report = JSON.parse(ok.out) as CheckReport;
    expect(ok.code).toBe(0);
    expect(report.checks.filter((c) => c.status !== "pass").map((c) => c.id)).toEqual(["tls"]);
    expect(report.checks.map((c) => c.id)).toEqual([
      "role",
      "database:CONNECT",
      `usage:${WEIRD}`,
      `select:${WEIRD}:tables`,
      `select:${WEIRD}:sequences`,
      `defaults:${OWNER}:${WEIRD}:tables`,
      `defaults:${OWNER}:${WEIRD}:sequences`,
      `managed:${MANAGED}`,
      "tls",
    ]);

    await admin(`ALTER SCHEMA ${q(MANAGED)} OWNER TO ${q(OWNER)}`);
    const denied = await run(["check", "--url", url, "--args-file", file, "--json"]);
    expect(denied.code).toBe(1);
    expect((JSON.parse(denied.out) as CheckReport).checks.filter((c) => c.status === "fail").map((c) => c.id)).toEqual([`managed:${MANAGED}`]);
  });
});
