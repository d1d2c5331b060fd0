/**
 * The component as a Pulumi package, used from a Pulumi YAML program by the real engine, set up the way a
 * user would: `pulumi package add <repo>/pulumi-package` in an empty YAML project. The CLI runs the
 * component provider (PulumiPlugin.yaml, through our Node.js language host's RunPlugin) for its schema,
 * records the package under `packages:` in Pulumi.yaml and writes the schema-derived SDK to sdks/. The
 * YAML language host (built from Go modules by scripts/pulumi-toolchain.sh) then type-checks the program
 * against that schema, and the engine constructs Segment and Whaly access through the provider on a
 * throwaway PostgreSQL 15. Each vendor does its job; a bad vendor id fails with the TypeScript message;
 * destroy leaves nothing.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { createScenario, type Scenario } from "../support/fixture";
import type { Integration } from "./support/workspace";
import { destroyAndCheck, packageIntegrations, upAndProbe } from "./support/package-checks";
import { PACKAGE_DIR, addComponentPackage, cliEnv, configureStack, newProjectDir, packageStack, readProject } from "./support/package-project";

/** The resources and outputs of a YAML program declaring one PostgresVendorAccess per integration. */
function yamlProgram(list: Integration[]): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  const connections: Record<string, string> = {};
  for (const { vendor, ...args } of list) {
    resources[vendor] = { type: "pg-vendor-access:PostgresVendorAccess", properties: { vendor, database: "${database}", ...args } };
    connections[vendor] = `\${${vendor}.connection}`;
  }
  return { config: { database: { type: "string" } }, resources, outputs: { connections } };
}

describe("Pulumi YAML program using the pg-vendor-access package (pulumi package add)", () => {
  let server: PgServer;
  let sc: Scenario;
  let stack: Stack;
  let project: string;
  let env: Record<string, string>;
  let added: string;
  const list = packageIntegrations();

  beforeAll(async () => {
    server = await startPostgres({ major: 15 });
    sc = await createScenario(server, "superuser");
    project = newProjectDir("yaml-package");
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ name: "pva-yaml-package", runtime: "yaml" }));
    const name = `yaml-${process.pid}`;
    env = cliEnv(name);
    added = await addComponentPackage(project, env);
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ ...readProject(project), ...yamlProgram(list) }));
    stack = await packageStack(project, name, env);
    await configureStack(stack, server, sc, { database: sc.database });
  });
  afterAll(async () => {
    await sc?.cleanup(["segment", "whaly_bi"]);
    await server?.stop();
  });

  test("pulumi package add records the package in Pulumi.yaml and writes its schema SDK to sdks/", () => {
    expect(added).toContain("Added package pg-vendor-access");
    expect(readProject(project).packages).toEqual({ "pg-vendor-access": PACKAGE_DIR });
    const version = require("../../package.json").version as string;
    expect(existsSync(join(project, "sdks", "pg-vendor-access", `pg-vendor-access-${version}.yaml`))).toBe(true);
  });

  test("a system schema is refused with the TypeScript component's exact message, before anything exists", async () => {
    const good = readProject(project);
    const bad = yamlProgram([{ ...list[1], readSchemas: ["sales", "pg_catalog"] }]);
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ ...good, ...bad }));
    try {
      const err = await stack.preview({ color: "never" }).then(() => undefined, (e: Error) => e);
      expect(err).toBeDefined();
      // The literal message of the TypeScript validator (src/validate.ts), written out here.
      expect(String(err)).toContain(
        '[readSchemas[1]] "pg_catalog" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.',
      );
    } finally {
      writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify(good));
    }
    expect(await stack.exportStack().then((s) => s.deployment.resources ?? [])).toEqual([]);
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await upAndProbe(stack, sc, list, "yaml");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await destroyAndCheck(stack, sc, list, "yaml");
  });
});
