/**
 * Hostile input to the component, class by class: each case names the exact argument, gives the exact
 * message (hand-written here), and proves nothing was registered. Includes cases beyond the issue's
 * examples (C1 controls, bidirectional overrides, look-alike case, prototype keys, CIDR sets split across
 * the preset and extraCidrs).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { ArgumentError } from "../../src/validate";
import { unwrap, useFreshCapture } from "../support/pulumi-capture";

const fresh = useFreshCapture({}, [resetChains, resetDeclaredRules]);

const custom: PostgresVendorAccessArgs = { vendor: "custom", roleName: "acme", database: "app", readSchemas: ["public"], tableOwners: ["app_owner"] };
const segment: PostgresVendorAccessArgs = { vendor: "segment", region: "us", database: "app", readSchemas: ["public"], tableOwners: ["app_owner"] };
const airbyte: PostgresVendorAccessArgs = { vendor: "airbyte", region: "us", database: "app", readSchemas: ["public"], tableOwners: ["app_owner"] };

const CONTROL = (value: string, codePoint: string) =>
  `${value} contains a control character (${codePoint}); names in a vendor integration must not hold line breaks, tabs, escape sequences or invisible formatting characters, which could end a comment line in printed SQL or rewrite a terminal. Use visible characters only.`;
const SYSTEM = "a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.";
const PG_PREFIX = (s: string) => `"${s}" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); ${SYSTEM}`;
const OWNERS = "list the roles that create the tables the vendor reads (e.g. your migration user).";
const OWN_ROLE = "the vendor must get a login role of its own, never the admin's or the platform's: choose another name.";
const AWS = "a role of Amazon RDS and Aurora that carries platform privileges";
const V4_BROAD = (c: string) =>
  `"${c}" is broader than /12, the broadest IPv4 block accepted (the broadest block a vendor in the catalogue publishes is a /14); list the vendor's published addresses instead.`;
const V6_BROAD = (c: string) => `"${c}" is broader than /32, the broadest IPv6 block accepted (a /32 is a whole provider's allocation); list the vendor's published addresses instead.`;
const UNION = (n: string, family: string, limit: string, share: string) =>
  `the CIDRs to allow cover ${n} ${family} addresses together, more than the ${limit} (${share} of the ${family} space) accepted for one vendor; several broad blocks open the database port as widely as one. List the vendor's published addresses instead.`;
const VALID_ARGS =
  '"vendor", "database", "readSchemas", "tableOwners", "region", "mode", "roleName", "password", "connectionLimit", "securityGroupId", "port", "extraCidrs", "host", "managedSchemaOnDestroy", "databasePrivileges", "managedSchemas", "cdc"';

/** `shown`: the argument as the message prints it, when it differs (control characters escaped). */
type Case = [label: string, args: unknown, argument: string, message: string, shown?: string];

