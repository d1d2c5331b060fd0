import { describe, expect, test } from "vitest";
import { planVendorAccess } from "../../src/plan";
import { PASSWORD_PLACEHOLDER, planToSql, quoteIdent, quoteLiteral, renderSqlScript } from "../../src/sql";

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
    const script = renderSqlScript(plan, "ab");
    expect(script).toContain(
      [
        `CREATE PUBLICATION airbyte_publication FOR TABLE "public"."Orders";`,
        "COMMIT;",
        "-- ab-cdc-slot (outside a transaction: PostgreSQL refuses it after writes)",
        `SELECT pg_create_logical_replication_slot('airbyte_slot', 'pgoutput');`,
        "BEGIN;",
        "-- ab-cdc-rds-replication",
      ].join("\n"),
    );
    expect(script.endsWith(`GRANT "rds_replication" TO "airbyte";\nCOMMIT;\n`)).toBe(true);
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
  test("whaly: header, one transaction, a comment with each child's logical name", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "analytics", readSchemas: ["mart"] });
    expect(renderSqlScript(plan, "bi\nx")).toBe(
      [
        `-- pg-vendor-access: Whaly BI, role "whaly_bi", component "bi\\nx"`,
        `-- Run as an administrator connected to database "analytics".`,
        `-- The password is a psql variable: psql -v vendor_password='...' -v ON_ERROR_STOP=1 -f <this file>`,
        "BEGIN;",
        "-- bi\\nx-role",
        `CREATE ROLE "whaly_bi" WITH PASSWORD :'vendor_password' VALID UNTIL 'infinity' CONNECTION LIMIT -1 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOBYPASSRLS NOREPLICATION;`,
        `ALTER ROLE "whaly_bi" SET search_path TO DEFAULT;`,
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
        "COMMIT;",
        "",
      ].join("\n"),
    );
  });

  test("with a literal password the psql hint is left out", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"] });
    expect(renderSqlScript(plan, "w", { passwordSql: "'x'" })).not.toContain("psql variable");
  });
});
