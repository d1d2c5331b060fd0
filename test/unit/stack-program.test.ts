/**
 * The root stack program under Pulumi mocks, with config set as the engine sets it
 * (`pulumi.runtime.setAllConfig`: every top-level value a string, structured values as JSON text): the exact
 * providers and resources, every custom resource on an explicit provider (so the stack works with
 * `pulumi:disable-default-providers: ["*"]`), the outputs, and nothing registered on invalid config.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { parse } from "yaml";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { StackConfigError } from "../../src/stack-config";
import { readRuntimeConfig, runStack, type StackOutputs } from "../../stack/program";
import { isSecret, PulumiCapture, TYPES, unwrap } from "../support/pulumi-capture";

const root = join(__dirname, "..", "..");
const PROVIDER = { postgresql: "pulumi:providers:postgresql", aws: "pulumi:providers:aws", random: "pulumi:providers:random" };

/** A stack file's config as the engine hands it to the program: strings, objects as JSON. */
function runtimeConfig(file: string, extra: Record<string, unknown> = {}): Record<string, string> {
  const config = { ...parse(readFileSync(join(root, file), "utf8")).config, ...extra } as Record<string, unknown>;
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

let capture: PulumiCapture;
beforeAll(async () => {
  capture = await PulumiCapture.install({ requireExplicitProviders: true });
});
beforeEach(() => {
  capture.reset();
  resetChains();
  resetDeclaredRules();
  vi.restoreAllMocks();
});

async function deploy(config: Record<string, string>, secretKeys: string[] = []): Promise<StackOutputs> {
  pulumi.runtime.setAllConfig(config, secretKeys);
  const runtime = readRuntimeConfig();
  expect(runtime.secretKeys).toEqual(secretKeys);
  const outputs = await capture.run(() => runStack(runtime.config, runtime.secretKeys));
  await unwrap(outputs.connections);
  await (pulumi.runtime as any).waitForRPCs();
  return outputs;
}

const providerRef = (type: string) => {
  const [p] = capture.ofType(type);
  return `${p.urn}::${p.id}`;
};
const countByType = () => {
  const counts: Record<string, number> = {};
  for (const r of capture.registrations) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
};

describe("Pulumi.prod.yaml (RDS, TLS, two integrations with ingress)", () => {
  const config = runtimeConfig("Pulumi.prod.yaml", { "postgresql:password": "admin-password-from-secret-config" });

  test("declares exactly three explicit providers and two components on them", async () => {
    const outputs = await deploy(config, ["postgresql:password"]);

    expect(countByType()).toEqual({
      [PROVIDER.postgresql]: 1,
      [PROVIDER.random]: 1,
      [PROVIDER.aws]: 1,
      [TYPES.component]: 2,
      [TYPES.password]: 2,
      [TYPES.role]: 2,
      [TYPES.schema]: 1,
      [TYPES.grant]: 7 + 4,
      [TYPES.defaultPrivileges]: 4 + 2,
      [TYPES.ingressRule]: 2 + 36,
    });

    const [pg] = capture.ofType(PROVIDER.postgresql);
    expect(pg.name).toBe("postgresql");
    expect(pg.parent).toBe(""); // top level (mocks register no Stack resource)
    expect(pg.inputs).toMatchObject({
      host: "analytics.abcdefghijkl.eu-west-1.rds.amazonaws.com",
      port: "5432",
      database: "analytics",
      username: "rds_admin",
      password: "admin-password-from-secret-config",
      sslmode: "require",
      superuser: "false",
    });
    expect(pg.inputs).not.toHaveProperty("expectedVersion");
    expect(pg.secretInputs).toEqual(["password"]);

    const [awsProvider] = capture.ofType(PROVIDER.aws);
    expect(awsProvider.name).toBe("aws");
    expect(awsProvider.inputs).toMatchObject({ region: "eu-west-1", allowedAccountIds: '["123456789012"]' });
    expect(capture.ofType(PROVIDER.random).map((r) => r.name)).toEqual(["random"]);

    // Every Postgres child on the explicit postgresql provider, every rule on the aws one, passwords on random.
    const refs = { postgresql: providerRef(PROVIDER.postgresql), aws: providerRef(PROVIDER.aws), random: providerRef(PROVIDER.random) };
    for (const r of capture.registrations.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
      const expected = r.type.startsWith("postgresql:") ? refs.postgresql : r.type.startsWith("aws:") ? refs.aws : refs.random;
      expect(r.provider, `${r.type} ${r.name}`).toBe(expected);
    }

    expect(capture.ofType(TYPES.component).map((r) => r.name)).toEqual(["segment", "whaly"]);
    expect(capture.ofType(TYPES.role).map((r) => [r.name, r.inputs.name, r.inputs.connectionLimit])).toEqual([
      ["segment-role", "segment", 10],
      ["whaly-role", "whaly_bi", 5],
    ]);
    const sgOf = (prefix: string) => [...new Set(capture.ofType(TYPES.ingressRule).filter((r) => r.name.startsWith(prefix)).map((r) => r.inputs.securityGroupId))];
    expect(sgOf("segment-")).toEqual(["sg-0123456789abcdef0"]);
    expect(sgOf("whaly-")).toEqual(["sg-0fedcba9876543210"]);

    expect(await unwrap(outputs.roleNames)).toEqual({ segment: "segment", whaly: "whaly_bi" });
    expect(await unwrap(outputs.managedSchemas)).toEqual({ segment: ["__segment_reverse_etl"], whaly: [] });
    const ruleIds = await unwrap(outputs.ingressRuleIds);
    expect([ruleIds.segment.length, ruleIds.whaly.length]).toEqual([2, 36]);
    expect(ruleIds.segment.every((id) => /^sgr-[0-9a-f]{17}$/.test(id))).toBe(true);

    const connections = await unwrap(outputs.connections);
    const passwords = capture.ofType(TYPES.password).map((r) => r.state.result);
    expect(connections).toEqual({
      segment: { host: "analytics.abcdefghijkl.eu-west-1.rds.amazonaws.com", port: 5432, database: "analytics", user: "segment", password: passwords[0] },
      whaly: { host: "analytics.abcdefghijkl.eu-west-1.rds.amazonaws.com", port: 5432, database: "analytics", user: "whaly_bi", password: passwords[1] },
    });
    expect(await isSecret(outputs.connections)).toBe(true);
    expect(await isSecret(outputs.roleNames)).toBe(false);
  });

  test("the two components share one dependency chain on the database", async () => {
    await deploy(config, ["postgresql:password"]);
    const whalyRole = capture.ofType(TYPES.role).find((r) => r.name === "whaly-role")!;
    const segmentPostgres = capture.registrations.filter((r) => r.type.startsWith("postgresql:") && r.name.startsWith("segment-"));
    expect(whalyRole.dependencies).toContain(segmentPostgres[segmentPostgres.length - 1].urn);
  });
});

describe("Pulumi.dev.yaml (local server, no AWS)", () => {
  test("no aws provider and no ingress rules; sslmode disable and superuser true reach the provider", async () => {
    const outputs = await deploy(runtimeConfig("Pulumi.dev.yaml"));
    expect(countByType()).toEqual({
      [PROVIDER.postgresql]: 1,
      [PROVIDER.random]: 1,
      [TYPES.component]: 2,
      [TYPES.password]: 2,
      [TYPES.role]: 2,
      [TYPES.schema]: 1,
      [TYPES.grant]: 4 + 4,
      [TYPES.defaultPrivileges]: 2 + 2,
    });
    const [pg] = capture.ofType(PROVIDER.postgresql);
    expect(pg.inputs).toMatchObject({ host: "127.0.0.1", port: "5432", database: "analytics", username: "postgres", sslmode: "disable", superuser: "true" });
    expect(pg.inputs).not.toHaveProperty("password");
    expect(await unwrap(outputs.ingressRuleIds)).toEqual({ segment: [], whaly: [] });
    expect(Object.keys(await unwrap(outputs.connections))).toEqual(["segment", "whaly"]);
    expect((await unwrap(outputs.connections)).whaly.host).toBe("127.0.0.1");
  });
});

describe("invalid config", () => {
  test.each([
    ["unknown region", { "pg-vendor-access:integrations": JSON.stringify([{ vendor: "segment", region: "apac", readSchemas: ["public"] }]) }, "pg-vendor-access:integrations[0].region"],
    ["missing aws:region", { "pg-vendor-access:integrations": JSON.stringify([{ vendor: "whaly", readSchemas: ["public"], securityGroupId: "sg-0123456789abcdef0" }]) }, "aws:region"],
    ["second integration invalid", { "pg-vendor-access:integrations": JSON.stringify([{ vendor: "whaly", readSchemas: ["public"] }, { vendor: "segment", region: "apac" }]) }, "pg-vendor-access:integrations[1].region"],
  ])("%s: throws naming the key, registers nothing", async (_label, overrides, key) => {
    pulumi.runtime.setAllConfig({ ...runtimeConfig("Pulumi.dev.yaml"), ...overrides });
    let thrown: unknown;
    try {
      runStack(readRuntimeConfig().config);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StackConfigError);
    expect((thrown as StackConfigError).key).toBe(key);
    await (pulumi.runtime as any).waitForRPCs();
    expect(capture.registrations).toEqual([]);
  });
});

describe("entry point", () => {
  test("stack/index.ts reads the runtime config and exports the four outputs", async () => {
    pulumi.runtime.setAllConfig(runtimeConfig("Pulumi.dev.yaml"));
    vi.resetModules();
    const entry = await import("../../stack/index");
    await unwrap(entry.connections);
    await (pulumi.runtime as any).waitForRPCs();
    expect(Object.keys(entry).filter((k) => k !== "__esModule").sort()).toEqual(["connections", "ingressRuleIds", "managedSchemas", "roleNames"]);
    expect(await unwrap(entry.roleNames)).toEqual({ segment: "segment", whaly: "whaly_bi" });
    expect(capture.ofType(TYPES.component).map((r) => r.name)).toEqual(["segment", "whaly"]);
  });
});
