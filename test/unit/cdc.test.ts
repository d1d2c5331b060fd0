/**
 * Change-data-capture access: validation of the `cdc` argument, the planned publication / slot / replication
 * privilege, and their mapping to @pulumi/postgresql children under mocks (types, inputs, order, options).
 * test/postgres/cdc.test.ts proves the same plan on a real server with wal_level=logical.
 */
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { planVendorAccess } from "../../src/plan";
import { ArgumentError, validateCdc } from "../../src/validate";
import { vendors } from "../../src/vendors";
import { PulumiCapture, TYPES, unwrap } from "../support/pulumi-capture";

const airbyte: PostgresVendorAccessArgs = {
  vendor: "airbyte",
  database: "analytics",
  readSchemas: ["public", "sales"],
  tableOwners: ["app"],
  cdc: { replicationPrivilege: "replication-attribute", tables: ["sales.orders", "public.customers"] },
};

function errorOf(fn: () => unknown): ArgumentError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArgumentError) return e;
    throw e;
  }
  throw new Error("expected an ArgumentError");
}

describe("plan", () => {
  test("airbyte with the REPLICATION attribute: publication, then slot, last in the chain", () => {
    const plan = planVendorAccess(airbyte);
    expect(plan.cdc).toEqual({
      plugin: "pgoutput",
      slotName: "airbyte_slot",
      publicationName: "airbyte_publication",
      tables: ["public.customers", "sales.orders"],
      replicationPrivilege: "replication-attribute",
    });
    expect(plan.postgres[0]).toMatchObject({ kind: "role", name: "airbyte", replication: true });
    expect(plan.postgres.slice(-2)).toEqual([
      { kind: "publication", key: "cdc-publication", name: "airbyte_publication", tables: ["public.customers", "sales.orders"] },
      { kind: "replicationSlot", key: "cdc-slot", name: "airbyte_slot", plugin: "pgoutput" },
    ]);
    expect(plan.postgres.filter((r) => r.kind === "roleMembership")).toEqual([]);
  });

  test("rds_replication: membership after the slot, no REPLICATION attribute", () => {
    const plan = planVendorAccess({ ...airbyte, cdc: { ...airbyte.cdc!, replicationPrivilege: "rds_replication" } });
    expect(plan.postgres[0]).toMatchObject({ kind: "role", replication: false });
    expect(plan.postgres.slice(-3).map((r) => r.key)).toEqual(["cdc-publication", "cdc-slot", "cdc-rds-replication"]);
    expect(plan.postgres.at(-1)).toEqual({ kind: "roleMembership", key: "cdc-rds-replication", grantRole: "rds_replication" });
  });

  test("without cdc nothing changes: no replication, no CDC items", () => {
    const plan = planVendorAccess({ ...airbyte, cdc: undefined });
    expect(plan.cdc).toBeUndefined();
    expect(plan.postgres[0]).toMatchObject({ kind: "role", replication: false });
    expect(plan.postgres.map((r) => r.kind)).not.toContain("replicationSlot");
    expect(plan.postgres.map((r) => r.kind)).not.toContain("publication");
  });

  test("stitch: wal2json slot only, named as in its guide", () => {
    const plan = planVendorAccess({
      vendor: "stitch",
      database: "analytics",
      readSchemas: ["public"],
      cdc: { replicationPrivilege: "rds_replication" },
    });
    expect(plan.postgres.slice(-2)).toEqual([
      { kind: "replicationSlot", key: "cdc-slot", name: "stitch", plugin: "wal2json" },
      { kind: "roleMembership", key: "cdc-rds-replication", grantRole: "rds_replication" },
    ]);
    expect(plan.cdc!.publicationName).toBeUndefined();
    expect(plan.cdc!.tables).toEqual([]);
  });

  test("fivetran with user-chosen names", () => {
    const plan = planVendorAccess({
      vendor: "fivetran",
      database: "analytics",
      readSchemas: ["public"],
      cdc: { replicationPrivilege: "rds_replication", tables: ["public.orders"], slotName: "fivetran_slot", publicationName: "fivetran_pub_a" },
    });
    expect(plan.cdc).toEqual({
      plugin: "pgoutput",
      slotName: "fivetran_slot",
      publicationName: "fivetran_pub_a",
      tables: ["public.orders"],
      replicationPrivilege: "rds_replication",
    });
  });

  test("names can override the vendor's", () => {
    const plan = planVendorAccess({ ...airbyte, cdc: { ...airbyte.cdc!, slotName: "airbyte_slot_2", publicationName: "ab_pub" } });
    expect(plan.cdc!.slotName).toBe("airbyte_slot_2");
    expect(plan.cdc!.publicationName).toBe("ab_pub");
  });
});

