/**
 * The vendor examples (examples/census-reverse-etl, airbyte-cdc, multi-vendor) run as Pulumi programs under
 * mocks, with stack config set and the RDS look-ups answered: what each declares is pinned (roles, managed
 * schemas, CDC children, ingress rules, providers, cross-component chaining), so an example that no longer
 * matches the component fails here, not in a user's `pulumi up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { PulumiCapture, TYPES, unwrap } from "../support/pulumi-capture";

vi.mock("pg-vendor-access", () => import("../../src"));

const INSTANCE = {
  address: "app.abc123.us-east-1.rds.amazonaws.com",
  // RDS reports the instance's listener as dbInstancePort; `port` is the endpoint port meant for Aurora.
  dbInstancePort: 6432,
  port: 6432,
  masterUsername: "master",
  vpcSecurityGroups: ["sg-0aaaaaaaaaaaaaaaa"],
  dbSubnetGroup: "app-subnets",
  publiclyAccessible: true,
  replicateSourceDb: "",
};

let capture: PulumiCapture;

beforeAll(async () => {
  capture = await PulumiCapture.install();
  // Answer the examples' RDS look-ups (PulumiCapture refuses invokes by default).
  const monitor: any = (pulumi.runtime as any).getMonitor();
  monitor.mocks.call = (args: { token: string; inputs: any }) => {
    capture.invokes.push({ token: args.token, provider: "", inputs: args.inputs });
    if (args.token === "aws:rds/getInstance:getInstance") return { ...INSTANCE, dbInstanceIdentifier: args.inputs.dbInstanceIdentifier };
    if (args.token === "aws:rds/getSubnetGroup:getSubnetGroup") return { name: args.inputs.name, vpcId: "vpc-0bbbbbbbbbbbbbbbb" };
    throw new Error(`unexpected invoke ${args.token}`);
  };
});

beforeEach(() => {
  capture.reset();
  resetChains();
  resetDeclaredRules();
});

function configure(values: Record<string, unknown>): void {
  const config: Record<string, string> = { "aws:region": "us-east-1" };
  for (const [k, v] of Object.entries(values)) config[`project:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  (pulumi.runtime as any).setAllConfig(config, ["project:adminPassword"]);
}

async function runExample(dir: string): Promise<Record<string, any>> {
  const program = await capture.run(() => import(`../../examples/${dir}/index.ts`));
  // Resolve every export, so failed applies (e.g. a thrown config error) fail the test.
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(program)) out[k] = await unwrap(v as any);
  await (pulumi.runtime as any).waitForRPCs();
  return out;
}

const roleNames = () => capture.ofType(TYPES.role).map((r) => r.inputs.name).sort();
const ingressCidrs = (component: string) =>
  capture.ofType(TYPES.ingressRule).filter((r) => r.name.startsWith(`${component}-`)).map((r) => r.inputs.cidrIpv4).sort();

describe("examples", () => {
  test("segment-reverse-etl: role segment, managed schema kept on destroy, US IPs on the instance's group and port", async () => {
    configure({ port: 6432, dbInstanceIdentifier: "app-prod", adminPassword: "admin-password-0123456789", tableOwners: ["app_migrator"] });
    const out = await runExample("segment-reverse-etl");
    expect(roleNames()).toEqual(["segment"]);
    expect(capture.ofType(TYPES.schema).map((s) => [s.inputs.name, s.inputs.owner, s.retainOnDelete])).toEqual([["__segment_reverse_etl", "segment", true]]);
    expect(ingressCidrs("segment")).toEqual(["34.223.203.0/28", "52.25.130.38/32"]);
    expect(new Set(capture.ofType(TYPES.ingressRule).map((r) => `${r.inputs.securityGroupId}:${r.inputs.fromPort}`))).toEqual(new Set(["sg-0aaaaaaaaaaaaaaaa:6432"]));
    expect(out.segmentConnection).toMatchObject({ host: INSTANCE.address, port: 6432, database: "analytics", user: "segment" });
    expect(out.segmentManagedSchemas).toEqual(["__segment_reverse_etl"]);
  });

  test("whaly-bi: read-only role whaly_bi, 36 rules on a dedicated security group", async () => {
    configure({ port: 6432, dbInstanceIdentifier: "app-prod", adminPassword: "admin-password-0123456789", tableOwners: ["app_owner"] });
    await runExample("whaly-bi");
    expect(roleNames()).toEqual(["whaly_bi"]);
    expect(capture.ofType(TYPES.schema)).toEqual([]);
    const groups = capture.ofType("aws:ec2/securityGroup:SecurityGroup");
    expect(groups).toHaveLength(1);
    const rules = capture.ofType(TYPES.ingressRule);
    expect(rules).toHaveLength(36);
    expect(new Set(rules.map((r) => `${r.inputs.securityGroupId}:${r.inputs.fromPort}`))).toEqual(new Set([`${groups[0].id}:6432`]));
  });

  test("census-reverse-etl: role census, bookkeeping schema census, EXECUTE on functions, us-east-1 IPs", async () => {
    configure({ port: 6432, dbInstanceIdentifier: "app-replica", adminPassword: "admin-password-0123456789", tableOwners: ["dbt"] });
    const out = await runExample("census-reverse-etl");
    expect(roleNames()).toEqual(["census"]);
    expect(capture.ofType(TYPES.schema).map((s) => [s.inputs.name, s.inputs.owner, s.retainOnDelete])).toEqual([["census", "census", true]]);
    expect(capture.ofType(TYPES.grant).map((g) => `${g.inputs.objectType}:${g.inputs.privileges.join(",")}`)).toEqual([
      "database:CONNECT",
      "schema:USAGE",
      "table:SELECT",
      "function:EXECUTE",
    ]);
    expect(ingressCidrs("census")).toEqual(["3.220.140.57/32", "54.81.195.173/32"]);
    expect(capture.ofType(TYPES.ingressRule).every((r) => r.inputs.securityGroupId === "sg-0aaaaaaaaaaaaaaaa")).toBe(true);
    expect(out.censusBookkeepingSchemas).toEqual(["census"]);
    expect(out.censusConnection).toMatchObject({ host: INSTANCE.address, port: 6432, database: "analytics", user: "census" });
    // The instance's port, from config, on every rule and on the provider.
    expect(new Set(capture.ofType(TYPES.ingressRule).map((r) => `${r.inputs.fromPort}-${r.inputs.toPort}`))).toEqual(new Set(["6432-6432"]));
    expect(capture.registrations.filter((r) => r.type === "pulumi:providers:postgresql").map((r) => r.inputs.port)).toEqual(["6432"]);
  });

  test("airbyte-cdc: publication and slot with Airbyte's names, rds_replication, US IPs", async () => {
    configure({ port: 6432, dbInstanceIdentifier: "app-prod", adminPassword: "admin-password-0123456789", cdcTables: ["public.orders", "public.customers"] });
    const out = await runExample("airbyte-cdc");
    expect(roleNames()).toEqual(["airbyte"]);
    expect(capture.ofType(TYPES.publication).map((p) => p.inputs)).toEqual([
      { name: "airbyte_publication", database: "analytics", tables: ["public.customers", "public.orders"], dropCascade: false },
    ]);
    expect(capture.ofType(TYPES.replicationSlot).map((p) => p.inputs)).toEqual([{ name: "airbyte_slot", database: "analytics", plugin: "pgoutput" }]);
    expect(capture.ofType(TYPES.grantRole).map((g) => [g.inputs.grantRole, g.deleteBeforeReplace])).toEqual([["rds_replication", true]]);
    expect(ingressCidrs("airbyte")).toHaveLength(9);
    expect(out.airbyteReplicationSlot).toBe("airbyte_slot");
    expect(out.airbytePublication).toBe("airbyte_publication");
  });

  test("multi-vendor: three roles, one dedicated group with 14 rules, Postgres children chained across components", async () => {
    configure({ port: 6432, dbInstanceIdentifier: "app-prod", adminPassword: "admin-password-0123456789", cdcTables: ["public.orders"], tableOwners: ["dbt"] });
    const out = await runExample("multi-vendor");
    expect(roleNames()).toEqual(["airbyte", "census", "metabase"]);
    expect(capture.ofType(TYPES.component).map((c) => c.name).sort()).toEqual(["airbyte", "census", "metabase"]);
    const [group] = capture.registrations.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup");
    expect(group!.inputs.vpcId).toBe("vpc-0bbbbbbbbbbbbbbbb");
    expect(out.ingressRuleCount).toBe(14);
    expect(ingressCidrs("metabase")).toEqual(["18.207.81.126/32", "3.211.20.157/32", "50.17.234.169/32"]);
    expect(capture.ofType(TYPES.publication)).toHaveLength(1);
    expect(capture.ofType(TYPES.replicationSlot)).toHaveLength(1);
    // One chain per database: the first Postgres child of each later component waits for a child of an earlier one.
    const pgChildren = capture.registrations.filter((r) => r.type.startsWith("postgresql:index/"));
    const first = (component: string) => pgChildren.find((r) => r.name.startsWith(`${component}-`))!;
    expect(first("airbyte").dependencies.some((d) => d.includes("::census-"))).toBe(true);
    expect(first("metabase").dependencies.some((d) => d.includes("::airbyte-"))).toBe(true);
    expect(Object.keys(out.connections).sort()).toEqual(["airbyte", "census", "metabase"]);
    expect(out.airbyteCdc).toMatchObject({ slotName: "airbyte_slot", publicationName: "airbyte_publication", replicationPrivilege: "rds_replication" });
  });
});
