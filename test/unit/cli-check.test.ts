/** The pure part of `check`: catalog facts + plan -> verdict, report formatting, argument assembly. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseCommandLine, UsageError, type CheckOptions } from "../../src/cli/args";
import {
  checkArgs,
  checksPassed,
  connectionConfig,
  evaluateCheck,
  formatCheckReport,
  type CatalogFacts,
  type CheckReport,
} from "../../src/cli/check";
import { planVendorAccess } from "../../src/plan";

const plan = planVendorAccess({ vendor: "segment", database: "app", readSchemas: ["public"], tableOwners: ["migrator"] });

/** Facts of a correct deployment of `plan`. */
function goodFacts(): CatalogFacts {
  return {
    user: "segment",
    database: "app",
    serverVersion: "15.10",
    ssl: true,
    sslVersion: "TLSv1.3",
    attributes: { superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false },
    memberOf: [],
    databasePrivileges: { CONNECT: true, CREATE: true, TEMPORARY: true },
    schemas: {
      public: { exists: true, owner: "pg_database_owner", usage: true, create: false },
      __segment_reverse_etl: { exists: true, owner: "segment", usage: true, create: true },
    },
    objects: { public: { table: { total: 12, missing: [], writable: [] }, sequence: { total: 2, missing: [], writable: [] } } },
    defaultAcl: [
      { owner: "migrator", schema: "public", objectType: "r", privileges: ["SELECT"] },
      { owner: "migrator", schema: "public", objectType: "S", privileges: ["SELECT"] },
    ],
    existingRoles: ["migrator"],
    managedWrites: { __segment_reverse_etl: { ok: true } },
    otherSchemas: [],
  };
}

const LENIENT = { requireTls: false, strict: false };
const failures = (facts: CatalogFacts, options = LENIENT, p = plan) =>
  evaluateCheck(p, facts, options)
    .filter((r) => r.status === "fail")
    .map((r) => [r.id, r.detail, r.fix]);