const cases: Record<string, Case[]> = {
  "control characters in names": [
    ["line break in roleName (the printed-SQL attack)", { ...custom, roleName: "x\nDROP TABLE t;--" }, "roleName", CONTROL('"x\\nDROP TABLE t;--"', "U+000A")],
    ["psql shell escape after a carriage return", { ...custom, roleName: "x\r\\! touch /tmp/pwned" }, "roleName", CONTROL('"x\\r\\\\! touch /tmp/pwned"', "U+000D")],
    ["escape sequence in a read schema", { ...custom, readSchemas: ["public", "sales\u001b[2J"] }, "readSchemas[1]", CONTROL('"sales\\u001b[2J"', "U+001B")],
    ["tab in a table owner", { ...custom, tableOwners: ["app\towner"] }, "tableOwners[0]", CONTROL('"app\\towner"', "U+0009")],
    ["C1 next-line in a managed schema", { ...custom, managedSchemas: ["state\u0085"] }, "managedSchemas[0]", CONTROL('"state\\u0085"', "U+0085")],
    ["single-byte CSI in the database", { ...custom, database: "app\u009b31m" }, "database", CONTROL('"app\\u009b31m"', "U+009B")],
    ["right-to-left override in roleName", { ...custom, roleName: "acme\u202egnp.exe" }, "roleName", CONTROL('"acme\\u202egnp.exe"', "U+202E")],
    ["line separator in roleName", { ...custom, roleName: "a\u2028b" }, "roleName", CONTROL('"a\\u2028b"', "U+2028")],
    ["DEL in a read schema", { ...custom, readSchemas: ["a\u007f"] }, "readSchemas[0]", CONTROL('"a\\u007f"', "U+007F")],
    ["line break in a CDC table", { ...airbyte, cdc: { replicationPrivilege: "rds_replication", tables: ["public.orders\n"] } }, "cdc.tables[0]", CONTROL('"orders\\n"', "U+000A")],
    ["leading space in the database", { ...custom, database: " app" }, "database", '" app" has leading or trailing spaces, which are part of a PostgreSQL name but invisible in most output; remove them.'],
    ["trailing space in roleName", { ...custom, roleName: "acme " }, "roleName", '"acme " has leading or trailing spaces, which are part of a PostgreSQL name but invisible in most output; remove them.'],
  ],
  "system schemas and vendor-owned public": [
    ["pg_catalog as a read schema", { ...custom, readSchemas: ["pg_catalog"] }, "readSchemas[0]", PG_PREFIX("pg_catalog")],
    ["pg_toast", { ...custom, readSchemas: ["public", "pg_toast"] }, "readSchemas[1]", PG_PREFIX("pg_toast")],
    ["a session's temporary schema", { ...custom, readSchemas: ["pg_temp_3"] }, "readSchemas[0]", PG_PREFIX("pg_temp_3")],
    ["upper-case look-alike", { ...custom, readSchemas: ["PG_Catalog"] }, "readSchemas[0]", PG_PREFIX("PG_Catalog")],
    ["information_schema", { ...custom, readSchemas: ["information_schema"] }, "readSchemas[0]", `"information_schema" is PostgreSQL's system schema of catalog views; ${SYSTEM}`],
    ["pg_catalog as a managed schema", { ...custom, managedSchemas: ["pg_catalog"] }, "managedSchemas[0]", PG_PREFIX("pg_catalog")],
    [
      "public owned by the vendor, dropped on destroy",
      { ...custom, readSchemas: ["sales"], managedSchemas: ["public"], managedSchemaOnDestroy: "drop" },
      "managedSchemas[0]",
      '"public" is the database\'s shared schema, where application tables usually live: the vendor would own it and could drop every table in it (and managedSchemaOnDestroy: "drop" would run DROP SCHEMA public CASCADE). Give the vendor a schema of its own, e.g. "_vendor_state".',
    ],
  ],
  "roles of the admin or the platform": [
    ["postgres as the vendor role", { ...custom, roleName: "postgres" }, "roleName", `"postgres" is PostgreSQL's default superuser (and the usual master user on RDS, Cloud SQL and Azure); ${OWN_ROLE}`],
    ["rds_superuser", { ...custom, roleName: "rds_superuser" }, "roleName", `"rds_superuser" is ${AWS}; ${OWN_ROLE}`],
    ["RDSADMIN in upper case", { ...segment, roleName: "RDSADMIN" }, "roleName", `"RDSADMIN" is the role Amazon RDS and Aurora administer the instance with; ${OWN_ROLE}`],
    ["rds_replication", { ...custom, roleName: "rds_replication" }, "roleName", `"rds_replication" is ${AWS}; ${OWN_ROLE}`],
    ["cloudsqlsuperuser", { ...custom, roleName: "cloudsqlsuperuser" }, "roleName", `"cloudsqlsuperuser" is a role of Google Cloud SQL that carries platform privileges; ${OWN_ROLE}`],
    ["azure_pg_admin", { ...custom, roleName: "azure_pg_admin" }, "roleName", `"azure_pg_admin" is a role of Azure Database for PostgreSQL that carries platform privileges; ${OWN_ROLE}`],
    ["session_user", { ...custom, roleName: "session_user" }, "roleName", '"session_user" is a reserved role name in PostgreSQL (a keyword for whichever role opened the session, at deployment the admin); choose another name.'],
    ["none", { ...custom, roleName: "none" }, "roleName", '"none" is a reserved role name in PostgreSQL (a word PostgreSQL reserves in role clauses); choose another name.'],
    ["pg_monitor", { ...custom, roleName: "pg_monitor" }, "roleName", '"pg_monitor" starts with "pg_", which PostgreSQL reserves for system roles; choose another name.'],
    ["current_user as a table owner", { ...custom, tableOwners: ["app_owner", "current_user"] }, "tableOwners[1]", `"current_user" is not a role that creates tables: it is a keyword for whichever role runs the statement, at deployment the admin; ${OWNERS}`],
    ["pg_database_owner as a table owner", { ...custom, tableOwners: ["pg_database_owner"] }, "tableOwners[0]", `"pg_database_owner" starts with "pg_", which PostgreSQL reserves for its predefined roles, which create no tables; ${OWNERS}`],
    ["rds_superuser as a table owner", { ...custom, tableOwners: ["rds_superuser"] }, "tableOwners[0]", `"rds_superuser" is ${AWS}: default privileges for it would need the admin to be granted it; ${OWNERS}`],
    ["cloudsqlsuperuser as a table owner", { ...custom, tableOwners: ["cloudsqlsuperuser"] }, "tableOwners[0]", `"cloudsqlsuperuser" is a role of Google Cloud SQL that carries platform privileges: default privileges for it would need the admin to be granted it; ${OWNERS}`],
  ],
  "CIDR sets that open the database to the internet": [
    ["half the IPv4 internet", { ...custom, securityGroupId: "sg-1", extraCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, "extraCidrs[0]", V4_BROAD("0.0.0.0/1")],
    ["a /11", { ...custom, securityGroupId: "sg-1", extraCidrs: ["203.0.113.7", "10.0.0.0/11"] }, "extraCidrs[1]", V4_BROAD("10.0.0.0/11")],
    ["the world with a padded prefix", { ...custom, securityGroupId: "sg-1", extraCidrs: ["0.0.0.0/00"] }, "extraCidrs[0]", `"0.0.0.0/00" would open the database port to the whole internet; list the vendor's published addresses instead.`],
    ["half the IPv6 internet", { ...custom, securityGroupId: "sg-1", extraCidrs: ["::/1", "8000::/1"] }, "extraCidrs[0]", V6_BROAD("::/1")],
    ["an IPv6 /31", { ...custom, securityGroupId: "sg-1", extraCidrs: ["2001:db8::/31"] }, "extraCidrs[0]", V6_BROAD("2001:db8::/31")],
    [
      "five /12 blocks, each acceptable alone",
      { ...custom, securityGroupId: "sg-1", extraCidrs: ["16.0.0.0/12", "32.0.0.0/12", "48.0.0.0/12", "64.0.0.0/12", "80.0.0.0/12"] },
      "extraCidrs",
      UNION("5242880", "IPv4", "4194304", "1/1024"),
    ],
    [
      "Whaly's 36 ranges plus four /12 blocks",
      { vendor: "whaly", database: "app", readSchemas: ["public"], tableOwners: ["app_owner"], securityGroupId: "sg-1", extraCidrs: ["16.0.0.0/12", "32.0.0.0/12", "48.0.0.0/12", "64.0.0.0/12"] },
      "extraCidrs",
      UNION("5076736", "IPv4", "4194304", "1/1024"),
    ],
    [
      "two IPv6 /32 blocks",
      { ...custom, securityGroupId: "sg-1", extraCidrs: ["2001:db8::/32", "2001:db9::/32"] },
      "extraCidrs",
      UNION("158456325028528675187087900672", "IPv6", "79228162514264337593543950336", "1/4294967296"),
    ],
  ],
  "unknown keys": [
    ["securityGroupID (a typo that would drop every rule)", { ...segment, securityGroupID: "sg-1" }, "securityGroupID", `is not an argument of PostgresVendorAccess (did you mean "securityGroupId"?); valid arguments: ${VALID_ARGS}.`],
    ["readSchema", { ...custom, readSchema: ["sales"] }, "readSchema", `is not an argument of PostgresVendorAccess; valid arguments: ${VALID_ARGS}.`],
    ["a key from JSON.parse named __proto__", { ...custom, ...JSON.parse('{"__proto__": {"roleName": "postgres"}}') }, "__proto__", `is not an argument of PostgresVendorAccess; valid arguments: ${VALID_ARGS}.`],
    ["a line break in a key", { ...custom, "vendor\nx": 1 }, "vendor\nx", `is not an argument of PostgresVendorAccess; valid arguments: ${VALID_ARGS}.`, "vendor\\nx"],
    ["a misspelt password key (value never shown)", { ...custom, Password: "hunter2-hunter2-hunter2" }, "Password", `is not an argument of PostgresVendorAccess (did you mean "password"?); valid arguments: ${VALID_ARGS}.`],
  ],
  "secrets and smaller holes": [
    ["password with a line break", { ...custom, password: "first-line-of-pw\nsecond" }, "password", "contains a line break, tab or other control character, which vendor connection forms and psql variables do not carry reliably; use printable characters only, or omit it to generate one."],
    ["password with NUL", { ...custom, password: "sixteen-chars-pw\0" }, "password", "contains a NUL character, which PostgreSQL cannot store in a password; choose another password, or omit it to generate one."],
    ["password given as a number", { ...custom, password: 12345678901234567 }, "password", "must be a string."],
    ["password given as a list", { ...custom, password: ["hunter2-hunter2-hunter2"] }, "password", "must be a string."],
    ["connectionLimit given as text", { ...custom, connectionLimit: "5" }, "connectionLimit", '"5" is not valid; use -1 (no limit) or a positive integer.'],
    ["connectionLimit NaN", { ...custom, connectionLimit: Number.NaN }, "connectionLimit", "NaN is not valid; use -1 (no limit) or a positive integer."],
    ["empty securityGroupId", { ...segment, securityGroupId: "" }, "securityGroupId", 'is empty; give the id of the security group that receives the ingress rules (e.g. "sg-0123456789abcdef0"), or remove the argument to declare no network rules.'],
    ["securityGroupId with a trailing space", { ...segment, securityGroupId: "sg-1 " }, "securityGroupId", '"sg-1 " is not a security group id; use "sg-" followed by its letters and digits, e.g. "sg-0123456789abcdef0".'],
    ["securityGroupId null", { ...segment, securityGroupId: null }, "securityGroupId", 'null is not a security group id; use "sg-" followed by its letters and digits, e.g. "sg-0123456789abcdef0".'],
  ],
};

const SECRETS = ["first-line-of-pw", "sixteen-chars-pw", "12345678901234567", "hunter2-hunter2-hunter2"];

for (const [group, list] of Object.entries(cases)) {
  describe(group, () => {
    test.each(list)("%s", async (_label, args, argument, message, shown) => {
      let error: unknown;
      try {
        new PostgresVendorAccess("hostile", args as PostgresVendorAccessArgs);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as ArgumentError).argument).toBe(argument);
      expect((error as ArgumentError).message).toBe(`[${shown ?? argument}] ${message}`);
      // Nothing printable can act on a terminal or a comment line, and no secret is shown.
      expect((error as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      for (const secret of SECRETS) expect((error as Error).message).not.toContain(secret);
      await (pulumi.runtime as any).waitForRPCs();
      expect(fresh().registrations).toEqual([]);
    });
  });
}

describe("what stays accepted", () => {
  test.each([
    ["names with quotes, semicolons, backslashes and psql syntax", { ...custom, roleName: 'a"b;\\! c :x', readSchemas: ["Kunden \"EU\"; Daten ü"], tableOwners: ["ETL \"Loader\"; ñ"] }],
    ["postgres as a table owner (on RDS, often the master user that creates the tables)", { ...custom, tableOwners: ["postgres"] }],
    ["public as a read schema", { ...custom, readSchemas: ["public"] }],
    ["a /12 and Whaly's full set", { vendor: "whaly", database: "app", readSchemas: ["public"], tableOwners: ["app_owner"], securityGroupId: "sg-1", extraCidrs: ["16.0.0.0/12"] }],
    ["an IPv6 /32", { ...custom, securityGroupId: "sg-1", extraCidrs: ["2001:db8::/32"] }],
  ] as [string, PostgresVendorAccessArgs][])("%s", async (_label, args) => {
    const c = await fresh().run(() => new PostgresVendorAccess("fine", args));
    await unwrap(c.connection);
    expect(fresh().registrations.length).toBeGreaterThan(3);
  });
});
