/**
 * Hostile stack configuration, class by class: each case names the exact config key and message
 * (hand-written), never shows a secret or a raw control character, and — run through the root program with
 * the config as the engine hands it over — registers nothing. Cases marked `fileOnly` are wrong YAML types
 * that only a stack file read by the CLI can carry (the engine gives top-level values as strings).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { parseStackConfig, StackConfigError } from "../../src/stack-config";
import { readRuntimeConfig, runStack } from "../../stack/program";
import { useFreshCapture } from "../support/pulumi-capture";
import { base, configFailure as failure, withIntegration } from "../support/stack-configs";

const fresh = useFreshCapture({ requireExplicitProviders: true }, [resetChains, resetDeclaredRules]);
const customIntegration = (overrides: Record<string, unknown>) => ({
  ...base(),
  "pg-vendor-access:integrations": [{ vendor: "custom", roleName: "acme", readSchemas: ["public"], tableOwners: ["app"], ...overrides }],
});

const I = "pg-vendor-access:integrations[0]";
const CONTROL = (value: string, codePoint: string) =>
  `${value} contains a control character (${codePoint}); names in a vendor integration must not hold line breaks, tabs, escape sequences or invisible formatting characters, which could end a comment line in printed SQL or rewrite a terminal. Use visible characters only.`;
const SECRET_TYPE = (type: string) =>
  `must be a string, but YAML read a ${type} (the value is not shown: it is a secret); store it with \`pulumi config set --secret postgresql:password\`, or quote it.`;
const SETTINGS =
  '"name", "vendor", "database", "readSchemas", "tableOwners", "region", "mode", "roleName", "password", "connectionLimit", "securityGroupId", "port", "extraCidrs", "host", "managedSchemaOnDestroy", "databasePrivileges", "managedSchemas", "cdc"';

/** Secret values used below; none may appear in any message. */
const SECRETS = ["87654321", "hunter2hunter2", "1234567890123456", "has-newline-in"];

type Case = { label: string; config: Record<string, unknown>; key: string; message: string; fileOnly?: boolean };