describe("evaluateCheck", () => {
  test("a correct deployment passes every required check, in a fixed order, with no extras", () => {
    const results = evaluateCheck(plan, goodFacts(), LENIENT);
    expect(results.map((r) => [r.id, r.status, r.detail])).toEqual([
      ["role", "pass", 'connected as the vendor role "segment"'],
      ["database:CONNECT", "pass", 'CONNECT on database "app"'],
      ["database:CREATE", "pass", 'CREATE on database "app"'],
      ["usage:public", "pass", 'USAGE on schema "public"'],
      ["select:public:tables", "pass", 'SELECT on all 12 tables in "public"'],
      ["select:public:sequences", "pass", 'SELECT on all 2 sequences in "public"'],
      ["defaults:migrator:public:tables", "pass", 'default privileges: tables "migrator" creates in "public" will be readable (SELECT)'],
      ["defaults:migrator:public:sequences", "pass", 'default privileges: sequences "migrator" creates in "public" will be readable (SELECT)'],
      ["managed:__segment_reverse_etl", "pass", 'can create, write and drop tables in managed schema "__segment_reverse_etl" (owned by the vendor; rolled back)'],
      ["tls", "pass", "connection encrypted (TLSv1.3)"],
    ]);
    // Passing results carry no fix.
    expect(results.filter((r) => "fix" in r)).toEqual([]);
    expect(checksPassed(results)).toBe(true);
  });

  test("wrong login role and wrong database fail", () => {
    expect(failures({ ...goodFacts(), user: "admin", database: "other" })).toEqual([
      ["role", 'connected as "admin", but the vendor role is "segment"', 'connect with the vendor\'s own credentials (user "segment", from the component\'s connection output)'],
      ["database", 'connected to database "other", but the plan is for "app"', 'connect to database "app", or pass --database with the database the component was deployed for'],
    ]);
  });

  test("missing objects are named, at most five in the sentence, all in objects", () => {
    const facts = goodFacts();
    const missing = ["a", "b", "c", "d", "e", "f", "g"];
    facts.objects.public!.table = { total: 12, missing, writable: [], missingOwners: ["etl", "migrator"] };
    const result = evaluateCheck(plan, facts, LENIENT).find((r) => r.id === "select:public:tables")!;
    expect(result).toEqual({
      id: "select:public:tables",
      category: "required",
      status: "fail",
      detail: 'missing SELECT on 7 of 12 tables in "public": "a", "b", "c", "d", "e" and 2 more',
      objects: missing,
      // "migrator" is a listed table owner; "etl" is not, and that is the cause.
      fix: 'they are owned by "etl", which is not in tableOwners: add it and run pulumi up --refresh (the refresh grants the existing objects, the default privileges cover later ones)',
    });
    facts.objects.public!.table = { total: 1, missing: ["a"], writable: [], missingOwners: ["migrator"] };
    expect(evaluateCheck(plan, facts, LENIENT).find((r) => r.id === "select:public:tables")).toMatchObject({
      detail: 'missing SELECT on 1 of 1 table in "public": "a"',
      fix: 'run pulumi up --refresh to grant the objects in "public" again',
    });
  });

  test("a read schema that does not exist fails once, without object checks", () => {
    const facts = goodFacts();
    facts.schemas.public = { exists: false, usage: false, create: false };
    facts.objects.public = {};
    expect(failures(facts)).toEqual([["usage:public", 'read schema "public" does not exist', 'create schema "public", or remove it from readSchemas']]);
  });

  test("default privileges: global entries count, another owner's do not, a missing owner is named", () => {
    const global = goodFacts();
    global.defaultAcl = [
      { owner: "migrator", schema: null, objectType: "r", privileges: ["SELECT"] },
      { owner: "migrator", schema: "public", objectType: "S", privileges: ["SELECT"] },
    ];
    expect(failures(global)).toEqual([]);

    const otherOwner = goodFacts();
    otherOwner.defaultAcl = [{ owner: "dbt", schema: "public", objectType: "r", privileges: ["SELECT"] }, otherOwner.defaultAcl[1]!];
    expect(failures(otherOwner)).toEqual([
      ["defaults:migrator:public:tables", 'missing default privileges: tables "migrator" creates later in "public" will not get SELECT', 'run pulumi up --refresh to declare the default privileges for "migrator" again'],
    ]);

    const noOwner = goodFacts();
    noOwner.existingRoles = [];
    expect(failures(noOwner)).toEqual([
      ["defaults:migrator:public:tables", 'table owner "migrator" does not exist, so nothing it creates is covered', 'create role "migrator", or remove it from tableOwners'],
      ["defaults:migrator:public:sequences", 'table owner "migrator" does not exist, so nothing it creates is covered', 'create role "migrator", or remove it from tableOwners'],
    ]);
  });

  test("managed schema: missing, or not writable", () => {
    const gone = goodFacts();
    gone.schemas.__segment_reverse_etl = { exists: false, usage: false, create: false };
    expect(failures(gone)).toEqual([
      ["managed:__segment_reverse_etl", 'managed schema "__segment_reverse_etl" does not exist', 'run pulumi up: the component creates "__segment_reverse_etl" owned by the vendor role'],
    ]);
    const denied = goodFacts();
    denied.managedWrites.__segment_reverse_etl = { ok: false, error: "permission denied for schema __segment_reverse_etl" };
    expect(failures(denied)).toEqual([
      [
        "managed:__segment_reverse_etl",
        'cannot create and write tables in managed schema "__segment_reverse_etl": permission denied for schema __segment_reverse_etl',
        'the vendor must own "__segment_reverse_etl": run pulumi up --refresh (or ALTER SCHEMA "__segment_reverse_etl" OWNER TO "segment")',
      ],
    ]);
  });

  test("database privileges the plan needs", () => {
    const facts = goodFacts();
    facts.databasePrivileges.CREATE = false;
    expect(failures(facts)).toEqual([
      [
        "database:CREATE",
        'missing CREATE on database "app"',
        'run pulumi up --refresh; the grant only takes effect when the Pulumi admin owns database "app" (or is a member of its owner), see README "Admin prerequisites"',
      ],
    ]);
  });

  test("TLS off warns, or fails with --require-tls", () => {
    const facts = { ...goodFacts(), ssl: false, sslVersion: undefined };
    const tls = (options: typeof LENIENT) => evaluateCheck(plan, facts, options).find((r) => r.id === "tls")!;
    expect(tls(LENIENT)).toEqual({
      id: "tls",
      category: "required",
      status: "warn",
      detail: "connection is not encrypted (TLS off)",
      fix: "connect with sslmode=verify-full and sslrootcert=<CA file> (for RDS the RDS CA bundle); enable TLS on the server if it is off",
    });
    expect(tls({ requireTls: true, strict: false }).status).toBe("fail");
    expect(checksPassed(evaluateCheck(plan, facts, LENIENT))).toBe(true);
  });

  test("extras: attributes, memberships, CREATE on the database, writes, write defaults, other schemas; --strict fails them", () => {
    const whaly = planVendorAccess({ vendor: "whaly", database: "app", readSchemas: ["public"] });
    const facts = goodFacts();
    facts.user = "whaly_bi";
    facts.attributes = { superuser: true, createDatabase: false, createRole: true, replication: true, bypassRowLevelSecurity: true };
    facts.memberOf = ["pg_read_all_data"];
    facts.schemas.public!.create = true;
    facts.objects.public!.table!.writable = ["orders"];
    facts.defaultAcl = [{ owner: "migrator", schema: null, objectType: "r", privileges: ["INSERT", "SELECT"] }];
    facts.otherSchemas = [{ name: "hr", create: false, readable: 1 }, { name: "scratch", create: true, readable: 0 }];
    const extras = evaluateCheck(whaly, facts, LENIENT).filter((r) => r.category === "extra");
    expect(extras.map((r) => [r.id, r.status, r.detail, r.fix])).toEqual([
      [
        "extra:attributes", "warn", "role has attributes beyond LOGIN: SUPERUSER, CREATEROLE, REPLICATION, BYPASSRLS",
        'ALTER ROLE "whaly_bi" NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS; then run pulumi up --refresh',
      ],
      ["extra:memberships", "warn", 'role is a member of "pg_read_all_data" and holds their privileges', 'REVOKE "pg_read_all_data" FROM "whaly_bi"'],
      [
        "extra:database:CREATE", "warn", 'CREATE on database "app" (can create schemas), which the plan does not grant',
        'REVOKE CREATE ON DATABASE "app" FROM "whaly_bi" (and FROM PUBLIC if granted there)',
      ],
      ["extra:create:public", "warn", 'CREATE on read schema "public" (can add objects there)', 'REVOKE CREATE ON SCHEMA "public" FROM "whaly_bi" (and FROM PUBLIC if granted there)'],
      [
        "extra:write:public:tables", "warn", 'write privileges on 1 table in read schema "public": "orders"',
        'REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA "public" FROM "whaly_bi", then run pulumi up --refresh',
      ],
      [
        "extra:defaults:migrator:*:r", "warn", 'default privileges give INSERT on objects "migrator" creates in every schema',
        'ALTER DEFAULT PRIVILEGES FOR ROLE "migrator" REVOKE INSERT ON TABLES FROM "whaly_bi"',
      ],
      [
        "extra:schema:hr", "warn", 'schema "hr" is not in the plan, but the vendor can read 1 relation there',
        'REVOKE ALL ON SCHEMA "hr" FROM "whaly_bi" (and FROM PUBLIC if granted there), or add it to readSchemas if the vendor should read it',
      ],
      [
        "extra:schema:scratch", "warn", 'schema "scratch" is not in the plan, but the vendor can create objects there',
        'REVOKE ALL ON SCHEMA "scratch" FROM "whaly_bi" (and FROM PUBLIC if granted there), or add it to readSchemas if the vendor should read it',
      ],
    ]);
    expect(checksPassed(evaluateCheck(whaly, facts, LENIENT))).toBe(true);
    const strict = evaluateCheck(whaly, facts, { requireTls: false, strict: true }).filter((r) => r.category === "extra");
    expect(strict.every((r) => r.status === "fail")).toBe(true);
    expect(checksPassed(strict)).toBe(false);
  });

  test("CDC: the planned REPLICATION attribute and rds_replication membership are not extras", () => {
    const attr = planVendorAccess({
      vendor: "airbyte", database: "app", readSchemas: ["public"],
      cdc: { replicationPrivilege: "replication-attribute", tables: ["public.orders"] },
    } as never);
    const rds = planVendorAccess({
      vendor: "airbyte", database: "app", readSchemas: ["public"],
      cdc: { replicationPrivilege: "rds_replication", tables: ["public.orders"] },
    } as never);
    const facts = goodFacts();
    facts.user = "airbyte";
    facts.attributes.replication = true;
    facts.memberOf = ["rds_replication"];
    const extrasOf = (p: typeof plan) => evaluateCheck(p, facts, LENIENT).filter((r) => r.category === "extra").map((r) => r.id);
    expect(extrasOf(attr)).toEqual(["extra:memberships", "extra:database:CREATE"]);
    expect(extrasOf(rds)).toEqual(["extra:attributes", "extra:database:CREATE"]);
  });
});