describe("validation errors", () => {
  const cdcWith = (cdc: unknown) => () => planVendorAccess({ ...airbyte, cdc: cdc as any });

  test("replicationPrivilege is required and explains both forms", () => {
    const e = errorOf(cdcWith({ tables: ["public.customers"] }));
    expect(e.argument).toBe("cdc.replicationPrivilege");
    expect(e.message).toContain('"rds_replication" on Amazon RDS/Aurora');
    expect(e.message).toContain("rds_superuser");
    expect(e.message).toContain('"replication-attribute" on self-managed PostgreSQL');
    expect(e.message).toContain("superuser");
  });

  test("an unknown replicationPrivilege is refused", () => {
    const e = errorOf(cdcWith({ replicationPrivilege: "REPLICATION", tables: ["public.customers"] }));
    expect(e.message).toMatch(/^\[cdc\.replicationPrivilege\] "REPLICATION" is not valid; use "rds_replication"/);
  });

  test("presets without CDC and custom are refused, naming the presets that have it", () => {
    const segment = errorOf(() =>
      planVendorAccess({ vendor: "segment", database: "d", readSchemas: ["public"], cdc: { replicationPrivilege: "rds_replication" } }),
    );
    expect(segment.message).toBe(
      '[cdc] is not valid here: the Segment Reverse ETL preset does not read changes from a replication slot. Presets with change data capture: "airbyte", "fivetran", "stitch"; otherwise remove cdc.',
    );
    const custom = errorOf(() =>
      planVendorAccess({ vendor: "custom", roleName: "x_reader", database: "d", readSchemas: ["public"], cdc: { replicationPrivilege: "rds_replication" } }),
    );
    expect(custom.argument).toBe("cdc");
  });

  test("cdc must be an object; unknown settings are named", () => {
    expect(errorOf(cdcWith("yes")).argument).toBe("cdc");
    const e = errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.customers"], plugin: "wal2json" }));
    expect(e.message).toBe('[cdc.plugin] is not a cdc setting; valid settings: "replicationPrivilege", "tables", "slotName", "publicationName".');
  });

  test("pgoutput needs tables", () => {
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication" })).message).toBe(
      '[cdc.tables] is required: list the tables to publish as "schema.table", e.g. ["public.orders"].',
    );
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: [] })).argument).toBe("cdc.tables");
  });

  test("tables must be schema.table in a read schema, once each", () => {
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["orders"] })).argument).toBe("cdc.tables[0]");
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["a.b.c"] })).argument).toBe("cdc.tables[0]");
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public."] })).argument).toBe("cdc.tables[0]");
    const other = errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a", "hr.salaries"] }));
    expect(other.message).toBe(
      '[cdc.tables[1]] "hr.salaries" is in schema "hr", which is not in readSchemas ("public", "sales"); the vendor must be able to read a table it replicates, so add the schema to readSchemas.',
    );
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a", "public.a"] })).message).toBe(
      '[cdc.tables] lists "public.a" more than once; each table may appear once.',
    );
  });

  test("slot and publication names are checked", () => {
    const slot = errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a"], slotName: "Airbyte-Slot" }));
    expect(slot.argument).toBe("cdc.slotName");
    expect(slot.message).toContain("1 to 63 lower-case letters, digits and underscores");
    const pub = errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a"], publicationName: "Pub" }));
    expect(pub.argument).toBe("cdc.publicationName");
    expect(pub.message).toContain("unquoted");
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a"], publicationName: "1pub" })).argument).toBe("cdc.publicationName");
    expect(errorOf(cdcWith({ replicationPrivilege: "rds_replication", tables: ["public.a"], slotName: "x".repeat(64) })).argument).toBe("cdc.slotName");
  });

  test("fivetran requires both names and says where they go", () => {
    const args = { vendor: "fivetran", database: "d", readSchemas: ["public"] };
    const slot = errorOf(() => planVendorAccess({ ...args, cdc: { replicationPrivilege: "rds_replication", tables: ["public.a"] } }));
    expect(slot.argument).toBe("cdc.slotName");
    expect(slot.message).toContain("Fivetran connector setup form");
    const pub = errorOf(() =>
      planVendorAccess({ ...args, cdc: { replicationPrivilege: "rds_replication", tables: ["public.a"], slotName: "fivetran_slot" } }),
    );
    expect(pub.argument).toBe("cdc.publicationName");
  });

  test("stitch refuses tables and a publication name", () => {
    const args = { vendor: "stitch", database: "d", readSchemas: ["public"] };
    expect(errorOf(() => planVendorAccess({ ...args, cdc: { replicationPrivilege: "rds_replication", tables: ["public.a"] } })).message).toMatch(
      /^\[cdc\.tables\] is not used by Stitch: its wal2json slot decodes every table/,
    );
    expect(errorOf(() => planVendorAccess({ ...args, cdc: { replicationPrivilege: "rds_replication", publicationName: "p" } })).argument).toBe(
      "cdc.publicationName",
    );
  });

  test("validateCdc is exported and returns undefined without cdc", () => {
    expect(validateCdc(vendors.airbyte, undefined, ["public"])).toBeUndefined();
  });
});

