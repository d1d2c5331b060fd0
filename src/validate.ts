/**
 * Argument validators. Each throws an {@link ArgumentError} whose message starts with the argument's name
 * in brackets and says what would be valid. They run before the component registers anything.
 */
import { COMPONENT_ARGUMENTS } from "./args";
import { parseCidr, isWorldOpen, cidrUnionSize, type NormalizedCidr } from "./cidr";
import { escapeUnsafe, findUnsafeCharacter } from "./safe-text";
import { CUSTOM_VENDOR, vendors } from "./vendors";
import type { DatabasePrivilege, VendorPreset } from "./vendors/types";

/**
 * An invalid argument; `argument` names it. The message never carries control characters: whatever the
 * input held is shown escaped (`\n`, `\u001b`), so printing the error cannot end a comment line or drive
 * a terminal.
 */
export class ArgumentError extends Error {
  /** The message without the `[argument] ` prefix. */
  readonly detail: string;
  constructor(
    readonly argument: string,
    message: string,
  ) {
    const detail = escapeUnsafe(message);
    super(`[${escapeUnsafe(argument)}] ${detail}`);
    this.detail = detail;
    this.name = "ArgumentError";
  }
}

const MAX_IDENTIFIER_BYTES = 63;
const DATABASE_PRIVILEGES: readonly DatabasePrivilege[] = ["CONNECT", "CREATE", "TEMPORARY"];

/** Names PostgreSQL refuses or treats specially as role names, with what each means. */
const PSEUDO_ROLES: Readonly<Record<string, string>> = {
  public: "the pseudo-role that stands for every role",
  current_user: "a keyword for whichever role runs the statement, at deployment the admin",
  current_role: "a keyword for whichever role runs the statement, at deployment the admin",
  session_user: "a keyword for whichever role opened the session, at deployment the admin",
  none: "a word PostgreSQL reserves in role clauses",
};

const AWS_ROLE = "a role of Amazon RDS and Aurora that carries platform privileges";
const CLOUD_SQL_ROLE = "a role of Google Cloud SQL that carries platform privileges";
const AZURE_ROLE = "a role of Azure Database for PostgreSQL that carries platform privileges";

/**
 * Roles that belong to the admin or the hosting platform. None may become the vendor's role: the vendor
 * would take over (or collide with) the platform's administrative role. Except `postgres`, none is a table
 * owner either: default privileges for them need the admin to hold the platform role.
 */
const PLATFORM_ROLES: Readonly<Record<string, string>> = {
  postgres: "PostgreSQL's default superuser (and the usual master user on RDS, Cloud SQL and Azure)",
  rdsadmin: "the role Amazon RDS and Aurora administer the instance with",
  rds_superuser: AWS_ROLE,
  rds_replication: AWS_ROLE,
  rds_iam: AWS_ROLE,
  rds_password: AWS_ROLE,
  rds_ad: AWS_ROLE,
  rdsrepladmin: AWS_ROLE,
  rdstopmgr: AWS_ROLE,
  cloudsqlsuperuser: CLOUD_SQL_ROLE,
  cloudsqladmin: CLOUD_SQL_ROLE,
  cloudsqlagent: CLOUD_SQL_ROLE,
  cloudsqlreplica: CLOUD_SQL_ROLE,
  cloudsqliamuser: CLOUD_SQL_ROLE,
  cloudsqliamserviceaccount: CLOUD_SQL_ROLE,
  cloudsqlimportexport: CLOUD_SQL_ROLE,
  alloydbsuperuser: "a role of Google AlloyDB that carries platform privileges",
  azure_pg_admin: AZURE_ROLE,
  azuresu: AZURE_ROLE,
  azure_superuser: AZURE_ROLE,
};

/** Roles that may own tables although they are platform roles: on RDS the master user is often `postgres`. */
const PLATFORM_TABLE_OWNERS = ["postgres"];

/** Why no vendor grant may touch a system schema. */
const SYSTEM_SCHEMA_REASON =
  "a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.";