describe("formatCheckReport", () => {
  const report = (ok: boolean): CheckReport => ({
    ok,
    target: { host: "db.example.com", port: 5432, database: "app", user: "segment" },
    serverVersion: "15.10",
    vendor: "segment",
    role: "segment",
    tls: true,
    checks: [
      { id: "role", category: "required", status: "pass", detail: 'connected as the vendor role "segment"' },
      { id: "usage:public", category: "required", status: ok ? "pass" : "fail", detail: 'USAGE on schema "public"', ...(ok ? {} : { fix: "add it" }) },
      { id: "tls", category: "required", status: "warn", detail: "connection is not encrypted (TLS off)", fix: "use TLS" },
      { id: "extra:create:public", category: "extra", status: "warn", detail: 'CREATE on read schema "public" (can add objects there)', fix: "revoke it" },
    ],
    durationMs: 42,
  });

  test("plain text", () => {
    expect(formatCheckReport(report(true), false)).toBe(
      [
        "pg-vendor-access check: segment as segment@db.example.com:5432/app (PostgreSQL 15.10)",
        '  ok    connected as the vendor role "segment"',
        '  ok    USAGE on schema "public"',
        "  warn  connection is not encrypted (TLS off)",
        "        fix: use TLS",
        "Beyond what it needs:",
        '  warn  CREATE on read schema "public" (can add objects there)',
        "        fix: revoke it",
        "PASS: all required checks passed (2 warnings) in 42 ms",
        "",
      ].join("\n"),
    );
    expect(formatCheckReport(report(false), false)).toContain('  FAIL  USAGE on schema "public"\n        fix: add it\n');
    expect(formatCheckReport(report(false), false).split("\n").slice(-2)).toEqual(["FAIL: 1 check failed in 42 ms", ""]);
  });

  test("colour marks", () => {
    const text = formatCheckReport(report(false), true);
    expect(text).toContain("\u001b[31mFAIL\u001b[0m  USAGE");
    expect(text).toContain("\u001b[32mok  \u001b[0m  connected");
    expect(text).toContain("\u001b[33mwarn\u001b[0m  connection");
  });
});

