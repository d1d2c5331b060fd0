/**
 * PostgresVendorAccess under Pulumi mocks: the exact resource graph (counts, inputs, options, dependencies),
 * secrets, providers and child-name stability. What this does not prove: that PostgreSQL accepts the SQL
 * or that the vendor can do its job — test/postgres/ replays these registrations on real servers.
 */
import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { vendors } from "../../src/vendors";
import { isSecret, PulumiCapture, type Registration, TYPES, unwrap } from "../support/pulumi-capture";

let capture: PulumiCapture;

beforeAll(async () => {
  capture = await PulumiCapture.install();
});
beforeEach(() => {
  capture.reset();
  resetChains();
  resetDeclaredRules();
});
afterEach(() => vi.restoreAllMocks());

async function deploy(name: string, args: PostgresVendorAccessArgs, opts?: pulumi.ComponentResourceOptions) {
  const component = await capture.run(() => new PostgresVendorAccess(name, args, opts));
  await unwrap(component.connection);
  return component;
}

const byName = (regs: Registration[]) => new Map(regs.map((r) => [r.name, r]));
const names = (type: string) => capture.ofType(type).map((r) => r.name).sort();
const shortUrn = (urn: string) => urn.split("::").pop()!;

const segmentArgs: PostgresVendorAccessArgs = {
  vendor: "segment",
  region: "us",
  database: "analytics",
  readSchemas: ["public", "sales"],
  tableOwners: ["app_migrator"],
  securityGroupId: "sg-0123456789abcdef0",
};