const quoteList = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Resolves a preset id; `undefined` for `"custom"`. */
export function validateVendor(vendor: unknown, catalogue: Readonly<Record<string, VendorPreset>> = vendors): VendorPreset | undefined {
  const valid = [CUSTOM_VENDOR, ...Object.keys(catalogue).sort()];
  if (typeof vendor !== "string" || vendor === "") {
    throw new ArgumentError("vendor", `is required; valid presets: ${quoteList(valid)}.`);
  }
  if (vendor === CUSTOM_VENDOR) return undefined;
  const preset = Object.prototype.hasOwnProperty.call(catalogue, vendor) ? catalogue[vendor] : undefined;
  if (!preset) {
    throw new ArgumentError("vendor", `${JSON.stringify(vendor)} is not a known preset; valid presets: ${quoteList(valid)}.`);
  }
  return preset;
}

/**
 * Checks a PostgreSQL identifier: non-empty, at most 63 bytes, no control characters (line breaks, tabs,
 * escape sequences, NUL, bidirectional overrides; see safe-text.ts) and no leading or trailing spaces.
 * Quotes, semicolons, backslashes and any printable Unicode stay allowed: the SQL quotes them correctly.
 */
export function validateIdentifier(argument: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new ArgumentError(argument, "must be a non-empty PostgreSQL identifier.");
  }
  if (value.includes("\0")) {
    throw new ArgumentError(argument, `${JSON.stringify(value)} contains a NUL character, which PostgreSQL identifiers cannot hold.`);
  }
  const unsafe = findUnsafeCharacter(value);
  if (unsafe) {
    throw new ArgumentError(
      argument,
      `${JSON.stringify(value)} contains a control character (${unsafe.codePoint}); names in a vendor integration must not hold line breaks, tabs, escape sequences or invisible formatting characters, which could end a comment line in printed SQL or rewrite a terminal. Use visible characters only.`,
    );
  }
  if (value.trim() !== value) {
    throw new ArgumentError(argument, `${JSON.stringify(value)} has leading or trailing spaces, which are part of a PostgreSQL name but invisible in most output; remove them.`);
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new ArgumentError(
      argument,
      `${JSON.stringify(value)} is ${bytes} bytes long; PostgreSQL identifiers hold at most ${MAX_IDENTIFIER_BYTES} bytes (longer names are silently truncated).`,
    );
  }
  return value;
}

/** The database name: required and a valid identifier. */
export function validateDatabase(database: unknown): string {
  if (typeof database !== "string" || database.trim() === "") {
    throw new ArgumentError("database", "is required: name the database the vendor connects to.");
  }
  return validateIdentifier("database", database);
}

/**
 * The vendor role's name: a valid identifier, not reserved (`pg_` prefix), not a pseudo-role (`public`,
 * `current_user`, ...), not a role of the admin or the platform (`postgres`, `rds_superuser`, ...).
 * Compared case-insensitively, so a look-alike spelling is refused too.
 */
export function validateRoleName(roleName: unknown, argument = "roleName"): string {
  const name = validateIdentifier(argument, roleName);
  const lower = name.toLowerCase();
  if (lower.startsWith("pg_")) {
    throw new ArgumentError(argument, `${JSON.stringify(name)} starts with "pg_", which PostgreSQL reserves for system roles; choose another name.`);
  }
  if (Object.prototype.hasOwnProperty.call(PSEUDO_ROLES, lower)) {
    throw new ArgumentError(argument, `${JSON.stringify(name)} is a reserved role name in PostgreSQL (${PSEUDO_ROLES[lower]}); choose another name.`);
  }
  if (Object.prototype.hasOwnProperty.call(PLATFORM_ROLES, lower)) {
    throw new ArgumentError(
      argument,
      `${JSON.stringify(name)} is ${PLATFORM_ROLES[lower]}; the vendor must get a login role of its own, never the admin's or the platform's: choose another name.`,
    );
  }
  return name;
}

/**
 * A list of schema names: each a valid identifier, no repeats, never a system schema (`pg_catalog`,
 * `information_schema`, `pg_toast`, `pg_temp_N`, any `pg_` name). `managedSchemas` (which the vendor
 * owns) may not be `public` either.
 */
