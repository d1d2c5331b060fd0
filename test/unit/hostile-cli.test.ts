/**
 * Hostile input to the CLI, per surface (argument files, stack files, flags, the environment): each case
 * gives the exact one-line message on stderr (hand-written), exit code 2, nothing on stdout, no secret and
 * no raw control character in the output. None of these reaches a database: they fail before connecting.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli as run } from "../support/cli-run";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pgva-hostile-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const VALID_FILE_KEYS =
  '"name", "vendor", "database", "readSchemas", "tableOwners", "region", "mode", "roleName", "password", "connectionLimit", "securityGroupId", "port", "extraCidrs", "host", "managedSchemaOnDestroy", "databasePrivileges", "managedSchemas", "cdc"';
const CONTROL = (value: string, codePoint: string) =>
  `${value} contains a control character (${codePoint}); names in a vendor integration must not hold line breaks, tabs, escape sequences or invisible formatting characters, which could end a comment line in printed SQL or rewrite a terminal. Use visible characters only.`;
const SECRETS = ["hunter2hunter2", "87654321", "pa%zzword", "s3cr3t-in-url"];
const WHALY = "vendor: whaly\ndatabase: app\nreadSchemas: [public]\ntableOwners: [app_owner]\n";

type Case = [label: string, argv: () => string[], stderr: () => string, env?: NodeJS.ProcessEnv];

const cases: Record<string, Case[]> = {
  "plan: argument files": [
    [
      "misspelt securityGroupId",
      () => ["plan", "--file", file("typo.yaml", `${WHALY}securityGroupID: sg-0123456789abcdef0\n`)],
      () => `--file ${JSON.stringify(join(dir, "typo.yaml"))}: [securityGroupID] is not an argument of PostgresVendorAccess (did you mean "securityGroupId"?); valid arguments: ${VALID_FILE_KEYS}.`,
    ],
    [
      "a line break and a psql shell escape in roleName",
      () => ["plan", "--sql-only", "--file", file("shell.yaml", `${WHALY}roleName: "x\\n\\\\! touch /tmp/pgva-pwned\\nDROP TABLE t;--"\n`)],
      () => `[roleName] ${CONTROL('"x\\n\\\\! touch /tmp/pgva-pwned\\nDROP TABLE t;--"', "U+000A")}`,
    ],
    [
      "an escape sequence in the file's name",
      () => ["plan", "--file", file("name.yaml", `${WHALY}name: "bi\\e[2J"\n`)],
      () => `--file ${JSON.stringify(join(dir, "name.yaml"))}: "name" "bi\\u001b[2J" contains a control character (U+001B); a component name must hold visible characters only (it is written into SQL comments and logical names).`,
    ],
    [
      "pg_catalog as a read schema",
      () => ["plan", "--file", file("catalog.yaml", "vendor: whaly\ndatabase: app\nreadSchemas: [pg_catalog]\n")],
      () =>
        '[readSchemas[0]] "pg_catalog" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.',
    ],
    [
      "the internet in halves",
      () => ["plan", "--file", file("halves.yaml", `${WHALY}securityGroupId: sg-0123456789abcdef0\nextraCidrs: ["::/1", "8000::/1"]\n`)],
      () => `[extraCidrs[0]] "::/1" is broader than /32, the broadest IPv6 block accepted (a /32 is a whole provider's allocation); list the vendor's published addresses instead.`,
    ],
    [
      "a password with a line break (never shown)",
      () => ["plan", "--file", file("pw.yaml", `${WHALY}password: "hunter2hunter2\\nhunter2hunter2"\n`)],
      () => "[password] contains a line break, tab or other control character, which vendor connection forms and psql variables do not carry reliably; use printable characters only, or omit it to generate one.",
    ],
    [
      "malformed YAML around a password (the excerpt is not shown)",
      () => ["plan", "--file", file("broken.yaml", `${WHALY}password: hunter2hunter2: x\n`)],
      () => `--file ${JSON.stringify(join(dir, "broken.yaml"))} is not valid JSON or YAML: Nested mappings are not allowed in compact mappings at line 5, column 11:`,
    ],
    [
      "a file larger than 1 MiB",
      () => ["plan", "--file", file("big.yaml", `${WHALY}# ${"x".repeat(1024 * 1024)}\n`)],
      () => `--file ${JSON.stringify(join(dir, "big.yaml"))} is larger than 1048576 bytes (1 MiB), the limit for argument and stack files; check that it is the right file.`,
    ],
    [
      "an endless device",
      () => ["plan", "--file", "/dev/zero"],
      () => '--file "/dev/zero" is larger than 1048576 bytes (1 MiB), the limit for argument and stack files; check that it is the right file.',
    ],
  ],
  "plan: flags and stack files": [
    [
      "a line break in --name",
      () => ["plan", "--sql-only", "--file", file("ok.yaml", WHALY), "--name", "bi\n\\! touch /tmp/pgva-pwned"],
      () => '--name "bi\\n\\\\! touch /tmp/pgva-pwned" contains a control character (U+000A); a component name must hold visible characters only (it is written into SQL comments and logical names).',
    ],
    [
      "an all-digit admin password in a stack file",
      () => ["plan", "--stack-file", file("Pulumi.digits.yaml", "config:\n  postgresql:host: db\n  postgresql:database: app\n  postgresql:username: admin\n  postgresql:password: 87654321\n  pg-vendor-access:integrations:\n    - vendor: whaly\n      readSchemas: [public]\n")],
      () => "postgresql:password: must be a string, but YAML read a number (the value is not shown: it is a secret); store it with `pulumi config set --secret postgresql:password`, or quote it.",
    ],
    [
      "a custom vendor owning public in a stack file",
      () => ["plan", "--stack-file", file("Pulumi.public.yaml", "config:\n  postgresql:host: db\n  postgresql:database: app\n  postgresql:username: admin\n  pg-vendor-access:integrations:\n    - vendor: custom\n      roleName: acme\n      readSchemas: [sales]\n      managedSchemas: [public]\n      managedSchemaOnDestroy: drop\n")],
      () =>
        'pg-vendor-access:integrations[0].managedSchemas[0]: "public" is the database\'s shared schema, where application tables usually live: the vendor would own it and could drop every table in it (and managedSchemaOnDestroy: "drop" would run DROP SCHEMA public CASCADE). Give the vendor a schema of its own, e.g. "_vendor_state".',
    ],
  ],
  "check: files, flags and environment (refused before connecting)": [
    [
      "unknown key in --args-file",
      () => ["check", "--url", "postgres://v:s3cr3t-in-url@127.0.0.1:1/app", "--args-file", file("check.yaml", `${WHALY}readSchema: [sales]\n`)],
      () => `--args-file ${JSON.stringify(join(dir, "check.yaml"))}: [readSchema] is not an argument of PostgresVendorAccess; valid arguments: ${VALID_FILE_KEYS}.`,
    ],
    [
      "postgres as --role",
      () => ["check", "--url", "postgres://v@127.0.0.1:1/app", "--vendor", "custom", "--role", "postgres", "--read-schema", "public"],
      () => '[roleName] "postgres" is PostgreSQL\'s default superuser (and the usual master user on RDS, Cloud SQL and Azure); the vendor must get a login role of its own, never the admin\'s or the platform\'s: choose another name.',
    ],
    [
      "pg_toast as --read-schema",
      () => ["check", "--url", "postgres://v@127.0.0.1:1/app", "--vendor", "segment", "--read-schema", "pg_toast"],
      () =>
        '[readSchemas[0]] "pg_toast" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.',
    ],
    [
      "session_user as --table-owner",
      () => ["check", "--url", "postgres://v@127.0.0.1:1/app", "--vendor", "segment", "--read-schema", "public", "--table-owner", "session_user"],
      () => '[tableOwners[0]] "session_user" is not a role that creates tables: it is a keyword for whichever role opened the session, at deployment the admin; list the roles that create the tables the vendor reads (e.g. your migration user).',
    ],
    [
      "a line break in --role",
      () => ["check", "--url", "postgres://v@127.0.0.1:1/app", "--vendor", "custom", "--role", "acme\u001b[8m", "--read-schema", "public"],
      () => `[roleName] ${CONTROL('"acme\\u001b[8m"', "U+001B")}`,
    ],
    [
      "a malformed --url (never echoed: it holds a password)",
      () => ["check", "--url", "postgres://vendor:pa%zzword@127.0.0.1:1/app", "--vendor", "whaly", "--read-schema", "public"],
      () =>
        "--url is not a valid URL (not shown: it may hold a password); use postgres://user:password@host:5432/database?sslmode=require and percent-encode special characters in the user and password (e.g. @ as %40, % as %25). (see: pg-vendor-access check --help)",
    ],
    [
      "an unknown sslmode in --url",
      () => ["check", "--url", "postgres://vendor:s3cr3t-in-url@127.0.0.1:1/app?sslmode=requier", "--vendor", "whaly", "--read-schema", "public"],
      () => '--url sslmode "requier" is not a PostgreSQL TLS mode; valid: "disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify". (see: pg-vendor-access check --help)',
    ],
    [
      "an unknown PGSSLMODE",
      () => ["check", "--vendor", "whaly", "--read-schema", "public"],
      () => 'PGSSLMODE "disabled" is not a PostgreSQL TLS mode; valid: "disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify". (see: pg-vendor-access check --help)',
      { PGHOST: "127.0.0.1", PGPORT: "1", PGUSER: "vendor", PGPASSWORD: "hunter2hunter2", PGSSLMODE: "disabled" },
    ],
  ],
};

for (const [group, list] of Object.entries(cases)) {
  describe(group, () => {
    test.each(list)("%s", async (_label, argv, stderr, env) => {
      const r = await run(argv(), env);
      expect(r.err).toBe(`pg-vendor-access: ${stderr()}\n`);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      for (const secret of SECRETS) expect(r.err).not.toContain(secret);
    });
  });
}

describe("masking a password keeps the rest of the message readable", () => {
  test("a password that is part of a word of the driver's message", async () => {
    // "onn" is inside "connect" and "ECONNREFUSED"; a naive replace would print "c***ect".
    const r = await run(["check", "--url", "postgres://vendor:onn@127.0.0.1:1/app", "--vendor", "whaly", "--read-schema", "public", "--connect-timeout", "5"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("pg-vendor-access: cannot connect to vendor@127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1\n");
  });
});

describe("names read from the database are printed escaped", () => {
  test("a table named with a terminal escape sequence cannot drive the terminal in check's report", async () => {
    const { formatCheckReport } = await import("../../src/cli/check");
    const text = formatCheckReport(
      {
        ok: false,
        target: { host: "db", port: 5432, database: "app\u001b]0;x\u0007", user: "whaly_bi" },
        serverVersion: "15.8",
        vendor: "whaly",
        role: "whaly_bi",
        tls: true,
        checks: [
          { id: "select:public:tables", category: "required", status: "fail", detail: 'cannot SELECT 1 of 2 tables in "public": "t\u001b[2J\u009b31m"', objects: ["t\u001b[2J\u009b31m"] },
          { id: "extra:schema:s", category: "extra", status: "warn", detail: 'schema "s\u202e" is not in the plan, but the vendor can read 1 relation there' },
        ],
        durationMs: 5,
      },
      false,
    );
    expect(text).toBe(
      [
        "pg-vendor-access check: whaly as whaly_bi@db:5432/app\\u001b]0;x\\u0007 (PostgreSQL 15.8)",
        '  FAIL  cannot SELECT 1 of 2 tables in "public": "t\\u001b[2J\\u009b31m"',
        "Beyond what it needs:",
        '  warn  schema "s\\u202e" is not in the plan, but the vendor can read 1 relation there',
        "FAIL: 1 check failed in 5 ms",
        "",
      ].join("\n"),
    );
  });
});