describe("Segment preset", () => {
  test("declares exactly the role, managed schema, grants, default privileges and rules", async () => {
    await deploy("segment", segmentArgs);
    const counts = Object.fromEntries(Object.values(TYPES).map((t) => [t, capture.ofType(t).length]));
    expect(counts).toEqual({
      [TYPES.component]: 1,
      [TYPES.password]: 1,
      [TYPES.role]: 1,
      [TYPES.schema]: 1,
      [TYPES.grant]: 7,
      [TYPES.defaultPrivileges]: 4,
      [TYPES.ingressRule]: 2,
      [TYPES.grantRole]: 0,
      [TYPES.publication]: 0,
      [TYPES.replicationSlot]: 0,
    });
    expect(capture.registrations).toHaveLength(17);

    const role = capture.ofType(TYPES.role)[0];
    expect(role.name).toBe("segment-role");
    expect(role.inputs).toEqual({
      name: "segment",
      login: true,
      password: capture.ofType(TYPES.password)[0].state.result,
      superuser: false,
      createDatabase: false,
      createRole: false,
      replication: false,
      bypassRowLevelSecurity: false,
    });

    expect(capture.ofType(TYPES.schema).map((r) => [r.name, r.inputs, r.retainOnDelete])).toEqual([
      [
        "segment-managed-schema-__segment_reverse_etl",
        { name: "__segment_reverse_etl", database: "analytics", owner: "segment", dropCascade: false },
        true,
      ],
    ]);

    const grant = (schema: string | undefined, objectType: string, privileges: string[]) => ({
      database: "analytics",
      role: "segment",
      objectType,
      ...(schema ? { schema } : {}),
      privileges,
      withGrantOption: false,
    });
    expect(capture.ofType(TYPES.grant).map((r) => [r.name, r.inputs])).toEqual([
      ["segment-database", grant(undefined, "database", ["CONNECT", "CREATE"])],
      ["segment-schema-public", grant("public", "schema", ["USAGE"])],
      ["segment-tables-public", grant("public", "table", ["SELECT"])],
      ["segment-sequences-public", grant("public", "sequence", ["SELECT"])],
      ["segment-schema-sales", grant("sales", "schema", ["USAGE"])],
      ["segment-tables-sales", grant("sales", "table", ["SELECT"])],
      ["segment-sequences-sales", grant("sales", "sequence", ["SELECT"])],
    ]);

    const defaults = (schema: string, objectType: string) => ({
      database: "analytics",
      owner: "app_migrator",
      role: "segment",
      schema,
      objectType,
      privileges: ["SELECT"],
      withGrantOption: false,
    });
    expect(capture.ofType(TYPES.defaultPrivileges).map((r) => [r.name, r.inputs, r.deleteBeforeReplace])).toEqual([
      ["segment-defaults-app_migrator-public-tables", defaults("public", "table"), true],
      ["segment-defaults-app_migrator-public-sequences", defaults("public", "sequence"), true],
      ["segment-defaults-app_migrator-sales-tables", defaults("sales", "table"), true],
      ["segment-defaults-app_migrator-sales-sequences", defaults("sales", "sequence"), true],
    ]);

    const rule = (cidr: string) => ({
      securityGroupId: "sg-0123456789abcdef0",
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      cidrIpv4: cidr,
      description: "Segment Reverse ETL (region us) to PostgreSQL port 5432",
      tags: { "managed-by": "pg-vendor-access", vendor: "segment" },
    });
    expect(capture.ofType(TYPES.ingressRule).map((r) => [r.name, r.inputs])).toEqual([
      ["segment-ingress-5432-52-25-130-38-32", rule("52.25.130.38/32")],
      ["segment-ingress-5432-34-223-203-0-28", rule("34.223.203.0/28")],
    ]);

    // Every child is parented to the component.
    const componentUrn = capture.ofType(TYPES.component)[0].urn;
    for (const r of capture.registrations.filter((r) => r.type !== TYPES.component)) expect(r.parent).toBe(componentUrn);
  });

  test("EU region allows only the EU block", async () => {
    await deploy("segment", { ...segmentArgs, region: "eu" });
    expect(capture.ofType(TYPES.ingressRule).map((r) => r.inputs.cidrIpv4)).toEqual(["3.251.148.96/29"]);
    expect(capture.ofType(TYPES.ingressRule)[0].inputs.description).toBe("Segment Reverse ETL (region eu) to PostgreSQL port 5432");
  });

  test("outputs: role name, managed schemas, rule ids, and a secret connection", async () => {
    const c = await deploy("segment", { ...segmentArgs, host: "db.example.com", port: 6543 });
    expect(await unwrap(c.roleName)).toBe("segment");
    expect(await unwrap(c.managedSchemas)).toEqual(["__segment_reverse_etl"]);
    const ruleIds = await unwrap(c.ingressRuleIds);
    expect(ruleIds).toEqual(capture.ofType(TYPES.ingressRule).map((r) => r.id));
    expect(ruleIds).toHaveLength(2);
    const generated = capture.ofType(TYPES.password)[0].state.result;
    expect(await unwrap(c.connection)).toEqual({ host: "db.example.com", port: 6543, database: "analytics", user: "segment", password: generated });
    expect(await isSecret(c.connection)).toBe(true);
    expect(await isSecret(c.password)).toBe(true);
    expect(await isSecret(c.roleName)).toBe(false);
    expect(capture.ofType(TYPES.ingressRule).map((r) => r.inputs.fromPort)).toEqual([6543, 6543]);
    expect(c.plan.port).toBe(6543);
  });

  test("managedSchemaOnDestroy: drop cascades and is not retained", async () => {
    await deploy("segment", { ...segmentArgs, managedSchemaOnDestroy: "drop" });
    const schema = capture.ofType(TYPES.schema)[0];
    expect(schema.inputs.dropCascade).toBe(true);
    expect(schema.retainOnDelete).toBe(false);
  });
});