export function validateSchemaList(argument: string, schemas: unknown): string[] {
  if (schemas === undefined) return [];
  if (!Array.isArray(schemas)) throw new ArgumentError(argument, "must be a list of schema names.");
  const seen = new Set<string>();
  for (const [i, schema] of schemas.entries()) {
    validateIdentifier(`${argument}[${i}]`, schema);
    const lower = (schema as string).toLowerCase();
    if (lower.startsWith("pg_")) {
      throw new ArgumentError(
        `${argument}[${i}]`,
        `${JSON.stringify(schema)} is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); ${SYSTEM_SCHEMA_REASON}`,
      );
    }
    if (lower === "information_schema") {
      throw new ArgumentError(`${argument}[${i}]`, `${JSON.stringify(schema)} is PostgreSQL's system schema of catalog views; ${SYSTEM_SCHEMA_REASON}`);
    }
    if (argument === "managedSchemas" && schema === "public") {
      throw new ArgumentError(
        `${argument}[${i}]`,
        `"public" is the database's shared schema, where application tables usually live: the vendor would own it and could drop every table in it (and managedSchemaOnDestroy: "drop" would run DROP SCHEMA public CASCADE). Give the vendor a schema of its own, e.g. "_vendor_state".`,
      );
    }
    if (seen.has(schema)) {
      throw new ArgumentError(argument, `lists schema ${JSON.stringify(schema)} more than once; each schema may appear once.`);
    }
    seen.add(schema);
  }
  return [...schemas];
}

/** Table owners: valid identifiers, no repeats, never the vendor role itself. */
export function validateTableOwners(owners: unknown, roleName: string): string[] {
  if (owners === undefined) return [];
  if (!Array.isArray(owners)) throw new ArgumentError("tableOwners", "must be a list of role names.");
  const seen = new Set<string>();
  for (const [i, owner] of owners.entries()) {
    validateIdentifier(`tableOwners[${i}]`, owner);
    checkTableOwnerIsARole(`tableOwners[${i}]`, owner);
    if (owner === roleName) {
      throw new ArgumentError(
        "tableOwners",
        `contains the vendor role ${JSON.stringify(roleName)}; list the roles that create the tables the vendor reads (e.g. your migration user), not the vendor.`,
      );
    }
    if (seen.has(owner)) {
      throw new ArgumentError("tableOwners", `lists ${JSON.stringify(owner)} more than once; each owner may appear once.`);
    }
    seen.add(owner);
  }
  return [...owners];
}

/** Refuses pseudo-roles, `pg_` roles and platform roles (except `postgres`) as table owners, with the reason. */
function checkTableOwnerIsARole(argument: string, owner: string): void {
  const lower = owner.toLowerCase();
  const advice = "list the roles that create the tables the vendor reads (e.g. your migration user).";
  if (Object.prototype.hasOwnProperty.call(PSEUDO_ROLES, lower)) {
    throw new ArgumentError(argument, `${JSON.stringify(owner)} is not a role that creates tables: it is ${PSEUDO_ROLES[lower]}; ${advice}`);
  }
  if (lower.startsWith("pg_")) {
    throw new ArgumentError(argument, `${JSON.stringify(owner)} starts with "pg_", which PostgreSQL reserves for its predefined roles, which create no tables; ${advice}`);
  }
  if (Object.prototype.hasOwnProperty.call(PLATFORM_ROLES, lower) && !PLATFORM_TABLE_OWNERS.includes(lower)) {
    throw new ArgumentError(
      argument,
      `${JSON.stringify(owner)} is ${PLATFORM_ROLES[lower]}: default privileges for it would need the admin to be granted it; ${advice}`,
    );
  }
}

/** Port: an integer from 1 to 65535; default 5432. */
export function validatePort(port: unknown): number {
  if (port === undefined) return 5432;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ArgumentError("port", `${JSON.stringify(port)} is not a TCP port; use an integer from 1 to 65535 (PostgreSQL's default is 5432).`);
  }
  return port;
}

