/**
 * Guards written against mutations earlier tests let through, with expected values written by hand:
 * reserved role names, CONNECT forced for a custom vendor, and the dependency chain's order when tableOwners
 * are given in another order.
 */
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { PostgresVendorAccess, planVendorAccess, validateRoleName, type PostgresVendorAccessArgs } from "../../src";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { PulumiCapture, unwrap } from "../support/pulumi-capture";

describe("reserved role names (PostgreSQL's role specifications and PUBLIC)", () => {
  // Each reason written by hand: what the name means to PostgreSQL.
  const admin = "a keyword for whichever role runs the statement, at deployment the admin";
  test.each([
    ["none", "a word PostgreSQL reserves in role clauses"],
    ["current_role", admin],
    ["session_user", "a keyword for whichever role opened the session, at deployment the admin"],
    ["current_user", admin],
    ["public", "the pseudo-role that stands for every role"],
    ["NONE", "a word PostgreSQL reserves in role clauses"],
    ["Session_User", "a keyword for whichever role opened the session, at deployment the admin"],
  ])("%s is refused", (name, reason) => {
    const message = `[roleName] "${name}" is a reserved role name in PostgreSQL (${reason}); choose another name.`;
    expect(() => validateRoleName(name)).toThrow(message);
    expect(() => planVendorAccess({ vendor: "custom", roleName: name, database: "d", readSchemas: ["public"], extraCidrs: ["203.0.113.0/28"] } as never)).toThrow(message);
  });

  test("names that merely contain them are fine", () => {
    expect(validateRoleName("none_reader")).toBe("none_reader");
    expect(validateRoleName("session_users")).toBe("session_users");
  });
});

describe("custom vendor: CONNECT is always granted", () => {
  const grantOf = (databasePrivileges: string[] | undefined) =>
    planVendorAccess({
      vendor: "custom", roleName: "acme", database: "d", readSchemas: ["public"],
      ...(databasePrivileges !== undefined ? { databasePrivileges } : {}),
    } as never).postgres.find((p) => p.kind === "grant" && p.objectType === "database");

  test.each([
    [undefined, ["CONNECT"]],
    [["CONNECT"], ["CONNECT"]],
    [["CREATE"], ["CONNECT", "CREATE"]],
    [["TEMPORARY"], ["CONNECT", "TEMPORARY"]],
    [["TEMPORARY", "CREATE"], ["CONNECT", "CREATE", "TEMPORARY"]],
  ])("databasePrivileges %j -> %j", (given, expected) => {
    expect(grantOf(given as string[] | undefined)).toMatchObject({ kind: "grant", objectType: "database", privileges: expected });
  });
});

describe("the dependency chain does not depend on the order of tableOwners", () => {
  let capture: PulumiCapture;
  beforeAll(async () => {
    capture = await PulumiCapture.install();
  });
  beforeEach(() => {
    capture.reset();
    resetChains();
    resetDeclaredRules();
  });

  /** Each Postgres child with the child it is chained after. */
  async function chain(tableOwners: string[]): Promise<[string, string][]> {
    capture.reset();
    resetChains();
    resetDeclaredRules();
    const args: PostgresVendorAccessArgs = { vendor: "whaly", database: "dw", readSchemas: ["public"], tableOwners };
    const component = await capture.run(() => new PostgresVendorAccess("bi", args));
    await unwrap(component.connection);
    const pg = capture.registrations.filter((r) => r.type.startsWith("postgresql:"));
    const byUrn = new Map(pg.map((r) => [r.urn, r.name]));
    return pg.map((r) => [r.name, r.dependencies.map((d) => byUrn.get(d)).filter((n): n is string => n !== undefined && n !== "bi-role").pop() ?? ""]);
  }

  test("zeta, alpha and alpha, zeta give the same chain: alpha's default privileges first", async () => {
    const expected: [string, string][] = [
      ["bi-role", ""],
      ["bi-database", ""],
      ["bi-schema-public", "bi-database"],
      ["bi-tables-public", "bi-schema-public"],
      ["bi-sequences-public", "bi-tables-public"],
      ["bi-defaults-alpha-public-tables", "bi-sequences-public"],
      ["bi-defaults-alpha-public-sequences", "bi-defaults-alpha-public-tables"],
      ["bi-defaults-zeta-public-tables", "bi-defaults-alpha-public-sequences"],
      ["bi-defaults-zeta-public-sequences", "bi-defaults-zeta-public-tables"],
    ];
    expect(await chain(["zeta", "alpha"])).toEqual(expected);
    expect(await chain(["alpha", "zeta"])).toEqual(expected);
  });
});