describe("Whaly preset", () => {
  test("read-only: CONNECT, USAGE, SELECT, default privileges per owner, 36 rules", async () => {
    const c = await deploy("whaly", {
      vendor: "whaly",
      database: "warehouse",
      readSchemas: ["public"],
      tableOwners: ["app_owner", "dbt"],
      securityGroupId: "sg-whaly",
      connectionLimit: 5,
    });
    expect(capture.ofType(TYPES.schema)).toHaveLength(0);
    expect(capture.ofType(TYPES.role)[0].inputs).toMatchObject({ name: "whaly_bi", connectionLimit: 5, login: true });
    expect(capture.ofType(TYPES.grant).map((r) => [r.name, r.inputs.objectType, r.inputs.privileges])).toEqual([
      ["whaly-database", "database", ["CONNECT"]],
      ["whaly-schema-public", "schema", ["USAGE"]],
      ["whaly-tables-public", "table", ["SELECT"]],
      ["whaly-sequences-public", "sequence", ["SELECT"]],
    ]);
    expect(names(TYPES.defaultPrivileges)).toEqual([
      "whaly-defaults-app_owner-public-sequences",
      "whaly-defaults-app_owner-public-tables",
      "whaly-defaults-dbt-public-sequences",
      "whaly-defaults-dbt-public-tables",
    ]);
    const rules = capture.ofType(TYPES.ingressRule);
    expect(rules).toHaveLength(36);
    expect(rules.map((r) => r.inputs.cidrIpv4)).toEqual(vendors.whaly.regions.global);
    expect(new Set(rules.map((r) => r.inputs.description))).toEqual(new Set(["Whaly BI (region global) to PostgreSQL port 5432"]));
    expect(await unwrap(c.managedSchemas)).toEqual([]);
  });

  test("without a security group no rules are declared", async () => {
    const c = await deploy("whaly", { vendor: "whaly", database: "warehouse", readSchemas: ["public"], tableOwners: ["app_owner"] });
    expect(capture.ofType(TYPES.ingressRule)).toHaveLength(0);
    expect(await unwrap(c.ingressRuleIds)).toEqual([]);
    expect(c.plan.cidrs).toHaveLength(36);
  });
});

describe("secrets", () => {
  test("a supplied password is used as is and stays secret everywhere", async () => {
    const password = "correct-horse-battery-staple";
    const c = await deploy("w", { vendor: "whaly", database: "db", readSchemas: ["public"], password });
    expect(capture.ofType(TYPES.password)).toHaveLength(0);
    const role = capture.ofType(TYPES.role)[0];
    expect(role.inputs.password).toBe(password);
    expect(role.secretInputs).toEqual(["password"]);
    for (const r of capture.registrations.filter((r) => r !== role)) {
      expect(JSON.stringify(r.inputs)).not.toContain(password);
    }
    expect(await isSecret(c.password)).toBe(true);
    expect(await unwrap(c.password)).toBe(password);
  });

  test("the generated password is secret in the role input and never in plain inputs", async () => {
    await deploy("segment", segmentArgs);
    const generated = capture.ofType(TYPES.password)[0];
    expect(generated.inputs).toEqual({ length: 40, special: true, overrideSpecial: "-_.~", minLower: 2, minUpper: 2, minNumeric: 2 });
    const role = capture.ofType(TYPES.role)[0];
    expect(role.secretInputs).toEqual(["password"]);
    for (const r of capture.registrations.filter((r) => r.type !== TYPES.role && r.type !== TYPES.password)) {
      expect(JSON.stringify(r.inputs)).not.toContain(generated.state.result);
    }
  });

});

describe("providers", () => {
  test("every child uses the explicit providers; default providers disabled", async () => {
    const strict = await PulumiCapture.install({ requireExplicitProviders: true });
    try {
      const pg = new postgresql.Provider("pg", { host: "127.0.0.1", sslmode: "disable", superuser: false, database: "analytics" });
      const awsProvider = new aws.Provider("aws", { region: "us-west-2" });
      const rnd = new random.Provider("random", {});
      const c = await strict.run(() => new PostgresVendorAccess("segment", segmentArgs, { providers: { postgresql: pg, aws: awsProvider, random: rnd } }));
      await unwrap(c.connection);
      const providerUrns = new Map(strict.registrations.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.type.split(":")[2], `${r.urn}::${r.id}`]));
      const children = strict.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
      expect(children).toHaveLength(16);
      for (const child of children) {
        const pkg = child.type.split(":")[0];
        expect(child.provider, child.name).toBe(providerUrns.get(pkg));
      }
      expect(strict.invokes).toEqual([]);
    } finally {
      capture = await PulumiCapture.install();
    }
  });

});