/** Connection limit: an integer ≥ -1 (-1 = unlimited). */
export function validateConnectionLimit(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < -1) {
    const shown = typeof limit === "number" ? String(limit) : JSON.stringify(limit);
    throw new ArgumentError("connectionLimit", `${shown} is not valid; use -1 (no limit) or a positive integer.`);
  }
  return limit;
}

/**
 * A user-supplied password: at least 16 characters, no backslash, no NUL, line break or other control
 * character. Messages never show the password or any part of it.
 */
export function validatePassword(password: unknown): string {
  if (typeof password !== "string") throw new ArgumentError("password", "must be a string.");
  if (password.includes("\0")) {
    throw new ArgumentError("password", "contains a NUL character, which PostgreSQL cannot store in a password; choose another password, or omit it to generate one.");
  }
  if (/[\u0001-\u001f\u007f]/.test(password)) {
    throw new ArgumentError(
      "password",
      "contains a line break, tab or other control character, which vendor connection forms and psql variables do not carry reliably; use printable characters only, or omit it to generate one.",
    );
  }
  if (password.includes("\\")) {
    throw new ArgumentError(
      "password",
      "contains a backslash; the postgresql provider doubles backslashes, so the stored password would not match. Use a password without '\\'.",
    );
  }
  if (password.length < 16) {
    throw new ArgumentError("password", `is ${password.length} characters long; use at least 16 characters, or omit it to generate one.`);
  }
  return password;
}

/**
 * How broad the network rules of one vendor may be. Derived from what vendors publish: the broadest block in
 * the catalogue is Whaly's IPv4 /14 (262,144 addresses) and the largest set is Whaly's 36 blocks (882,432
 * addresses); no vendor publishes IPv6. The limits leave room for vendors to grow (4 times the broadest
 * block, about 4.75 times the largest set) and stop well short of "everyone": a set of blocks that together
 * cover the internet (`0.0.0.0/1` + `128.0.0.0/1`) is refused like `0.0.0.0/0`. For IPv6, a /32 is a whole
 * provider's allocation, so nothing broader is a vendor's egress.
 */
export const CIDR_LIMITS = {
  ipv4: { broadestPrefix: 12, maxAddresses: 2n ** 22n, share: "1/1024" },
  ipv6: { broadestPrefix: 32, maxAddresses: 2n ** 96n, share: "1/4294967296" },
} as const;

/** Parses and normalizes CIDRs; refuses malformed, world-open and overly broad blocks (see {@link CIDR_LIMITS}). */
export function validateCidrs(argument: string, cidrs: unknown): NormalizedCidr[] {
  if (cidrs === undefined) return [];
  if (!Array.isArray(cidrs)) throw new ArgumentError(argument, "must be a list of CIDR blocks.");
  return cidrs.map((text, i) => {
    const parsed = typeof text === "string" ? parseCidr(text) : undefined;
    if (!parsed) {
      throw new ArgumentError(
        `${argument}[${i}]`,
        `${JSON.stringify(text)} is not a CIDR block; use an IPv4 block such as "203.0.113.0/24", a single address such as "203.0.113.7", or an IPv6 block such as "2001:db8::/48".`,
      );
    }
    if (isWorldOpen(parsed)) {
      throw new ArgumentError(
        `${argument}[${i}]`,
        `${JSON.stringify(text)} would open the database port to the whole internet; list the vendor's published addresses instead.`,
      );
    }
    const limit = CIDR_LIMITS[parsed.family];
    if (parsed.prefix < limit.broadestPrefix) {
      const family = parsed.family === "ipv4" ? "IPv4" : "IPv6";
      const why = parsed.family === "ipv4" ? "the broadest block a vendor in the catalogue publishes is a /14" : "a /32 is a whole provider's allocation";
      throw new ArgumentError(
        `${argument}[${i}]`,
        `${JSON.stringify(text)} is broader than /${limit.broadestPrefix}, the broadest ${family} block accepted (${why}); list the vendor's published addresses instead.`,
      );
    }
    return parsed;
  });
}