const cases: Case[] = [
  // Secrets
  { label: "admin password as an unquoted all-digit value", config: { ...base(), "postgresql:password": 87654321 }, key: "postgresql:password", message: SECRET_TYPE("number"), fileOnly: true },
  { label: "admin password as a list", config: { ...base(), "postgresql:password": ["hunter2hunter2"] }, key: "postgresql:password", message: SECRET_TYPE("list"), fileOnly: true },
  { label: "admin password as a map", config: { ...base(), "postgresql:password": { value: "hunter2hunter2" } }, key: "postgresql:password", message: SECRET_TYPE("map"), fileOnly: true },
  {
    label: "vendor password as a number",
    config: withIntegration({ password: 1234567890123456 }),
    key: `${I}.password`,
    message: "must be a string, but YAML read a number (the value is not shown: it is a secret); store it with `pulumi config set --secret --path`, quote it, or remove it to generate one.",
  },
  {
    label: "vendor password with a line break",
    config: withIntegration({ password: "has-newline-in\nthe-password" }),
    key: `${I}.password`,
    message: "contains a line break, tab or other control character, which vendor connection forms and psql variables do not carry reliably; use printable characters only, or omit it to generate one.",
  },
  { label: "integrations as text holding a password", config: { ...base(), "pg-vendor-access:integrations": "vendor: whaly, password: hunter2hunter2" }, key: "pg-vendor-access:integrations", message: "is a string that is not a JSON list; write it as a YAML list." },
  { label: "an integration that is a bare string", config: { ...base(), "pg-vendor-access:integrations": ["hunter2hunter2"] }, key: I, message: "must be a map with at least `vendor`, got a string." },
  // Unknown keys
  { label: "securityGroupID typo", config: withIntegration({ securityGroupID: "sg-0123456789abcdef0" }), key: `${I}.securityGroupID`, message: `is not an integration setting; valid: ${SETTINGS}.` },
  { label: "a line break in a top-level key", config: { ...base(), "pg-vendor-access:integ\nrations": [] }, key: "pg-vendor-access:integ\nrations", message: 'is not one of the keys of this program; valid keys: "pg-vendor-access:integrations", "pg-vendor-access:vendorHost".' },
  // Control characters
  { label: "escape sequence in a read schema", config: withIntegration({ readSchemas: ["sales\u001b]0;owned\u0007"] }), key: `${I}.readSchemas[0]`, message: CONTROL('"sales\\u001b]0;owned\\u0007"', "U+001B") },
  { label: "line break in roleName", config: customIntegration({ roleName: "acme\n\\! rm -rf ~" }), key: `${I}.roleName`, message: CONTROL('"acme\\n\\\\! rm -rf ~"', "U+000A") },
  { label: "escape in the provider's database", config: { ...base(), "postgresql:database": "ana\u001blytics" }, key: "postgresql:database", message: CONTROL('"ana\\u001blytics"', "U+001B") },
  {
    label: "escape sequence in an integration name",
    config: withIntegration({ name: "whaly\u001b[31m" }),
    key: `${I}.name`,
    message: '"whaly\\u001b[31m" is not a valid integration name; use lower-case letters, digits and single hyphens, starting with a letter, at most 40 characters (e.g. "segment-eu"). It defaults to the vendor id.',
  },
  // System schemas, public, roles
  {
    label: "pg_catalog as a read schema",
    config: withIntegration({ readSchemas: ["pg_catalog"] }),
    key: `${I}.readSchemas[0]`,
    message: '"pg_catalog" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.',
  },
  {
    label: "public as a custom vendor's managed schema",
    config: customIntegration({ readSchemas: ["sales"], managedSchemas: ["public"] }),
    key: `${I}.managedSchemas[0]`,
    message: '"public" is the database\'s shared schema, where application tables usually live: the vendor would own it and could drop every table in it (and managedSchemaOnDestroy: "drop" would run DROP SCHEMA public CASCADE). Give the vendor a schema of its own, e.g. "_vendor_state".',
  },
  {
    label: "rds_superuser as the vendor role",
    config: withIntegration({ roleName: "rds_superuser" }),
    key: `${I}.roleName`,
    message: '"rds_superuser" is a role of Amazon RDS and Aurora that carries platform privileges; the vendor must get a login role of its own, never the admin\'s or the platform\'s: choose another name.',
  },
  {
    label: "current_role as a table owner",
    config: withIntegration({ tableOwners: ["app", "current_role"] }),
    key: `${I}.tableOwners[1]`,
    message: '"current_role" is not a role that creates tables: it is a keyword for whichever role runs the statement, at deployment the admin; list the roles that create the tables the vendor reads (e.g. your migration user).',
  },
  // CIDRs
  {
    label: "the IPv4 internet in two halves",
    config: customIntegration({ securityGroupId: "sg-0123456789abcdef0", extraCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }),
    key: `${I}.extraCidrs[0]`,
    message: '"0.0.0.0/1" is broader than /12, the broadest IPv4 block accepted (the broadest block a vendor in the catalogue publishes is a /14); list the vendor\'s published addresses instead.',
  },
  {
    label: "many /12 blocks together",
    config: customIntegration({ securityGroupId: "sg-0123456789abcdef0", extraCidrs: ["16.0.0.0/12", "32.0.0.0/12", "48.0.0.0/12", "64.0.0.0/12", "80.0.0.0/12"] }),
    key: `${I}.extraCidrs`,
    message: "the CIDRs to allow cover 5242880 IPv4 addresses together, more than the 4194304 (1/1024 of the IPv4 space) accepted for one vendor; several broad blocks open the database port as widely as one. List the vendor's published addresses instead.",
  },
  { label: "empty security group", config: withIntegration({ securityGroupId: "" }), key: `${I}.securityGroupId`, message: '"" is not a security group id; use "sg-" followed by 8 or 17 hex digits, e.g. "sg-0123456789abcdef0".' },
];


function expectHarmless(message: string): void {
  expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  for (const secret of SECRETS) expect(message).not.toContain(secret);
}

describe("stack file (as the CLI reads it)", () => {
  test.each(cases.map((c) => [c.label, c] as const))("%s", (_label, c) => {
    const error = failure(c.config);
    expect(error.key).toBe(c.key);
    expect(error.message).toBe(`${c.key.replace(/\n/g, "\\n")}: ${c.message}`);
    expectHarmless(error.message);
  });
});

describe("runtime config (as the engine hands it over): same error, nothing registered", () => {
  const runtime = cases.filter((c) => !c.fileOnly);
  test.each(runtime.map((c) => [c.label, c] as const))("%s", async (_label, c) => {
    const strings = Object.fromEntries(Object.entries(c.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    pulumi.runtime.setAllConfig(strings, []);
    let thrown: unknown;
    try {
      runStack(readRuntimeConfig().config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StackConfigError);
    expect((thrown as StackConfigError).message).toBe(`${c.key.replace(/\n/g, "\\n")}: ${c.message}`);
    await (pulumi.runtime as any).waitForRPCs();
    expect(fresh().registrations).toEqual([]);
  });
});

test("warnings quote config values escaped: a host with an escape sequence cannot drive the terminal", () => {
  const parsed = parseStackConfig({ ...base(), "postgresql:host": "db\u001b]0;owned\u0007", "postgresql:sslmode": "disable" });
  expect(parsed.warnings).toEqual([
    'postgresql:sslmode is "disable" for db\\u001b]0;owned\\u0007: the admin password and all data cross the network unencrypted. Use "require" or "verify-full" for a remote server.',
  ]);
});