describe("ordering", () => {
  test("Postgres children form one dependsOn chain, and every grant depends on the role", async () => {
    await deploy("segment", segmentArgs);
    const pgChildren = capture.registrations.filter((r) => r.type.startsWith("postgresql:"));
    const roleUrn = capture.ofType(TYPES.role)[0].urn;
    expect(capture.ofType(TYPES.role)[0].dependencies.map(shortUrn)).toEqual(["segment-password"]);
    for (let i = 1; i < pgChildren.length; i++) {
      expect(pgChildren[i].dependencies, pgChildren[i].name).toContain(pgChildren[i - 1].urn);
      expect(pgChildren[i].dependencies, pgChildren[i].name).toContain(roleUrn);
    }
  });

  test("a second component on the same database chains after the first; another database does not", async () => {
    await deploy("segment", segmentArgs);
    const lastOfSegment = capture.registrations.filter((r) => r.type.startsWith("postgresql:")).pop()!;
    await deploy("whaly", { vendor: "whaly", database: "analytics", readSchemas: ["public"] });
    await deploy("other", { vendor: "whaly", database: "elsewhere", roleName: "whaly_other", readSchemas: ["public"] });
    const whalyRole = byName(capture.registrations).get("whaly-role")!;
    expect(whalyRole.dependencies).toContain(lastOfSegment.urn);
    const otherRole = byName(capture.registrations).get("other-role")!;
    expect(otherRole.dependencies.map(shortUrn)).toEqual(["other-password"]);
  });
});

describe("stable child names", () => {
  const snapshot = () =>
    capture.registrations
      .filter((r) => r.type !== TYPES.component)
      .map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }))
      .sort((a, b) => a.name.localeCompare(b.name));

  test("reordering schemas, owners and CIDRs changes nothing", async () => {
    await deploy("segment", { ...segmentArgs, tableOwners: ["app_migrator", "dbt"], extraCidrs: ["198.51.100.0/24", "203.0.113.9"] });
    const before = snapshot();
    capture.reset();
    resetChains();
    resetDeclaredRules();
    await deploy("segment", { ...segmentArgs, readSchemas: ["sales", "public"], tableOwners: ["dbt", "app_migrator"], extraCidrs: ["203.0.113.9/32", "198.51.100.0/24"] });
    expect(snapshot()).toEqual(before);
  });

  test("adding one CIDR adds exactly one rule and changes nothing else", async () => {
    await deploy("segment", segmentArgs);
    const before = snapshot();
    capture.reset();
    resetChains();
    resetDeclaredRules();
    await deploy("segment", { ...segmentArgs, extraCidrs: ["198.51.100.17/24"] });
    const after = snapshot();
    const added = after.filter((a) => !before.some((b) => b.name === a.name));
    expect(added).toEqual([
      {
        type: TYPES.ingressRule,
        name: "segment-ingress-5432-198-51-100-0-24",
        inputs: {
          securityGroupId: "sg-0123456789abcdef0",
          ipProtocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          cidrIpv4: "198.51.100.0/24",
          description: "Segment Reverse ETL (extraCidrs) to PostgreSQL port 5432",
          tags: { "managed-by": "pg-vendor-access", vendor: "segment" },
        },
      },
    ]);
    expect(after.filter((a) => a.name !== added[0].name)).toEqual(before);
  });

  test("adding a schema adds exactly that schema's grants and default privileges", async () => {
    await deploy("segment", segmentArgs);
    const before = snapshot();
    capture.reset();
    resetChains();
    resetDeclaredRules();
    await deploy("segment", { ...segmentArgs, readSchemas: ["public", "sales", "Marketing Data"] });
    const after = snapshot();
    expect(after.filter((a) => !before.some((b) => b.name === a.name)).map((a) => a.name).sort()).toEqual([
      "segment-defaults-app_migrator-Marketing~20~Data-sequences",
      "segment-defaults-app_migrator-Marketing~20~Data-tables",
      "segment-schema-Marketing~20~Data",
      "segment-sequences-Marketing~20~Data",
      "segment-tables-Marketing~20~Data",
    ]);
    expect(after.filter((a) => before.some((b) => b.name === a.name))).toEqual(before);
  });
});

