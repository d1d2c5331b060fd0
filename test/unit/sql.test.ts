import { describe, expect, test } from "vitest";
import { planVendorAccess } from "../../src/plan";
import { WHALY_CIDRS } from "../support/vendor-pages";
import { PASSWORD_PLACEHOLDER, passwordVariableFor, planToSql, quoteIdent, quoteLiteral, renderSqlScript } from "../../src/sql";

/** The membership blocks as one marker line each (their behaviour is proven on PostgreSQL in sql-only.test.ts). */
function collapseMembership(script: string): string {
  return script
    .replace(
      /-- Temporary membership for an administrator[^\n]*\n[^\n]*\nSET LOCAL pg_vendor_access\.roles = '([^\n]*)';\nSET LOCAL pg_vendor_access\.schemas = '([^\n]*)';\nDO \$pg_vendor_access\$\n[\s\S]*?\n\$pg_vendor_access\$;/g,
      (_m, roles: string, schemas: string) => `<temporary membership roles=${roles} schemas=${schemas}>`,
    )
    .replace(/-- Revoke the temporary memberships\.\nDO \$pg_vendor_access\$\n[\s\S]*?\n\$pg_vendor_access\$;/g, "<revoke temporary membership>");
}

/** Whaly's 36 published CIDRs (docs.whaly.io/sources/whitelisting-whaly-ips), as the script lists them. */
const WHALY_COMMENT_LINES = [
  "-- Network: no security-group rules (securityGroupId is not set); allow the vendor's CIDRs on port 5432 yourself:",
  ...[...WHALY_CIDRS].sort(byAddress).map((c) => `--   ${c}`),
];

