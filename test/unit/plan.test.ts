import { describe, expect, test } from "vitest";
import { planVendorAccess, ruleDescription } from "../../src/plan";

describe("planVendorAccess", () => {
  test("Segment: the normalized plan, in deployment order", () => {
    const plan = planVendorAccess({
      vendor: "segment",
      region: "eu",
      database: "analytics",
      readSchemas: ["sales", "public"],
      tableOwners: ["app_migrator"],
      securityGroupId: "sg-1",
      connectionLimit: 4,
    });
    expect(plan).toEqual({
      vendorId: "segment",
      vendorName: "Segment Reverse ETL",
      database: "analytics",
      roleName: "segment",
      region: "eu",
      port: 5432,
      readSchemas: ["public", "sales"],
      tableOwners: ["app_migrator"],
      managedSchemas: ["__segment_reverse_etl"],
      postgres: [
        { kind: "role", key: "role", name: "segment", login: true, superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false, connectionLimit: 4 },
        { kind: "schema", key: "managed-schema-__segment_reverse_etl", name: "__segment_reverse_etl", owner: "segment", onDestroy: "retain" },
        { kind: "grant", key: "database", objectType: "database", privileges: ["CONNECT", "CREATE"] },
        { kind: "grant", key: "schema-public", objectType: "schema", schema: "public", privileges: ["USAGE"] },
        { kind: "grant", key: "tables-public", objectType: "table", schema: "public", privileges: ["SELECT"] },
        { kind: "grant", key: "sequences-public", objectType: "sequence", schema: "public", privileges: ["SELECT"] },
        { kind: "grant", key: "schema-sales", objectType: "schema", schema: "sales", privileges: ["USAGE"] },
        { kind: "grant", key: "tables-sales", objectType: "table", schema: "sales", privileges: ["SELECT"] },
        { kind: "grant", key: "sequences-sales", objectType: "sequence", schema: "sales", privileges: ["SELECT"] },
        { kind: "defaultPrivileges", key: "defaults-app_migrator-public-tables", owner: "app_migrator", schema: "public", objectType: "table", privileges: ["SELECT"] },
        { kind: "defaultPrivileges", key: "defaults-app_migrator-public-sequences", owner: "app_migrator", schema: "public", objectType: "sequence", privileges: ["SELECT"] },
        { kind: "defaultPrivileges", key: "defaults-app_migrator-sales-tables", owner: "app_migrator", schema: "sales", objectType: "table", privileges: ["SELECT"] },
        { kind: "defaultPrivileges", key: "defaults-app_migrator-sales-sequences", owner: "app_migrator", schema: "sales", objectType: "sequence", privileges: ["SELECT"] },
      ],
      cidrs: [{ cidr: "3.251.148.96/29", family: "ipv4", source: "eu" }],
      ingress: [
        { cidr: "3.251.148.96/29", family: "ipv4", source: "eu", key: "ingress-5432-3-251-148-96-29", port: 5432, description: "Segment Reverse ETL (region eu) to PostgreSQL port 5432" },
      ],
      warnings: [],
    });
  });

  test("every (role, database, schema, objectType) has exactly one grant", () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "db", readSchemas: ["a", "b", "A"], tableOwners: ["x", "y"] });
    const grantKeys = plan.postgres.filter((p) => p.kind === "grant").map((g) => `${(g as any).schema ?? ""}/${(g as any).objectType}`);
    expect(new Set(grantKeys).size).toBe(grantKeys.length);
    const defaultKeys = plan.postgres.filter((p) => p.kind === "defaultPrivileges").map((d) => `${(d as any).owner}/${(d as any).schema}/${(d as any).objectType}`);
    expect(defaultKeys).toHaveLength(2 * 3 * 2);
    expect(new Set(defaultKeys).size).toBe(defaultKeys.length);
    const keys = plan.postgres.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("preset and extra CIDRs are merged: masked, de-duplicated, first source wins", () => {
    const plan = planVendorAccess({
      vendor: "segment",
      region: "us",
      database: "db",
      readSchemas: ["public"],
      securityGroupId: "sg-1",
      extraCidrs: ["34.223.203.7/28", "52.25.130.38", "198.51.100.1/24", "198.51.100.0/24"],
    });
    expect(plan.cidrs).toEqual([
      { cidr: "52.25.130.38/32", family: "ipv4", source: "us" },
      { cidr: "34.223.203.0/28", family: "ipv4", source: "us" },
      { cidr: "198.51.100.0/24", family: "ipv4", source: "extraCidrs" },
    ]);
    expect(plan.ingress.map((r) => r.key)).toEqual(["ingress-5432-52-25-130-38-32", "ingress-5432-34-223-203-0-28", "ingress-5432-198-51-100-0-24"]);
  });

  test("more than 60 rules of one family in one component: quota warning", () => {
    const extraCidrs = Array.from({ length: 61 }, (_, i) => `10.${i}.0.0/16`);
    const plan = planVendorAccess({ vendor: "custom", roleName: "v", database: "db", readSchemas: ["public"], tableOwners: ["o"], securityGroupId: "sg-1", extraCidrs });
    expect(plan.warnings).toEqual([
      "61 IPv4 ingress rules exceed AWS's default quota of 60 inbound rules per security group; request an increase (quota L-0EA8095F) or use a dedicated security group.",
    ]);
  });

  test("without a security group, no rules but the CIDRs are still known", () => {
    const plan = planVendorAccess({ vendor: "segment", region: "us", database: "db", readSchemas: ["public"], tableOwners: ["o"] });
    expect(plan.ingress).toEqual([]);
    expect(plan.cidrs.map((c) => c.cidr)).toEqual(["52.25.130.38/32", "34.223.203.0/28"]);
  });

  test("Segment without region and without network rules: fine, no CIDRs", () => {
    const plan = planVendorAccess({ vendor: "segment", database: "db", tableOwners: [] });
    expect(plan.region).toBeUndefined();
    expect(plan.cidrs).toEqual([]);
    expect(plan.readSchemas).toEqual([]);
    expect(plan.postgres.map((p) => p.key)).toEqual(["role", "managed-schema-__segment_reverse_etl", "database"]);
  });
});

describe("ruleDescription", () => {
  test.each([
    ["Segment Reverse ETL (region us) to PostgreSQL port 5432", "Segment Reverse ETL (region us) to PostgreSQL port 5432"],
    ["Café <Vendor> & co's \"BI\"", "Caf Vendor co s BI"],
    ["x".repeat(300), "x".repeat(255)],
  ])("%j -> %j", (input, output) => {
    expect(ruleDescription(input)).toBe(output);
  });
});