describe("validation before registration", () => {
  test.each([
    [{ ...segmentArgs, vendor: "segmnt" }, "[vendor]"],
    [{ ...segmentArgs, region: undefined }, "[region] is required for Segment Reverse ETL network rules"],
    [{ ...segmentArgs, region: "apac" }, '[region] "apac" is not a Segment Reverse ETL region; known regions: "us", "eu".'],
    [{ ...segmentArgs, extraCidrs: ["0.0.0.0/0"] }, "[extraCidrs[0]]"],
    [{ ...segmentArgs, extraCidrs: ["10.0.0/8"] }, '[extraCidrs[0]] "10.0.0/8" is not a CIDR block'],
    [{ ...segmentArgs, database: "" }, "[database] is required"],
    [{ ...segmentArgs, roleName: "pg_segment" }, '[roleName] "pg_segment" starts with "pg_"'],
    [{ ...segmentArgs, roleName: "s".repeat(64) }, "is 64 bytes long"],
    [{ ...segmentArgs, readSchemas: ["public", "public"] }, '[readSchemas] lists schema "public" more than once'],
    [{ ...segmentArgs, readSchemas: ["__segment_reverse_etl"] }, "[readSchemas] lists \"__segment_reverse_etl\", which is the vendor's own managed schema"],
    [{ ...segmentArgs, tableOwners: ["segment"] }, '[tableOwners] contains the vendor role "segment"'],
    [{ ...segmentArgs, port: 70000 }, "[port] 70000 is not a TCP port"],
    [{ ...segmentArgs, password: "short" }, "[password] is 5 characters long"],
    [{ ...segmentArgs, password: "long-enough-but-has\\" }, "[password] contains a backslash"],
    [{ ...segmentArgs, connectionLimit: -5 }, "[connectionLimit] -5 is not valid"],
    [{ vendor: "whaly", database: "db" }, "[readSchemas] is empty, so Whaly BI would have nothing to read"],
    [{ vendor: "custom", database: "db", readSchemas: ["public"] }, '[roleName] is required with vendor "custom"'],
    [{ vendor: "custom", database: "db", roleName: "v", readSchemas: ["public"], securityGroupId: "sg-1" }, "[extraCidrs] is needed: securityGroupId is set but there are no CIDRs to allow for Custom vendor."],
    [{ ...segmentArgs, managedSchemas: ["x"] }, '[managedSchemas] only applies to vendor "custom"'],
    [{ ...segmentArgs, databasePrivileges: ["CONNECT"] }, '[databasePrivileges] only applies to vendor "custom"'],
    [{ ...segmentArgs, managedSchemaOnDestroy: "delete" }, '[managedSchemaOnDestroy] "delete" is not valid; use "retain" (default) or "drop".'],
  ] as [PostgresVendorAccessArgs, string][])("%#: throws %s and registers nothing", async (args, message) => {
    expect(() => new PostgresVendorAccess("bad", args)).toThrow(message);
    await (pulumi.runtime as any).waitForRPCs();
    expect(capture.registrations).toEqual([]);
  });
});

