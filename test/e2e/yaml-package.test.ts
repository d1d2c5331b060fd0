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
import type { Integration } from "./support/workspace";
import * as pkg from "./support/package-project";

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
  let t: pkg.PackageTest;
  let stack: Stack;
  let project: string;
  const list = pkg.packageIntegrations();

  beforeAll(async () => {
    t = await pkg.setUpPackageTest("yaml", { "Pulumi.yaml": YAML.stringify({ name: "pva-yaml-package", runtime: "yaml" }) });
    ({ stack, project } = t);
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ ...pkg.readProject(project), ...yamlProgram(list) }));
  });
  afterAll(() => pkg.tearDownPackageTest(t));

  test("pulumi package add records the package in Pulumi.yaml and writes its schema SDK to sdks/", () => {
    expect(t.added).toContain("Added package pg-vendor-access");
    expect(pkg.readProject(project).packages).toEqual({ "pg-vendor-access": pkg.PACKAGE_DIR });
    const version = require("../../package.json").version as string;
    expect(existsSync(join(project, "sdks", "pg-vendor-access", `pg-vendor-access-${version}.yaml`))).toBe(true);
  });

  test("a system schema is refused with the TypeScript component's exact message, before anything exists", async () => {
    const good = pkg.readProject(project);
    const bad = yamlProgram([{ ...list[1], readSchemas: ["sales", "pg_catalog"] }]);
    const err = await pkg.failedPreview(
      stack,
      () => writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ ...good, ...bad })),
      () => writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify(good)),
    );
    // The literal message of the TypeScript validator (src/validate.ts), written out here.
    expect(err).toContain(
      '[readSchemas[1]] "pg_catalog" is a PostgreSQL system schema name (the "pg_" prefix is reserved for pg_catalog, pg_toast, pg_temp_N and the like); a vendor must never be granted the system catalogs, which include role password hashes (pg_authid); list application schemas only.',
    );
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await pkg.upAndProbe(stack, t.sc, list, "yaml");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await pkg.destroyAndCheck(stack, t.sc, list, "yaml");
  });
});
