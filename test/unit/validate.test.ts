import { describe, expect, test } from "vitest";
import {
  ArgumentError,
  validateCidrs,
  validateConnectionLimit,
  validateDatabase,
  validateDatabasePrivileges,
  validateIdentifier,
  validateMode,
  validatePassword,
  validatePort,
  validateRegion,
  validateRoleName,
  validateSchemaList,
  validateTableOwners,
  validateVendor,
} from "../../src/validate";
import { vendors } from "../../src/vendors";
import type { VendorPreset } from "../../src/vendors/types";

/** Runs `fn`, expecting an ArgumentError; returns it for exact assertions. */
function argumentError(fn: () => unknown): ArgumentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentError);
    return e as ArgumentError;
  }
  throw new Error("expected an ArgumentError");
}

const validPresets = ["custom", ...Object.keys(vendors).sort()].map((v) => JSON.stringify(v)).join(", ");

describe("validateVendor", () => {
  test("resolves presets and custom", () => {
    expect(validateVendor("segment")).toBe(vendors.segment);
    expect(validateVendor("whaly")).toBe(vendors.whaly);
    expect(validateVendor("custom")).toBeUndefined();
  });
  test.each([
    ["segmnt", `[vendor] "segmnt" is not a known preset; valid presets: ${validPresets}.`],
    ["Segment", `[vendor] "Segment" is not a known preset; valid presets: ${validPresets}.`],
    ["toString", `[vendor] "toString" is not a known preset; valid presets: ${validPresets}.`],
    ["", `[vendor] is required; valid presets: ${validPresets}.`],
    [undefined, `[vendor] is required; valid presets: ${validPresets}.`],
  ])("%j", (vendor, message) => {
    const error = argumentError(() => validateVendor(vendor));
    expect(error.message).toBe(message);
    expect(error.argument).toBe("vendor");
  });
});

describe("identifiers", () => {
  test("accepts hostile but legal names", () => {
    for (const name of ["Mixed Case", 'quo"te', "semi;colon", "ünïcødé", "a".repeat(63), "é".repeat(31)]) {
      expect(validateIdentifier("x", name)).toBe(name);
    }
  });
  test.each([
    ["", "[x] must be a non-empty PostgreSQL identifier."],
    [42, "[x] must be a non-empty PostgreSQL identifier."],
    ["a".repeat(64), `[x] "${"a".repeat(64)}" is 64 bytes long; PostgreSQL identifiers hold at most 63 bytes (longer names are silently truncated).`],
    ["é".repeat(32), `[x] "${"é".repeat(32)}" is 64 bytes long; PostgreSQL identifiers hold at most 63 bytes (longer names are silently truncated).`],
    ["a\0b", '[x] "a\\u0000b" contains a NUL character, which PostgreSQL identifiers cannot hold.'],
  ])("rejects %j", (value, message) => {
    expect(argumentError(() => validateIdentifier("x", value)).message).toBe(message);
  });

  test.each([
    ["", "[database] is required: name the database the vendor connects to."],
    ["   ", "[database] is required: name the database the vendor connects to."],
    [undefined, "[database] is required: name the database the vendor connects to."],
  ])("database %j", (value, message) => {
    expect(argumentError(() => validateDatabase(value)).message).toBe(message);
  });

  test.each([
    ["pg_vendor", '[roleName] "pg_vendor" starts with "pg_", which PostgreSQL reserves for system roles; choose another name.'],
    ["PG_Vendor", '[roleName] "PG_Vendor" starts with "pg_", which PostgreSQL reserves for system roles; choose another name.'],
    ["public", '[roleName] "public" is a reserved role name in PostgreSQL (the pseudo-role that stands for every role); choose another name.'],
    ["current_user", '[roleName] "current_user" is a reserved role name in PostgreSQL (a keyword for whichever role runs the statement, at deployment the admin); choose another name.'],
    ["r".repeat(64), `[roleName] "${"r".repeat(64)}" is 64 bytes long; PostgreSQL identifiers hold at most 63 bytes (longer names are silently truncated).`],
  ])("role name %j", (value, message) => {
    expect(argumentError(() => validateRoleName(value)).message).toBe(message);
  });
  test("role names that are fine", () => {
    expect(validateRoleName("segment")).toBe("segment");
    expect(validateRoleName("Vendor Role;")).toBe("Vendor Role;");
  });
});

describe("schemas and owners", () => {
  test("schema lists keep their order and reject repeats", () => {
    expect(validateSchemaList("readSchemas", ["b", "a", "B"])).toEqual(["b", "a", "B"]);
    expect(validateSchemaList("readSchemas", undefined)).toEqual([]);
    expect(argumentError(() => validateSchemaList("readSchemas", ["public", "sales", "public"])).message).toBe(
      '[readSchemas] lists schema "public" more than once; each schema may appear once.',
    );
    expect(argumentError(() => validateSchemaList("readSchemas", ["ok", ""])).message).toBe(
      "[readSchemas[1]] must be a non-empty PostgreSQL identifier.",
    );
    expect(argumentError(() => validateSchemaList("readSchemas", "public")).message).toBe("[readSchemas] must be a list of schema names.");
  });
  test("table owners", () => {
    expect(validateTableOwners(["app_owner", "dbt"], "segment")).toEqual(["app_owner", "dbt"]);
    expect(argumentError(() => validateTableOwners(["app_owner", "segment"], "segment")).message).toBe(
      '[tableOwners] contains the vendor role "segment"; list the roles that create the tables the vendor reads (e.g. your migration user), not the vendor.',
    );
    expect(argumentError(() => validateTableOwners(["a", "a"], "segment")).message).toBe(
      '[tableOwners] lists "a" more than once; each owner may appear once.',
    );
    expect(argumentError(() => validateTableOwners(["PUBLIC"], "segment")).message).toBe(
      '[tableOwners[0]] "PUBLIC" is not a role that creates tables: it is the pseudo-role that stands for every role; list the roles that create the tables the vendor reads (e.g. your migration user).',
    );
  });
});

