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
import type { Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { createScenario, type Scenario } from "../support/fixture";
import { REPO_ROOT } from "./support/toolchain";
import type { Integration } from "./support/workspace";
import { createPackageStack, destroyAndCheck, packageIntegrations, packageWorkDir, upAndProbe } from "./support/package-stack";

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
  const list = packageIntegrations();

  beforeAll(async () => {
    server = await startPostgres({ major: 15 });
    sc = await createScenario(server, "superuser");
    const workDir = packageWorkDir("yaml-package");
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

    stack = await createPackageStack("yaml", project, server, sc);
  });
  afterAll(async () => {
    await sc?.cleanup(["segment", "whaly_bi"]);
    await server?.stop();
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await upAndProbe(stack, sc, list, "yaml");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await destroyAndCheck(stack, sc, list, "yaml");
  });
});
