// The package schema the component provider serves to `pulumi package add` and to the engine: every input
// and output with its type, plain/secret/required flags and description, and every enum, as hand-written
// literals. The analyzer type-checks the package sources, which takes a while on a loaded 2-core machine.
import { beforeAll, describe, expect, it } from "vitest";
import { VendorAccessProvider } from "../../pulumi-package/provider";
import { vendors, CUSTOM_VENDOR } from "../../src/vendors";

const TOKEN = "pg-vendor-access:index:PostgresVendorAccess";
const ref = (name: string) => ({ $ref: `#/types/pg-vendor-access:index:${name}` });
// The analyzer writes `optional` and `plain` next to each property; `optional` only feeds `requiredInputs`.
const input = (type: object, description: string, flags: { optional?: true; plain?: true; secret?: true } = {}) => ({
  ...type,
  ...flags,
  description,
});

let schema: any;
beforeAll(async () => {
  schema = JSON.parse(await new VendorAccessProvider("9.8.7").getSchema());
}, 600_000);

describe("package schema", () => {
  it("names the package and version, with no dependency on other packages' schemas", () => {
    expect(schema.name).toBe("pg-vendor-access");
    expect(schema.version).toBe("9.8.7");
    expect(schema.dependencies).toEqual([]);
    expect(Object.keys(schema.resources)).toEqual([TOKEN]);
    expect(schema.resources[TOKEN].isComponent).toBe(true);
  });

  it("serves every input with its type, flags and description", () => {
    const r = schema.resources[TOKEN];
    const str = { type: "string" };
    const strs = { type: "array", items: { type: "string", plain: true } };
    expect(r.inputProperties).toEqual({
      vendor: input(ref("VendorId"), "Preset id from the vendor catalogue, or `custom` (then `roleName` is required). Required.", { plain: true }),
      database: input(str, "The database the vendor connects to; every grant is declared in it. The `postgresql` provider should\nconnect to the same database (role deletion only cleans up there). Required.", { plain: true }),
      readSchemas: input(strs, "Schemas the vendor reads: USAGE, SELECT on tables, views and sequences. Default: none.", { optional: true, plain: true }),
      tableOwners: input(strs, "Roles that create objects in the read schemas; default privileges are declared for each, so their\nfuture tables are readable. Default: none.", { optional: true, plain: true }),
      region: input(str, "Which of the vendor's published IP sets to allow (e.g. Segment `us` or `eu`). Default: the preset's\nonly or default set; an unknown region is an error listing the known ones.", { optional: true, plain: true }),
      mode: input(ref("VendorMode"), "Preset variant, where the vendor offers one. Default: the preset's default mode.", { optional: true, plain: true }),
      roleName: input(str, "The vendor's login role (case-sensitive, at most 63 bytes, not `pg_…`). Default: the preset's.", { optional: true, plain: true }),
      password: input(str, "The role's password (secret; at least 16 characters, no backslash). Default: a generated\n40-character password.", { optional: true, secret: true }),
      connectionLimit: input({ type: "integer" }, "The role's CONNECTION LIMIT. Default: -1 (no limit).", { optional: true }),
      securityGroupId: input(str, "Security group that receives one ingress rule per vendor CIDR on `port`. Default: none (no network\nrules). Prefer a dedicated group: some vendors publish many CIDRs.", { optional: true }),
      port: input({ type: "integer" }, "Database port for the ingress rules and the connection output. Default: 5432.", { optional: true, plain: true }),
      extraCidrs: input(strs, "CIDRs allowed in addition to the preset's (`0.0.0.0/0` and `::/0` are refused). Default: none.", { optional: true, plain: true }),
      host: input(str, "Database host, copied into the connection output (not used to connect). Default: none.", { optional: true }),
      managedSchemaOnDestroy: input(ref("ManagedSchemaOnDestroy"), "`retain` (default) keeps the managed schemas and their data on destroy; `drop` drops them with CASCADE.", { optional: true, plain: true }),
      databasePrivileges: input({ type: "array", items: { ...ref("DatabasePrivilege"), plain: true } }, 'Database privileges for `custom` (presets carry their own). Default: `["CONNECT"]`.', { optional: true, plain: true }),
      managedSchemas: input(strs, "Schemas the vendor writes to (owned by its role), for `custom` only. Default: none.", { optional: true, plain: true }),
      cdc: input(ref("CdcArgs"), "Change data capture for `airbyte`, `fivetran` and `stitch`. Default: none.", { optional: true, plain: true }),
    });
    expect(r.requiredInputs).toEqual(["database", "vendor"]);
  });

  it("serves every output, the password and the connection as secrets", () => {
    const r = schema.resources[TOKEN];
    expect(r.properties).toEqual({
      roleName: { type: "string", description: "The vendor's login role name." },
      password: { type: "string", description: "The vendor role's password.", secret: true },
      managedSchemas: {
        type: "array",
        items: { type: "string" },
        description: 'Vendor-writable schemas the component declared, e.g. `["__segment_reverse_etl"]`; empty for read-only vendors.',
      },
      ingressRuleIds: {
        type: "array",
        items: { type: "string" },
        description: "IDs of the security-group ingress rules (empty without `securityGroupId`).",
      },
      connection: {
        ...ref("VendorConnection"),
        description: "Host (when given), port, database, user and password for the vendor's connection form.",
        secret: true,
      },
    });
    expect(r.required).toEqual(["connection", "ingressRuleIds", "managedSchemas", "password", "roleName"]);
    expect(r.description).toMatch(/^Everything a SaaS data vendor needs to work with one PostgreSQL database/);
  });

  it("serves the object types with their fields", () => {
    expect(schema.types["pg-vendor-access:index:VendorConnection"]).toEqual({
      type: "object",
      properties: {
        host: { type: "string", optional: true, description: "Database host, when the `host` argument was given." },
        port: { type: "integer", description: "Database port." },
        database: { type: "string", description: "Database the vendor connects to." },
        user: { type: "string", description: "The vendor's login role." },
        password: { type: "string", description: "The vendor role's password." },
      },
      required: ["database", "password", "port", "user"],
    });
    const cdc = schema.types["pg-vendor-access:index:CdcArgs"];
    expect(cdc.required).toEqual(["replicationPrivilege"]);
    expect(Object.keys(cdc.properties)).toEqual(["replicationPrivilege", "tables", "slotName", "publicationName"]);
    expect(cdc.properties.replicationPrivilege).toMatchObject({ ...ref("ReplicationPrivilege"), plain: true });
    expect(cdc.properties.tables).toMatchObject({ type: "array", items: { type: "string" }, optional: true, plain: true });
    expect(cdc.properties.slotName).toMatchObject({ type: "string", optional: true, plain: true });
    expect(cdc.properties.publicationName).toMatchObject({ type: "string", optional: true, plain: true });
  });

  it("serves string enums for vendor ids, modes, destroy behaviour, privileges and replication", () => {
    const values = (name: string) =>
      schema.types[`pg-vendor-access:index:${name}`].enum.map((e: { name: string; value: string }) => `${e.name}=${e.value}`);
    expect(values("VendorId")).toEqual([
      "Segment=segment", "Whaly=whaly", "Census=census", "Airbyte=airbyte", "Stitch=stitch",
      "Rudderstack=rudderstack", "Metabase=metabase", "Fivetran=fivetran", "Hightouch=hightouch",
      "Posthog=posthog", "Omni=omni", "Retool=retool", "Preset=preset", "Lightdash=lightdash", "Grafana=grafana", "Looker=looker",
      "Mixpanel=mixpanel", "Custom=custom",
    ]);
    expect(values("VendorMode")).toEqual(["Standard=standard", "ReadOnly=read-only", "Basic=basic", "Lightning=lightning"]);
    expect(values("ManagedSchemaOnDestroy")).toEqual(["Retain=retain", "Drop=drop"]);
    expect(values("DatabasePrivilege")).toEqual(["Connect=CONNECT", "Create=CREATE", "Temporary=TEMPORARY"]);
    expect(values("ReplicationPrivilege")).toEqual(["RdsReplication=rds_replication", "ReplicationAttribute=replication-attribute"]);
    for (const name of ["VendorId", "VendorMode", "ManagedSchemaOnDestroy", "DatabasePrivilege", "ReplicationPrivilege"]) {
      expect(schema.types[`pg-vendor-access:index:${name}`].type).toBe("string");
      for (const member of schema.types[`pg-vendor-access:index:${name}`].enum) expect(member.description).toMatch(/\S/);
    }
  });

  it("offers exactly the catalogue's vendors and modes (fails when a preset is added without the enum)", () => {
    const enumValues = (name: string) => schema.types[`pg-vendor-access:index:${name}`].enum.map((e: { value: string }) => e.value);
    expect([...enumValues("VendorId")].sort()).toEqual([...Object.keys(vendors), CUSTOM_VENDOR].sort());
    const modes = new Set(Object.values(vendors).flatMap((v) => Object.keys(v.modes ?? {})));
    expect([...enumValues("VendorMode")].sort()).toEqual([...modes].sort());
  });
});