describe("numbers and secrets", () => {
  test.each([
    [undefined, 5432],
    [1, 1],
    [65535, 65535],
    [6543, 6543],
  ])("port %j -> %j", (port, expected) => expect(validatePort(port)).toBe(expected));
  test.each([0, 65536, 5432.5, "5432", -1])("port %j is refused", (port) => {
    expect(argumentError(() => validatePort(port)).message).toBe(
      `[port] ${JSON.stringify(port)} is not a TCP port; use an integer from 1 to 65535 (PostgreSQL's default is 5432).`,
    );
  });
  test("connection limit", () => {
    expect(validateConnectionLimit(undefined)).toBeUndefined();
    expect(validateConnectionLimit(-1)).toBe(-1);
    expect(validateConnectionLimit(10)).toBe(10);
    expect(argumentError(() => validateConnectionLimit(-2)).message).toBe("[connectionLimit] -2 is not valid; use -1 (no limit) or a positive integer.");
  });
  test("password", () => {
    expect(validatePassword("sixteen-chars-ok")).toBe("sixteen-chars-ok");
    expect(validatePassword("quote'is fine 1234")).toBe("quote'is fine 1234");
    expect(argumentError(() => validatePassword("short")).message).toBe("[password] is 5 characters long; use at least 16 characters, or omit it to generate one.");
    expect(argumentError(() => validatePassword("back\\slash-but-long-enough")).message).toBe(
      "[password] contains a backslash; the postgresql provider doubles backslashes, so the stored password would not match. Use a password without '\\'.",
    );
  });
});

describe("CIDRs", () => {
  test("normalizes, masks and keeps order", () => {
    expect(validateCidrs("extraCidrs", ["10.1.2.3/12", "192.0.2.7", "2001:DB8::/32"])).toEqual([
      { family: "ipv4", cidr: "10.0.0.0/12", prefix: 12 },
      { family: "ipv4", cidr: "192.0.2.7/32", prefix: 32 },
      { family: "ipv6", cidr: "2001:db8::/32", prefix: 32 },
    ]);
  });
  test.each([
    ["0.0.0.0/0", '[extraCidrs[0]] "0.0.0.0/0" would open the database port to the whole internet; list the vendor\'s published addresses instead.'],
    ["::/0", '[extraCidrs[0]] "::/0" would open the database port to the whole internet; list the vendor\'s published addresses instead.'],
    ["10.0.0.300/32", '[extraCidrs[0]] "10.0.0.300/32" is not a CIDR block; use an IPv4 block such as "203.0.113.0/24", a single address such as "203.0.113.7", or an IPv6 block such as "2001:db8::/48".'],
  ])("refuses %s", (cidr, message) => {
    expect(argumentError(() => validateCidrs("extraCidrs", [cidr])).message).toBe(message);
  });
});

describe("regions and modes", () => {
  test("Segment needs a region for network rules", () => {
    expect(validateRegion(vendors.segment, "us", true)).toBe("us");
    expect(validateRegion(vendors.segment, undefined, false)).toBeUndefined();
    expect(argumentError(() => validateRegion(vendors.segment, undefined, true)).message).toBe(
      '[region] is required for Segment Reverse ETL network rules: it publishes one IP set per region; choose one of "us", "eu".',
    );
    expect(argumentError(() => validateRegion(vendors.segment, "apac", false)).message).toBe(
      `[region] "apac" is not a Segment Reverse ETL region; known regions: "us", "eu". ${vendors.segment.cidrsNotPublished}`,
    );
  });
  test("Whaly has one list", () => {
    expect(validateRegion(vendors.whaly, undefined, true)).toBe("global");
  });
  test("custom has no regions", () => {
    expect(validateRegion(undefined, undefined, true)).toBeUndefined();
    expect(argumentError(() => validateRegion(undefined, "us", true)).message).toBe(
      '[region] "us" was given, but the custom vendor has no published regions; put its CIDRs in extraCidrs.',
    );
  });
  test("modes", () => {
    const preset: VendorPreset = { ...vendors.segment, displayName: "Moded", modes: { a: { description: "A" }, b: { description: "B" } }, defaultMode: "a" };
    expect(validateMode(preset, undefined)).toBe("a");
    expect(validateMode(preset, "b")).toBe("b");
    expect(argumentError(() => validateMode(preset, "c")).message).toBe('[mode] "c" is not a Moded mode; valid modes: "a", "b".');
    expect(argumentError(() => validateMode(vendors.whaly, "lightning")).message).toBe(
      '[mode] "lightning" was given, but Whaly BI has no modes; remove the argument.',
    );
  });
  test("database privileges", () => {
    expect(validateDatabasePrivileges(["CONNECT", "TEMPORARY", "CONNECT"])).toEqual(["CONNECT", "TEMPORARY"]);
    expect(argumentError(() => validateDatabasePrivileges(["connect"])).message).toBe(
      '[databasePrivileges] "connect" is not a database privilege; valid: "CONNECT", "CREATE", "TEMPORARY".',
    );
  });
});
