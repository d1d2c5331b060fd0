/**
 * The component as a Pulumi package, used from a Pulumi YAML program by the real engine: the YAML language
 * host (built from Go modules by scripts/pulumi-toolchain.sh) type-checks the program against the schema our
 * component provider serves (pulumi-package/), and the engine constructs Segment and Whaly access through
 * that provider on a throwaway PostgreSQL 15. Then each vendor does its job, and destroy leaves nothing.
 *
 * The provider is loaded as a plugin executable named in Pulumi.yaml (`plugins.providers[].path`): a
 * wrapper that runs pulumi-package/ with @pulumi/pulumi's run-plugin entry point, which is what Pulumi's
 * own Node.js language host does for a PulumiPlugin.yaml directory. Our language host does not implement
 * RunPlugin, so `packages:` pointing at the directory is not exercised here.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { APP_OWNER, CREATOR, READ_SCHEMAS, createScenario, type Scenario } from "../support/fixture";
import { REPO_ROOT, fileBackend, toolchain } from "./support/toolchain";
import { providerLogin, type Integration } from "./support/workspace";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, tableKey } from "./support/probes";

const integrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

/** A Pulumi YAML program declaring one PostgresVendorAccess per integration, exporting their connections. */
function yamlProgram(list: Integration[], pluginDir: string): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  const connections: Record<string, string> = {};
  for (const { vendor, ...args } of list) {
    resources[vendor] = { type: "pg-vendor-access:PostgresVendorAccess", properties: { vendor, database: "${database}", ...args } };
    connections[vendor] = `\${${vendor}.connection}`;
  }
  return {
    name: "pva-yaml-package",
    runtime: "yaml",
    plugins: { providers: [{ name: "pg-vendor-access", path: pluginDir }] },
    config: { database: { type: "string" } },
    resources,
    outputs: { connections },
  };
}

describe("Pulumi YAML program using the pg-vendor-access package", () => {
  let server: PgServer;
  let sc: Scenario;
  let stack: Stack;
  const list = integrations();

  beforeAll(async () => {
    const tc = toolchain();
    server = await startPostgres({ major: 15 });
    sc = await createScenario(server, "superuser");
    const workDir = join(REPO_ROOT, ".test-tmp", "e2e-projects", `yaml-package-${process.pid}-${Date.now()}`);
    // The component provider as a plugin executable (see the header).
    const pluginDir = join(workDir, "plugin");
    mkdirSync(pluginDir, { recursive: true });
    const pkg = join(REPO_ROOT, "pulumi-package");
    const runPlugin = join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin");
    writeFileSync(join(pluginDir, "pulumi-resource-pg-vendor-access"), `#!/bin/sh\ncd '${pkg}' && exec node '${runPlugin}' '${pkg}' "$@"\n`);
    chmodSync(join(pluginDir, "pulumi-resource-pg-vendor-access"), 0o755);
    const project = join(workDir, "project");
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify(yamlProgram(list, pluginDir)));

    const name = `yaml-${process.pid}`;
    stack = await LocalWorkspace.createStack(
      { stackName: name, workDir: project },
      {
        workDir: project,
        pulumiCommand: await PulumiCommand.get({ root: join(tc.binDir, ".."), skipVersionCheck: true }),
        pulumiHome: tc.pulumiHome,
        envVars: { ...tc.env, PULUMI_BACKEND_URL: fileBackend(name), PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      },
    );
    const p = providerLogin(server, sc, "superuser");
    await stack.setAllConfig({
      database: { value: sc.database },
      "postgresql:host": { value: p.host },
      "postgresql:port": { value: String(p.port) },
      "postgresql:database": { value: p.database },
      "postgresql:username": { value: p.username },
      "postgresql:password": { value: p.password, secret: true },
      "postgresql:sslmode": { value: "disable" },
      "postgresql:superuser": { value: String(p.superuser) },
    });
  });
  afterAll(async () => {
    await sc?.cleanup(["segment", "whaly_bi"]);
    await server?.stop();
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    const up = await stack.up({ color: "never" });
    expect(up.summary.result).toBe("succeeded");
    // A first deployment only creates (the components, their children, the default providers).
    expect(Object.keys(up.summary.resourceChanges ?? {})).toEqual(["create"]);
    const outputs = await stack.outputs();
    expect(outputs.connections.secret).toBe(true);
    // The plans are computed here, independently of the provider process, from the same arguments.
    const plans = plansOf(sc, list);
    expect(Object.values(plans).map((p) => p.plan.roleName).sort()).toEqual(["segment", "whaly_bi"]);
    await probeVendors(sc, list, { connections: outputs.connections.value }, "yaml");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    const down = await stack.destroy({ color: "never" });
    expect(down.summary.result).toBe("succeeded");
    const plans = Object.values(plansOf(sc, list)).map((p) => p.plan);
    const retained = Object.fromEntries(MANAGED_TABLES.segment.map((t) => [tableKey("__segment_reverse_etl", `${t}_yaml`), ["r1", "r3"]]));
    await assertDestroyed(sc, plans, retained);
    await stack.workspace.removeStack(stack.name);
  });
});