/** Database privileges for a custom vendor. */
export function validateDatabasePrivileges(privileges: unknown): DatabasePrivilege[] {
  if (!Array.isArray(privileges)) throw new ArgumentError("databasePrivileges", `must be a list drawn from ${quoteList(DATABASE_PRIVILEGES)}.`);
  for (const privilege of privileges) {
    if (!DATABASE_PRIVILEGES.includes(privilege)) {
      throw new ArgumentError("databasePrivileges", `${JSON.stringify(privilege)} is not a database privilege; valid: ${quoteList(DATABASE_PRIVILEGES)}.`);
    }
  }
  return [...new Set(privileges as DatabasePrivilege[])];
}

/** The preset mode; `undefined` when the preset has no modes and none was asked for. */
export function validateMode(preset: VendorPreset | undefined, mode: unknown): string | undefined {
  const modes = preset?.modes ? Object.keys(preset.modes) : [];
  if (mode === undefined) return preset?.defaultMode;
  if (modes.length === 0) {
    const who = preset ? preset.displayName : "the custom vendor";
    throw new ArgumentError("mode", `${JSON.stringify(mode)} was given, but ${who} has no modes; remove the argument.`);
  }
  if (typeof mode !== "string" || !modes.includes(mode)) {
    throw new ArgumentError("mode", `${JSON.stringify(mode)} is not a ${preset!.displayName} mode; valid modes: ${quoteList(modes)}.`);
  }
  return mode;
}

/**
 * Picks the vendor's CIDR set. `needed` is true when network rules are requested. Returns the region id
 * used (or undefined when none applies).
 */
export function validateRegion(preset: VendorPreset | undefined, region: unknown, needed: boolean): string | undefined {
  if (!preset) {
    if (region !== undefined) {
      throw new ArgumentError("region", `${JSON.stringify(region)} was given, but the custom vendor has no published regions; put its CIDRs in extraCidrs.`);
    }
    return undefined;
  }
  const known = Object.keys(preset.regions);
  if (region !== undefined) {
    if (typeof region !== "string" || !known.includes(region)) {
      const valid = known.length > 0 ? `known regions: ${quoteList(known)}` : "it publishes no egress IPs";
      const hint = preset.cidrsNotPublished ? ` ${preset.cidrsNotPublished}` : "";
      throw new ArgumentError("region", `${JSON.stringify(region)} is not a ${preset.displayName} region; ${valid}.${hint}`);
    }
    return region;
  }
  if (known.length === 1) return known[0];
  if (preset.defaultRegion) return preset.defaultRegion;
  if (needed && known.length > 1) {
    throw new ArgumentError(
      "region",
      `is required for ${preset.displayName} network rules: it publishes one IP set per region; choose one of ${quoteList(known)}.`,
    );
  }
  return undefined;
}

/** The valid `cdc.replicationPrivilege` values, with what each needs (used in messages). */
export const REPLICATION_PRIVILEGES = ["rds_replication", "replication-attribute"] as const;

/** Normalized change-data-capture settings (see the `cdc` argument). */
export interface CdcSettings {
  plugin: "pgoutput" | "wal2json";
  slotName: string;
  /** Present for pgoutput. */
  publicationName?: string;
  /** `schema.table`, sorted (the provider wants them in order); empty for wal2json. */
  tables: string[];
  replicationPrivilege: (typeof REPLICATION_PRIVILEGES)[number];
}

const SLOT_NAME = /^[a-z0-9_]{1,63}$/;
const PUBLICATION_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const REPLICATION_PRIVILEGE_HELP =
  `use "rds_replication" on Amazon RDS/Aurora (grants membership of rds_replication; the provider's admin needs rds_superuser, which the RDS master user has) ` +
  `or "replication-attribute" on self-managed PostgreSQL (sets the role's REPLICATION attribute; the admin must be a superuser, or on PostgreSQL 16+ have CREATEROLE and REPLICATION itself).`;

/**
 * Validates the `cdc` argument against the preset's CDC facts and the read schemas. Returns `undefined`
 * when `cdc` is absent.
 */
