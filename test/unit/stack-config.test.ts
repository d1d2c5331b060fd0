/**
 * parseStackConfig: the committed stack files parse to exactly the expected providers and integrations, both
 * shapes (stack-file YAML and the runtime's all-strings map) give the same result, and every invalid key
 * fails with a message naming the key and the valid choices.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { parseStackConfig, StackConfigError, type StackConfig } from "../../src";
import { base, configFailure as failure, withIntegration } from "../support/stack-configs";

const root = join(__dirname, "..", "..");
const stackFile = (name: string): Record<string, unknown> => parse(readFileSync(join(root, name), "utf8")).config;

const summary = (c: StackConfig) => c.plans.map((p) => ({ role: p.roleName, postgres: p.postgres.length, ingress: p.ingress.length }));

describe("committed stack files", () => {
  test("Pulumi.dev.yaml: local server, no TLS, superuser, two integrations, no AWS", () => {
    const parsed = parseStackConfig(stackFile("Pulumi.dev.yaml"));
    expect(parsed.provider).toEqual({
      host: "127.0.0.1",
      port: 5432,
      database: "analytics",
      username: "postgres",
      sslmode: "disable",
      superuser: true,
    });
    expect(parsed.aws).toBeUndefined();
    expect(parsed.integrations).toEqual([
      { name: "segment", vendor: "segment", region: "us", readSchemas: ["public"], tableOwners: ["postgres"], database: "analytics", port: 5432, host: "127.0.0.1" },
      { name: "whaly", vendor: "whaly", readSchemas: ["public"], tableOwners: ["postgres"], database: "analytics", port: 5432, host: "127.0.0.1" },
    ]);
    expect(summary(parsed)).toEqual([
      { role: "segment", postgres: 8, ingress: 0 },
      { role: "whaly_bi", postgres: 7, ingress: 0 },
    ]);
    expect(parsed.encrypted).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  test("Pulumi.prod.yaml: RDS over TLS, not a superuser, AWS provider, ingress on two security groups", () => {
    const parsed = parseStackConfig(stackFile("Pulumi.prod.yaml"));
    const host = "analytics.abcdefghijkl.eu-west-1.rds.amazonaws.com";
    expect(parsed.provider).toEqual({ host, port: 5432, database: "analytics", username: "rds_admin", sslmode: "require", superuser: false });
    expect(parsed.aws).toEqual({ region: "eu-west-1", allowedAccountIds: ["123456789012"] });
    expect(parsed.integrations.map((i) => [i.name, i.securityGroupId, i.connectionLimit, i.host])).toEqual([
      ["segment", "sg-0123456789abcdef0", 10, host],
      ["whaly", "sg-0fedcba9876543210", 5, host],
    ]);
    expect(summary(parsed)).toEqual([
      { role: "segment", postgres: 13, ingress: 2 },
      { role: "whaly_bi", postgres: 7, ingress: 36 },
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});

describe("shapes and defaults", () => {
  test("the runtime's all-strings map parses like the stack file", () => {
    const yamlShape = stackFile("Pulumi.prod.yaml");
    const runtimeShape = Object.fromEntries(
      Object.entries(yamlShape).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
    expect(parseStackConfig(runtimeShape)).toEqual(parseStackConfig(yamlShape));
  });

  test("defaults: port 5432, sslmode require, superuser false, name = vendor, host = postgresql:host", () => {
    const parsed = parseStackConfig(base());
    expect(parsed.provider).toEqual({ host: "db.example.com", port: 5432, database: "analytics", username: "admin", sslmode: "require", superuser: false });
    expect(parsed.integrations).toEqual([
      { name: "whaly", vendor: "whaly", readSchemas: ["public"], tableOwners: ["app"], database: "analytics", port: 5432, host: "db.example.com" },
    ]);
  });

  test("vendorHost replaces postgresql:host in connections unless the integration sets host; \"\" means unset", () => {
    const config = {
      ...base(),
      "postgresql:port": 6432,
      "pg-vendor-access:vendorHost": "public.example.com",
      "pg-vendor-access:integrations": [
        { vendor: "whaly", readSchemas: ["public"], tableOwners: ["app"] },
        { vendor: "segment", region: "eu", readSchemas: ["public"], tableOwners: ["app"], host: "own.example.com", port: 5432 },
      ],
    };
    expect(parseStackConfig(config).integrations.map((i) => [i.host, i.port])).toEqual([
      ["public.example.com", 6432],
      ["own.example.com", 5432],
    ]);
    expect(parseStackConfig({ ...base(), "pg-vendor-access:vendorHost": "" }).integrations[0].host).toBe("db.example.com");
  });

  test("every optional provider setting is carried over; other namespaces are ignored", () => {
    const parsed = parseStackConfig({
      ...base(),
      "postgresql:password": "admin-password-123",
      "postgresql:expectedVersion": 15,
      "postgresql:connectTimeout": "30",
      "postgresql:maxConnections": 4,
      "postgresql:sslrootcert": "/etc/ssl/rds-ca.pem",
      "postgresql:sslmode": "verify-full",
      "postgresql:databaseUsername": "admin_role",
      "pulumi:disable-default-providers": ["*"],
      "other:thing": 1,
    });
    expect(parsed.provider).toEqual({
      host: "db.example.com",
      port: 5432,
      database: "analytics",
      username: "admin",
      password: "admin-password-123",
      sslmode: "verify-full",
      superuser: false,
      expectedVersion: "15",
      connectTimeout: 30,
      maxConnections: 4,
      sslrootcert: "/etc/ssl/rds-ca.pem",
      databaseUsername: "admin_role",
    });
  });

  test("encrypted values are present but unknown: left out and listed", () => {
    const parsed = parseStackConfig({
      ...withIntegration({ password: { secure: "v1:abc" } }),
      "postgresql:password": { secure: "v1:def" },
    });
    expect(parsed.encrypted).toEqual(["postgresql:password", "pg-vendor-access:integrations[0].password"]);
    expect(parsed.provider.password).toBeUndefined();
    expect(parsed.integrations[0]).not.toHaveProperty("password");
    expect(parsed.warnings).toEqual([]);
  });

  test("warnings: plain-text admin password (unless a secret key), TLS off for a remote host, unused aws keys, planner warnings", () => {
    const parsed = parseStackConfig({
      ...withIntegration({ tableOwners: [] }),
      "postgresql:password": "admin-password-123",
      "postgresql:sslmode": "disable",
      "aws:region": "eu-west-1",
    });
    expect(parsed.warnings).toEqual([
      "postgresql:password is stored in plain text; set it with `pulumi config set --secret postgresql:password`.",
      'postgresql:sslmode is "disable" for db.example.com: the admin password and all data cross the network unencrypted. Use "require" or "verify-full" for a remote server.',
      'pg-vendor-access:integrations[0] (whaly): tableOwners is empty: tables created later in "public" will not be readable by "whaly_bi" until the next deployment. List the roles that create them.',
      "aws:region set, but no integration has a securityGroupId, so no AWS provider is created.",
    ]);
    const secret = parseStackConfig({ ...base(), "postgresql:password": "admin-password-123" }, { secretKeys: ["postgresql:password"] });
    expect(secret.warnings).toEqual([]);
  });

  test("the same vendor twice with distinct names and roles", () => {
    const parsed = parseStackConfig({
      ...base(),
      "pg-vendor-access:integrations": [
        { vendor: "whaly", readSchemas: ["public"], tableOwners: ["app"] },
        { name: "whaly-finance", vendor: "whaly", roleName: "whaly_finance", readSchemas: ["finance"], tableOwners: ["app"] },
      ],
    });
    expect(parsed.plans.map((p) => [p.roleName, p.readSchemas])).toEqual([
      ["whaly_bi", ["public"]],
      ["whaly_finance", ["finance"]],
    ]);
  });
});

describe("invalid config names the key and the valid choices", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["missing integrations", { ...base(), "pg-vendor-access:integrations": undefined }, "pg-vendor-access:integrations: is required"],
    ["empty integrations", { ...base(), "pg-vendor-access:integrations": [] }, "pg-vendor-access:integrations: must be a non-empty list"],
    ["integrations not JSON", { ...base(), "pg-vendor-access:integrations": "segment" }, "pg-vendor-access:integrations: is a string that is not a JSON list; write it as a YAML list."],
    ["integrations encrypted", { ...base(), "pg-vendor-access:integrations": { secure: "v1:x" } }, "pg-vendor-access:integrations: is encrypted as a whole"],
    ["integration not a map", { ...base(), "pg-vendor-access:integrations": ["segment"] }, "pg-vendor-access:integrations[0]: must be a map with at least `vendor`, got a string."],
    ["unknown project key", { ...base(), "pg-vendor-access:integration": [] }, 'pg-vendor-access:integration: is not one of the keys of this program; valid keys: "pg-vendor-access:integrations", "pg-vendor-access:vendorHost".'],
    ["unknown postgresql key", { ...base(), "postgresql:sslMode": "require" }, 'postgresql:sslMode: is not one of the settings this program passes to its postgresql provider; valid keys: "postgresql:host", "postgresql:port"'],
    ["unknown aws key", { ...base(), "aws:regoin": "eu-west-1" }, 'aws:regoin: is not one of the settings this program passes to its aws provider; valid keys: "aws:region", "aws:profile", "aws:allowedAccountIds".'],
    ["missing host", { ...base(), "postgresql:host": undefined }, "postgresql:host: is required"],
    ["missing database", { ...base(), "postgresql:database": "" }, "postgresql:database: is required"],
    ["long database", { ...base(), "postgresql:database": "d".repeat(64) }, "postgresql:database: " + JSON.stringify("d".repeat(64)) + " is 64 bytes long"],
    ["missing username", { ...base(), "postgresql:username": undefined }, "postgresql:username: is required"],
    ["spaces in host", { ...base(), "postgresql:host": " db " }, 'postgresql:host: " db " has leading or trailing spaces'],
    ["bad port", { ...base(), "postgresql:port": "70000" }, 'postgresql:port: "70000" is not valid; use an integer from 1 to 65535'],
    ["bad sslmode", { ...base(), "postgresql:sslmode": "prefer" }, 'postgresql:sslmode: "prefer" is not a TLS mode of the provider; valid: "disable", "require", "verify-ca", "verify-full".'],
    ["bad superuser", { ...base(), "postgresql:superuser": "yes" }, 'postgresql:superuser: "yes" is not a boolean; use true or false.'],
    ["bad expectedVersion", { ...base(), "postgresql:expectedVersion": "15beta" }, 'postgresql:expectedVersion: "15beta" is not a PostgreSQL version'],
    ["encrypted host", { ...base(), "postgresql:host": { secure: "v1:x" } }, "postgresql:host: is encrypted, but only postgresql:password may be a secret"],
    ["unknown integration key", withIntegration({ readSchema: ["x"] }), 'pg-vendor-access:integrations[0].readSchema: is not an integration setting; valid: "name", "vendor", "database", "readSchemas"'],
    ["unknown vendor", withIntegration({ vendor: "segmnet" }), 'pg-vendor-access:integrations[0].vendor: "segmnet" is not a known preset; valid presets: "custom", '],
    ["bad region", withIntegration({ vendor: "segment", region: "apac" }), 'pg-vendor-access:integrations[0].region: "apac" is not a Segment Reverse ETL region; known regions: "us", "eu".'],
    ["bad mode", withIntegration({ mode: "fast" }), 'pg-vendor-access:integrations[0].mode: "fast" was given, but Whaly BI has no modes; remove the argument.'],
    ["bad table owner", withIntegration({ tableOwners: ["whaly_bi"] }), 'pg-vendor-access:integrations[0].tableOwners: contains the vendor role "whaly_bi"'],
    ["bad cidr", withIntegration({ extraCidrs: ["0.0.0.0/0"] }), 'pg-vendor-access:integrations[0].extraCidrs[0]: "0.0.0.0/0" would open the database port to the whole internet'],
    ["bad name", withIntegration({ name: "Whaly_BI" }), 'pg-vendor-access:integrations[0].name: "Whaly_BI" is not a valid integration name; use lower-case letters, digits and single hyphens'],
    ["other database", withIntegration({ database: "other" }), 'pg-vendor-access:integrations[0].database: "other" differs from postgresql:database "analytics"'],
    ["bad integration port", withIntegration({ port: 0 }), "pg-vendor-access:integrations[0].port: 0 is not valid; use an integer from 1 to 65535."],
    ["bad connectionLimit", withIntegration({ connectionLimit: -2 }), "pg-vendor-access:integrations[0].connectionLimit: -2 is not valid; use -1 (no limit) or a positive integer."],
    ["empty host", withIntegration({ host: "" }), "pg-vendor-access:integrations[0].host: must not be empty"],
    ["bad security group", withIntegration({ securityGroupId: "sg-123" }), 'pg-vendor-access:integrations[0].securityGroupId: "sg-123" is not a security group id'],
    ["short password", withIntegration({ password: "short" }), "pg-vendor-access:integrations[0].password: is 5 characters long; use at least 16 characters"],
    ["password not a string", withIntegration({ password: 12345 }), "pg-vendor-access:integrations[0].password: must be a string"],
    ["encrypted vendor", withIntegration({ vendor: { secure: "v1:x" } }), "pg-vendor-access:integrations[0].vendor: is encrypted, but only `password` may be a secret"],
    ["missing aws:region", withIntegration({ securityGroupId: "sg-0123456789abcdef0" }), "aws:region: is required because pg-vendor-access:integrations[0].securityGroupId is set"],
    ["bad aws:region", { ...withIntegration({ securityGroupId: "sg-0123456789abcdef0" }), "aws:region": "Ireland" }, 'aws:region: "Ireland" is not an AWS region code'],
    ["bad account id", { ...withIntegration({ securityGroupId: "sg-0123456789abcdef0" }), "aws:region": "eu-west-1", "aws:allowedAccountIds": ["1234"] }, 'aws:allowedAccountIds[0]: "1234" is not an AWS account id'],
  ];
  test.each(cases)("%s", (_label, config, expected) => {
    const error = failure(config);
    expect(error.message.startsWith(expected), `${error.message}\n  should start with\n${expected}`).toBe(true);
  });

  test("the error's key is the config key with its path", () => {
    expect(failure(withIntegration({ vendor: "segment", region: "apac" })).key).toBe("pg-vendor-access:integrations[0].region");
    expect(failure({ ...base(), "postgresql:port": "x" }).key).toBe("postgresql:port");
  });

  test("clashes between integrations: name, role, managed schema, duplicate ingress rule", () => {
    const two = (a: Record<string, unknown>, b: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      ...base(),
      ...extra,
      "pg-vendor-access:integrations": [
        { readSchemas: ["public"], tableOwners: ["app"], ...a },
        { readSchemas: ["public"], tableOwners: ["app"], ...b },
      ],
    });
    expect(failure(two({ vendor: "whaly" }, { vendor: "whaly", roleName: "other" })).message).toBe(
      'pg-vendor-access:integrations[1].name: "whaly" is already used by pg-vendor-access:integrations[0]; names must be unique (the name defaults to the vendor id, so set `name` when a vendor appears twice).',
    );
    expect(failure(two({ vendor: "whaly" }, { vendor: "whaly", name: "whaly-2" })).message).toBe(
      'pg-vendor-access:integrations[1].roleName: "whaly_bi" is already the role of pg-vendor-access:integrations[0]; each integration needs its own role, so set a different roleName.',
    );
    expect(failure(two({ vendor: "segment", region: "us" }, { vendor: "segment", region: "us", name: "segment-2", roleName: "segment2" })).message).toBe(
      'pg-vendor-access:integrations[1]: declares managed schema "__segment_reverse_etl", which pg-vendor-access:integrations[0] already declares; one database can hold one such integration per vendor.',
    );
    const sg = "sg-0123456789abcdef0";
    expect(
      failure(
        two(
          { vendor: "custom", name: "a", roleName: "a", extraCidrs: ["203.0.113.0/24"], securityGroupId: sg },
          { vendor: "custom", name: "b", roleName: "b", extraCidrs: ["203.0.113.7/24"], securityGroupId: sg },
          { "aws:region": "eu-west-1" },
        ),
      ).message,
    ).toBe(
      `pg-vendor-access:integrations[1].securityGroupId: ${sg} would get the rule 203.0.113.0/24 on port 5432 twice (also from pg-vendor-access:integrations[0]); AWS refuses duplicate rules. Use another security group for one of them, or remove the CIDR from one.`,
    );
    // The same CIDR on two different groups is fine.
    const ok = parseStackConfig(
      two(
        { vendor: "custom", name: "a", roleName: "a", extraCidrs: ["203.0.113.0/24"], securityGroupId: sg },
        { vendor: "custom", name: "b", roleName: "b", extraCidrs: ["203.0.113.0/24"], securityGroupId: "sg-0fedcba9876543210" },
        { "aws:region": "eu-west-1" },
      ),
    );
    expect(ok.plans.map((p) => p.ingress.map((r) => r.cidr))).toEqual([["203.0.113.0/24"], ["203.0.113.0/24"]]);
  });
});