describe("component children", () => {
  let capture: PulumiCapture;
  beforeAll(async () => {
    capture = await PulumiCapture.install();
  });
  beforeEach(() => {
    capture.reset();
    resetChains();
    resetDeclaredRules();
  });

  async function deploy(args: PostgresVendorAccessArgs) {
    const component = await capture.run(() => new PostgresVendorAccess("ab", args));
    await unwrap(component.connection);
    return component;
  }

  test("replication-attribute: Role has REPLICATION; Publication and ReplicationSlot chained last", async () => {
    await deploy(airbyte);
    const [role] = capture.ofType(TYPES.role);
    expect(role!.inputs.replication).toBe(true);
    expect(role!.inputs.roles).toBeUndefined();
    expect(capture.ofType(TYPES.grantRole)).toEqual([]);
    const [publication] = capture.ofType(TYPES.publication);
    expect(publication!.name).toBe("ab-cdc-publication");
    expect(publication!.inputs).toMatchObject({
      name: "airbyte_publication",
      database: "analytics",
      tables: ["public.customers", "sales.orders"],
      dropCascade: false,
    });
    expect(publication!.inputs.allTables).toBeUndefined();
    const [slot] = capture.ofType(TYPES.replicationSlot);
    expect(slot!.name).toBe("ab-cdc-slot");
    expect(slot!.inputs).toEqual({ name: "airbyte_slot", database: "analytics", plugin: "pgoutput" });
    // The slot waits for the publication, which waits for the last default privilege.
    expect(slot!.dependencies).toContain(publication!.urn);
    const lastDefaults = capture.ofType(TYPES.defaultPrivileges).at(-1)!;
    expect(publication!.dependencies).toContain(lastDefaults.urn);
  });

  test("rds_replication: GrantRole with deleteBeforeReplace after the slot; Role without REPLICATION", async () => {
    await deploy({ ...airbyte, cdc: { ...airbyte.cdc!, replicationPrivilege: "rds_replication" } });
    const role = capture.ofType(TYPES.role)[0]!;
    expect(role.inputs.replication).toBe(false);
    // Also listed on the Role, so the provider's Role Update (which revokes unlisted memberships) keeps it.
    expect(role.inputs.roles).toEqual(["rds_replication"]);
    const memberships = capture.ofType(TYPES.grantRole);
    expect(memberships).toHaveLength(1);
    expect(memberships[0]!.name).toBe("ab-cdc-rds-replication");
    expect(memberships[0]!.inputs).toEqual({ role: "airbyte", grantRole: "rds_replication", withAdminOption: false });
    expect(memberships[0]!.deleteBeforeReplace).toBe(true);
    expect(memberships[0]!.dependencies).toContain(capture.ofType(TYPES.replicationSlot)[0]!.urn);
  });

  test("stitch: a wal2json slot and no publication", async () => {
    await deploy({ vendor: "stitch", database: "analytics", readSchemas: ["public"], cdc: { replicationPrivilege: "replication-attribute" } });
    expect(capture.ofType(TYPES.publication)).toEqual([]);
    expect(capture.ofType(TYPES.replicationSlot).map((r) => r.inputs)).toEqual([{ name: "stitch", database: "analytics", plugin: "wal2json" }]);
  });

  test("without cdc: no CDC children and the role has no REPLICATION", async () => {
    await deploy({ ...airbyte, cdc: undefined });
    expect(capture.ofType(TYPES.publication)).toEqual([]);
    expect(capture.ofType(TYPES.replicationSlot)).toEqual([]);
    expect(capture.ofType(TYPES.role)[0]!.inputs.replication).toBe(false);
    expect(capture.ofType(TYPES.role)[0]!.inputs.roles).toBeUndefined();
  });
});