export function validateCdc(
  preset: VendorPreset | undefined,
  cdc: unknown,
  readSchemas: readonly string[],
  catalogue: Readonly<Record<string, VendorPreset>> = vendors,
): CdcSettings | undefined {
  if (cdc === undefined) return undefined;
  const withCdc = Object.values(catalogue).filter((p) => p.cdc).map((p) => p.id).sort();
  if (cdc === null || typeof cdc !== "object" || Array.isArray(cdc)) {
    throw new ArgumentError("cdc", `must be an object such as { replicationPrivilege: "rds_replication", tables: ["public.orders"] }.`);
  }
  if (!preset || !preset.cdc) {
    const who = preset ? `the ${preset.displayName} preset does not read changes from a replication slot` : `the custom vendor has no change-data-capture facts`;
    throw new ArgumentError("cdc", `is not valid here: ${who}. Presets with change data capture: ${quoteList(withCdc)}; otherwise remove cdc.`);
  }
  const args = cdc as Record<string, unknown>;
  const known = ["replicationPrivilege", "tables", "slotName", "publicationName"];
  for (const key of Object.keys(args)) {
    if (!known.includes(key)) throw new ArgumentError(`cdc.${key}`, `is not a cdc setting; valid settings: ${quoteList(known)}.`);
  }
  const facts = preset.cdc;

  const privilege = args.replicationPrivilege;
  if (privilege === undefined) {
    throw new ArgumentError("cdc.replicationPrivilege", `is required: ${REPLICATION_PRIVILEGE_HELP}`);
  }
  if (typeof privilege !== "string" || !(REPLICATION_PRIVILEGES as readonly string[]).includes(privilege)) {
    throw new ArgumentError("cdc.replicationPrivilege", `${JSON.stringify(privilege)} is not valid; ${REPLICATION_PRIVILEGE_HELP}`);
  }

  const slotName = args.slotName ?? facts.slotName;
  if (slotName === undefined) {
    const where = facts.namesNotPublished ?? `${preset.displayName}'s guide names no slot in this catalogue.`;
    throw new ArgumentError("cdc.slotName", `is required for ${preset.displayName}: ${where}`);
  }
  if (typeof slotName !== "string" || !SLOT_NAME.test(slotName)) {
    throw new ArgumentError(
      "cdc.slotName",
      `${JSON.stringify(slotName)} is not a valid replication slot name; use 1 to 63 lower-case letters, digits and underscores (e.g. "${facts.slotName ?? `${preset.id}_slot`}").`,
    );
  }

  let publicationName: string | undefined;
  let tables: string[] = [];
  if (facts.plugin === "wal2json") {
    if (args.publicationName !== undefined) {
      throw new ArgumentError("cdc.publicationName", `is not used by ${preset.displayName}: its wal2json slot decodes every table without a publication; remove it.`);
    }
    if (args.tables !== undefined) {
      throw new ArgumentError("cdc.tables", `is not used by ${preset.displayName}: its wal2json slot decodes every table (choose tables in ${preset.displayName}); remove it.`);
    }
  } else {
    const name = args.publicationName ?? facts.publicationName;
    if (name === undefined) {
      const where = facts.namesNotPublished ?? `${preset.displayName}'s guide names no publication in this catalogue.`;
      throw new ArgumentError("cdc.publicationName", `is required for ${preset.displayName}: ${where}`);
    }
    if (typeof name !== "string" || !PUBLICATION_NAME.test(name)) {
      throw new ArgumentError(
        "cdc.publicationName",
        `${JSON.stringify(name)} is not valid; use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters (the provider writes the name unquoted).`,
      );
    }
    publicationName = name;
    tables = validateCdcTables(args.tables, readSchemas);
  }
  return {
    plugin: facts.plugin,
    slotName,
    ...(publicationName !== undefined ? { publicationName } : {}),
    tables,
    replicationPrivilege: privilege as CdcSettings["replicationPrivilege"],
  };
}