describe("checkArgs and connectionConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "pgva-check-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const options = (argv: string[]) => (parseCommandLine(["check", ...argv]) as { options: CheckOptions }).options;

  test("flags override the args file; network arguments and the password are dropped", () => {
    const file = join(dir, "a.json");
    writeFileSync(file, JSON.stringify({ name: "x", vendor: "whaly", database: "d", readSchemas: ["a"], securityGroupId: "sg-1", password: "p".repeat(20) }));
    expect(checkArgs(options(["-f", file, "--read-schema", "b", "--table-owner", "o"]))).toEqual({
      vendor: "whaly", database: "d", readSchemas: ["b"], tableOwners: ["o"],
    });
    expect(checkArgs(options(["--vendor", "custom", "--role", "r", "--managed-schema", "m", "--mode", "x", "--database", "d"]))).toEqual({
      vendor: "custom", roleName: "r", managedSchemas: ["m"], mode: "x", database: "d",
    });
  });

  test("a vendor is required", () => {
    expect(() => checkArgs(options([]))).toThrow(UsageError);
    expect(() => checkArgs(options([]))).toThrow(/^check needs --vendor <id> \(one of "custom", "airbyte", .*\) or --args-file <file>\.$/);
  });

  test("--url must be a postgres URL; without it the PG* variables are needed", () => {
    expect(() => connectionConfig(options(["--url", "mysql://x"]), {})).toThrow(
      "--url must start with postgres:// or postgresql:// (e.g. postgres://user@host:5432/db?sslmode=require).",
    );
    expect(() => connectionConfig(options([]), {})).toThrow(
      "check needs --url <postgres://...> or the PGHOST / PGPORT / PGUSER / PGPASSWORD / PGDATABASE variables.",
    );
    expect(connectionConfig(options(["--connect-timeout", "3"]), { PGHOST: "h" }).config).toEqual({
      application_name: "pg-vendor-access check",
      connectionTimeoutMillis: 3000,
      statement_timeout: 60_000,
      // libpq's default sslmode, prefer: TLS when offered, certificate not checked.
      ssl: { rejectUnauthorized: false },
    });
    expect(connectionConfig(options(["--url", "postgresql://u@h/d"]), {}).config.connectionString).toBe("postgresql://u@h/d");
    // node-postgres never sees the TLS parameters: check applies them with libpq's meaning.
    const verified = connectionConfig(options(["--url", "postgresql://u@h/d?application_name=x&sslmode=verify-full&sslrootcert=/dev/null"]), {});
    expect(verified.config.connectionString).toBe("postgresql://u@h/d?application_name=x");
    expect(verified.config.ssl).toEqual({ rejectUnauthorized: true, ca: "" });
  });
});