describe("custom vendor and hostile names", () => {
  test("custom: everything from args, IPv6 supported", async () => {
    const c = await deploy("acme", {
      vendor: "custom",
      roleName: "Acme Loader",
      database: "Prod DB",
      readSchemas: ['we"ird;schema', "café"],
      tableOwners: ["Owner Role"],
      managedSchemas: ["_acme_state"],
      databasePrivileges: ["CONNECT", "TEMPORARY"],
      securityGroupId: "sg-acme",
      extraCidrs: ["2001:DB8:1::/48", "192.0.2.10"],
    });
    expect(capture.ofType(TYPES.role)[0].inputs.name).toBe("Acme Loader");
    expect(capture.ofType(TYPES.schema).map((r) => [r.name, r.inputs.name, r.inputs.owner])).toEqual([
      ["acme-managed-schema-_acme_state", "_acme_state", "Acme Loader"],
    ]);
    expect(byName(capture.ofType(TYPES.grant)).get("acme-database")!.inputs.privileges).toEqual(["CONNECT", "TEMPORARY"]);
    expect(names(TYPES.grant)).toEqual([
      "acme-database",
      "acme-schema-caf~e9~",
      "acme-schema-we~22~ird~3b~schema",
      "acme-sequences-caf~e9~",
      "acme-sequences-we~22~ird~3b~schema",
      "acme-tables-caf~e9~",
      "acme-tables-we~22~ird~3b~schema",
    ]);
    expect(byName(capture.ofType(TYPES.grant)).get("acme-tables-we~22~ird~3b~schema")!.inputs.schema).toBe('we"ird;schema');
    expect(capture.ofType(TYPES.ingressRule).map((r) => [r.name, r.inputs.cidrIpv4, r.inputs.cidrIpv6])).toEqual([
      ["acme-ingress-5432-2001-db8-1---48", undefined, "2001:db8:1::/48"],
      ["acme-ingress-5432-192-0-2-10-32", "192.0.2.10/32", undefined],
    ]);
    expect(await unwrap(c.managedSchemas)).toEqual(["_acme_state"]);
  });
});

describe("warnings", () => {
  test("no table owners: warns that later tables will not be readable", async () => {
    const warn = vi.spyOn(pulumi.log, "warn");
    await deploy("w", { vendor: "whaly", database: "db", readSchemas: ["public"] });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'tableOwners is empty: tables created later in "public" will not be readable by "whaly_bi" until the next deployment. List the roles that create them.',
    ]);
  });

  test("two vendors filling one security group past 60 rules: quota warning", async () => {
    const warn = vi.spyOn(pulumi.log, "warn");
    const many = Array.from({ length: 30 }, (_, i) => `198.51.${i}.0/24`);
    await deploy("whaly", { vendor: "whaly", database: "db", readSchemas: ["public"], tableOwners: ["o"], securityGroupId: "sg-shared" });
    expect(warn).not.toHaveBeenCalled();
    await deploy("acme", { vendor: "custom", roleName: "acme", database: "db", readSchemas: ["public"], tableOwners: ["o"], securityGroupId: "sg-shared", extraCidrs: many });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "Security group sg-shared would hold 66 IPv4 inbound rules from pg-vendor-access components, over AWS's default quota of 60; request an increase (quota L-0EA8095F) or give vendors a dedicated security group.",
    ]);
  });

  test("the same CIDR twice on one security group is refused before registration", async () => {
    await deploy("segment", segmentArgs);
    capture.reset();
    expect(
      () => new PostgresVendorAccess("acme", { vendor: "custom", roleName: "acme", database: "db", readSchemas: ["public"], securityGroupId: segmentArgs.securityGroupId, extraCidrs: ["52.25.130.38"] }),
    ).toThrow('[securityGroupId] sg-0123456789abcdef0 already allows 52.25.130.38/32 on port 5432 through component "segment"; AWS refuses duplicate rules.');
    await (pulumi.runtime as any).waitForRPCs();
    expect(capture.registrations).toEqual([]);
  });
});