/** `cdc.tables`: non-empty, `schema.table` each, schema among the read schemas, no repeats; sorted. */
export function validateCdcTables(tables: unknown, readSchemas: readonly string[]): string[] {
  const example = `["${readSchemas[0] ?? "public"}.orders"]`;
  if (tables === undefined || (Array.isArray(tables) && tables.length === 0)) {
    throw new ArgumentError("cdc.tables", `is required: list the tables to publish as "schema.table", e.g. ${example}.`);
  }
  if (!Array.isArray(tables)) throw new ArgumentError("cdc.tables", `must be a list of "schema.table" names, e.g. ${example}.`);
  const seen = new Set<string>();
  for (const [i, table] of tables.entries()) {
    const parts = typeof table === "string" ? table.split(".") : [];
    if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
      throw new ArgumentError(
        `cdc.tables[${i}]`,
        `${JSON.stringify(table)} is not "schema.table"; give exactly one schema and one table name separated by a dot (names containing a dot are not supported), e.g. ${example}.`,
      );
    }
    validateIdentifier(`cdc.tables[${i}]`, parts[0]);
    validateIdentifier(`cdc.tables[${i}]`, parts[1]);
    if (!readSchemas.includes(parts[0]!)) {
      throw new ArgumentError(
        `cdc.tables[${i}]`,
        `${JSON.stringify(table)} is in schema ${JSON.stringify(parts[0])}, which is not in readSchemas (${quoteList(readSchemas)}); the vendor must be able to read a table it replicates, so add the schema to readSchemas.`,
      );
    }
    if (seen.has(table)) throw new ArgumentError("cdc.tables", `lists ${JSON.stringify(table)} more than once; each table may appear once.`);
    seen.add(table);
  }
  return [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Refuses a set of CIDRs whose union covers more of an address family than {@link CIDR_LIMITS} allows,
 * however it is split into blocks. `argument` names where the set came from (the preset's region and
 * `extraCidrs` together are reported as `extraCidrs`, the part the user controls).
 */
export function validateCidrCoverage(argument: string, cidrs: readonly NormalizedCidr[]): void {
  for (const family of ["ipv4", "ipv6"] as const) {
    const limit = CIDR_LIMITS[family];
    const covered = cidrUnionSize(cidrs.filter((c) => c.family === family));
    if (covered > limit.maxAddresses) {
      const name = family === "ipv4" ? "IPv4" : "IPv6";
      throw new ArgumentError(
        argument,
        `the CIDRs to allow cover ${covered} ${name} addresses together, more than the ${limit.maxAddresses} (${limit.share} of the ${name} space) accepted for one vendor; several broad blocks open the database port as widely as one. List the vendor's published addresses instead.`,
      );
    }
  }
}

/**
 * Refuses keys that are not arguments of the component: JavaScript callers and JSON/YAML files have no type
 * checker, and a misspelt key (`securityGroupID`) would silently drop what it was meant to set.
 * `extraKeys` are further keys the caller's format allows (a file's `name`).
 */
export function validateArgumentKeys(args: object, extraKeys: readonly string[] = []): void {
  const valid = [...extraKeys, ...COMPONENT_ARGUMENTS];
  for (const key of Object.keys(args)) {
    if (valid.includes(key)) continue;
    const near = valid.find((k) => k.toLowerCase() === key.toLowerCase());
    const hint = near ? ` (did you mean ${JSON.stringify(near)}?)` : "";
    throw new ArgumentError(key, `is not an argument of PostgresVendorAccess${hint}; valid arguments: ${quoteList(valid)}.`);
  }
}

const SECURITY_GROUP_ID = /^sg-[0-9A-Za-z]+$/;

/**
 * A security group id. Given as a plain string: `sg-` and letters or digits (AWS: 8 or 17 hex digits).
 * Resolved from an Output (`resolved`): any non-empty string, because the value comes from another resource.
 */
export function validateSecurityGroupId(securityGroupId: unknown, resolved = false): string {
  if (securityGroupId === "") {
    throw new ArgumentError(
      "securityGroupId",
      'is empty; give the id of the security group that receives the ingress rules (e.g. "sg-0123456789abcdef0"), or remove the argument to declare no network rules.',
    );
  }
  if (typeof securityGroupId !== "string" || (!resolved && !SECURITY_GROUP_ID.test(securityGroupId))) {
    throw new ArgumentError("securityGroupId", `${JSON.stringify(securityGroupId)} is not a security group id; use "sg-" followed by its letters and digits, e.g. "sg-0123456789abcdef0".`);
  }
  return securityGroupId;
}