/** Numeric order of IPv4 CIDRs, written out here rather than taken from the planner. */
function byAddress(a: string, b: string): number {
  const key = (c: string) => c.split(/[./]/).map((n) => n.padStart(3, "0")).join(".");
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

describe("quoteIdent", () => {
  test.each([
    ["segment", '"segment"'],
    ["Sales", '"Sales"'],
    ["a b", '"a b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ["x; DROP TABLE y; --", '"x; DROP TABLE y; --"'],
    ["été_ü_日本", '"été_ü_日本"'],
    ["line\nbreak", '"line\nbreak"'],
  ])("%j -> %s", (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });
  test("refuses NUL, which PostgreSQL identifiers cannot hold", () => {
    expect(() => quoteIdent("a\0b")).toThrow('identifier "a\\u0000b" contains a NUL character');
  });
});

describe("quoteLiteral", () => {
  test("doubles single quotes, leaves backslashes alone (standard_conforming_strings)", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b")).toBe("'a\\b'");
    expect(() => quoteLiteral("\0")).toThrow("string literal contains a NUL character");
  });
});

describe("planToSql", () => {
  test("segment: one entry per planned resource, in plan order, with the provider's statements", () => {
    const plan = planVendorAccess({ vendor: "segment", database: "App DB", readSchemas: ["public"], tableOwners: ['Mig "rator"'] });
    const sql = planToSql(plan);
    expect(sql.map((s) => s.key)).toEqual(plan.postgres.map((p) => p.key));
    expect(sql.every((s) => s.transactional)).toBe(true);
    expect(sql.map((s) => s.statements)).toEqual([
      [
        `CREATE ROLE "segment" WITH PASSWORD ${PASSWORD_PLACEHOLDER} VALID UNTIL 'infinity' CONNECTION LIMIT -1 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOBYPASSRLS NOREPLICATION;`,
        `ALTER ROLE "segment" SET search_path TO DEFAULT;`,
      ],
      [
        `CREATE SCHEMA IF NOT EXISTS "__segment_reverse_etl" AUTHORIZATION "segment";`,
        `ALTER SCHEMA "__segment_reverse_etl" OWNER TO "segment";`,
      ],
      [`REVOKE ALL PRIVILEGES ON DATABASE "App DB" FROM "segment";`, `GRANT CONNECT, CREATE ON DATABASE "App DB" TO "segment";`],
      [`REVOKE ALL PRIVILEGES ON SCHEMA "public" FROM "segment";`, `GRANT USAGE ON SCHEMA "public" TO "segment";`],
      [`REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA "public" FROM "segment";`, `GRANT SELECT ON ALL TABLES IN SCHEMA "public" TO "segment";`],
      [`REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA "public" FROM "segment";`, `GRANT SELECT ON ALL SEQUENCES IN SCHEMA "public" TO "segment";`],
      [
        `ALTER DEFAULT PRIVILEGES FOR ROLE "Mig ""rator""" IN SCHEMA "public" REVOKE ALL ON TABLES FROM "segment";`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE "Mig ""rator""" IN SCHEMA "public" GRANT SELECT ON TABLES TO "segment";`,
      ],
      [
        `ALTER DEFAULT PRIVILEGES FOR ROLE "Mig ""rator""" IN SCHEMA "public" REVOKE ALL ON SEQUENCES FROM "segment";`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE "Mig ""rator""" IN SCHEMA "public" GRANT SELECT ON SEQUENCES TO "segment";`,
      ],
    ]);
  });

  test("custom vendor: role name quoted everywhere, connection limit and database privileges from the arguments", () => {
    const plan = planVendorAccess({
      vendor: "custom",
      roleName: "Vendor; x",
      database: "db",
      readSchemas: ["s"],
      databasePrivileges: ["TEMPORARY", "CONNECT"],
      managedSchemas: ["Vendor Data"],
      connectionLimit: 3,
    });
    const flat = planToSql(plan).flatMap((s) => s.statements);
    expect(flat[0]).toBe(
      `CREATE ROLE "Vendor; x" WITH PASSWORD :'vendor_password' VALID UNTIL 'infinity' CONNECTION LIMIT 3 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOBYPASSRLS NOREPLICATION;`,
    );
    expect(flat).toContain(`CREATE SCHEMA IF NOT EXISTS "Vendor Data" AUTHORIZATION "Vendor; x";`);
    expect(flat).toContain(`GRANT CONNECT, TEMPORARY ON DATABASE "db" TO "Vendor; x";`);
    // No table owners: no default privileges at all.
    expect(flat.some((s) => s.startsWith("ALTER DEFAULT PRIVILEGES"))).toBe(false);
  });

  test("the password is a placeholder unless a SQL expression is passed", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"], password: "a-real-secret-1234567890" });
    expect(JSON.stringify(planToSql(plan))).not.toContain("a-real-secret");
    const literal = planToSql(plan, { passwordSql: quoteLiteral("p'w") })[0]!.statements[0]!;
    expect(literal).toContain(`WITH PASSWORD 'p''w' VALID UNTIL`);
  });

  test("CDC: publication, slot outside any transaction, rds_replication membership", () => {
    const plan = planVendorAccess({
      vendor: "airbyte",
      database: "d",
      readSchemas: ["public"],
      cdc: { replicationPrivilege: "rds_replication", tables: ["public.Orders"] },
    } as never);
    const sql = planToSql(plan);
    const tail = sql.slice(-3);
    expect(tail.map((s) => [s.kind, s.transactional, s.statements])).toEqual([
      ["publication", true, [`CREATE PUBLICATION airbyte_publication FOR TABLE "public"."Orders";`]],
      ["replicationSlot", false, [`SELECT pg_create_logical_replication_slot('airbyte_slot', 'pgoutput');`]],
      ["roleMembership", true, [`REVOKE "rds_replication" FROM "airbyte";`, `GRANT "rds_replication" TO "airbyte";`]],
    ]);
    const script = collapseMembership(renderSqlScript(plan, "ab"));
    expect(script).toContain(
      [
        `CREATE PUBLICATION airbyte_publication FOR TABLE "public"."Orders";`,
        "<revoke temporary membership>",
        "COMMIT;",
        "-- ab-cdc-slot (outside a transaction: PostgreSQL refuses it after writes)",
        `SELECT pg_create_logical_replication_slot('airbyte_slot', 'pgoutput');`,
        "BEGIN;",
        // A new transaction after the slot: the admin is made a member again.
        `<temporary membership roles={} schemas={"public"}>`,
        "-- ab-cdc-rds-replication",
      ].join("\n"),
    );
    expect(script).toMatch(/GRANT "rds_replication" TO "airbyte";\n<revoke temporary membership>\nCOMMIT;\n-- Network: no security-group rules \(securityGroupId is not set\); allow the vendor's CIDRs on port 5432 yourself:\n(--   [0-9a-f.:/]+\n)+$/);
  });

  test("replication-attribute CDC turns REPLICATION on in CREATE ROLE", () => {
    const plan = planVendorAccess({
      vendor: "airbyte",
      database: "d",
      readSchemas: ["public"],
      cdc: { replicationPrivilege: "replication-attribute", tables: ["public.orders"] },
    } as never);
    expect(planToSql(plan)[0]!.statements[0]).toMatch(/ NOBYPASSRLS REPLICATION;$/);
  });
});

describe("renderSqlScript", () => {
  test("whaly: header, one transaction with the temporary membership, a comment per child, the network part", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "analytics", readSchemas: ["mart"], tableOwners: ["dbt"] });
    expect(collapseMembership(renderSqlScript(plan, "bi\nx"))).toBe(
      [
        `-- pg-vendor-access: Whaly BI, role "whaly_bi", component "bi\\nx"`,
        `-- Run as an administrator connected to database "analytics": a superuser, or one that owns the`,
        "-- database and may be granted the owner roles (the RDS master user; see README, Admin prerequisites).",
        `-- The password is a psql variable: psql -v vendor_password='...' -v ON_ERROR_STOP=1 -f <this file>`,
        "BEGIN;",
        "-- bi\\nx-role",
        `CREATE ROLE "whaly_bi" WITH PASSWORD :'vendor_password' VALID UNTIL 'infinity' CONNECTION LIMIT -1 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOBYPASSRLS NOREPLICATION;`,
        `ALTER ROLE "whaly_bi" SET search_path TO DEFAULT;`,
        `<temporary membership roles={"dbt"} schemas={"mart"}>`,
        "-- bi\\nx-database",
        `REVOKE ALL PRIVILEGES ON DATABASE "analytics" FROM "whaly_bi";`,
        `GRANT CONNECT ON DATABASE "analytics" TO "whaly_bi";`,
        "-- bi\\nx-schema-mart",
        `REVOKE ALL PRIVILEGES ON SCHEMA "mart" FROM "whaly_bi";`,
        `GRANT USAGE ON SCHEMA "mart" TO "whaly_bi";`,
        "-- bi\\nx-tables-mart",
        `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA "mart" FROM "whaly_bi";`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA "mart" TO "whaly_bi";`,
        "-- bi\\nx-sequences-mart",
        `REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA "mart" FROM "whaly_bi";`,
        `GRANT SELECT ON ALL SEQUENCES IN SCHEMA "mart" TO "whaly_bi";`,
        "-- bi\\nx-defaults-dbt-mart-tables",
        `ALTER DEFAULT PRIVILEGES FOR ROLE "dbt" IN SCHEMA "mart" REVOKE ALL ON TABLES FROM "whaly_bi";`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE "dbt" IN SCHEMA "mart" GRANT SELECT ON TABLES TO "whaly_bi";`,
        "-- bi\\nx-defaults-dbt-mart-sequences",
        `ALTER DEFAULT PRIVILEGES FOR ROLE "dbt" IN SCHEMA "mart" REVOKE ALL ON SEQUENCES FROM "whaly_bi";`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE "dbt" IN SCHEMA "mart" GRANT SELECT ON SEQUENCES TO "whaly_bi";`,
        "<revoke temporary membership>",
        "COMMIT;",
        // Whaly's published IP list (vendor page), because no security group was given.
        ...WHALY_COMMENT_LINES,
        "",
      ].join("\n"),
    );
  });

  test("adminMembership: false leaves the membership blocks out (a superuser needs none)", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"] });
    const script = renderSqlScript(plan, "w", { adminMembership: false });
    expect(script).not.toContain("pg_vendor_access");
    expect(script).not.toContain("DO $");
  });

  test("a managed schema puts the vendor role among the roles (CREATE SCHEMA ... AUTHORIZATION needs it); hostile names are array-quoted", () => {
    const plan = planVendorAccess({ vendor: "custom", roleName: `V "x"; \\ ü`, database: "d", readSchemas: [`S 'q'`], tableOwners: ["o"], managedSchemas: ["_state"] } as never);
    const script = renderSqlScript(plan, "c");
    expect(script).toContain(`SET LOCAL pg_vendor_access.roles = '{"V \\"x\\"; \\\\ ü","o"}';\nSET LOCAL pg_vendor_access.schemas = '{"S ''q''","_state"}';\n`);
  });

  test("network: one aws ec2 authorize-security-group-ingress command per rule, as comments", () => {
    const plan = planVendorAccess({ vendor: "segment", region: "us", database: "d", readSchemas: ["public"], securityGroupId: "sg-0123456789abcdef0", port: 6432 });
    const script = renderSqlScript(plan, "s", { securityGroupId: "sg-0123456789abcdef0" });
    expect(script.endsWith(
      [
        "COMMIT;",
        "-- Network (not done by this SQL): the component also declares 2 security-group ingress rules.",
        "-- Equivalent AWS CLI commands:",
        "--   aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=6432,ToPort=6432,IpRanges=[{CidrIp=52.25.130.38/32}]'",
        "--   aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=6432,ToPort=6432,IpRanges=[{CidrIp=34.223.203.0/28}]'",
        "",
      ].join("\n"),
    )).toBe(true);
    // A security group known only at deploy time gets a placeholder.
    expect(renderSqlScript(plan, "s")).toContain("--group-id <security-group-id> --ip-permissions");
  });

  test("password variables: one per integration name, reduced to what psql accepts", () => {
    expect(["segment", "Whaly BI", "2nd-vendor", "---"].map(passwordVariableFor)).toEqual([
      "segment_password",
      "whaly_bi_password",
      "v2nd_vendor_password",
      "vendor_password",
    ]);
    const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"] });
    const script = renderSqlScript(plan, "bi", { passwordVariable: "bi_password" });
    expect(script).toContain(`-- The password is a psql variable: psql -v bi_password='...' -v ON_ERROR_STOP=1 -f <this file>\n`);
    expect(script).toContain(`CREATE ROLE "whaly_bi" WITH PASSWORD :'bi_password' VALID UNTIL`);
  });

  test("with a literal password the psql hint is left out", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"] });
    expect(renderSqlScript(plan, "w", { passwordSql: "'x'" })).not.toContain("psql variable");
  });
});
