/**
 * The component as a Pulumi package, used from a Python program by the real engine, set up the way a user
 * would: a Python project (Pulumi.yaml `runtime: python`, requirements.txt with the `pulumi` SDK from PyPI),
 * then `pulumi package add <repo>/pulumi-package`. The CLI runs the component provider for its schema and
 * asks our Python language host (tools/pulumi/engine/cmd/pulumi-language-python) to generate the SDK into
 * sdks/, link it into requirements.txt and install both into the project's virtual environment. The program
 * uses the generated, typed `PostgresVendorAccess` class with keyword arguments; the engine constructs
 * Segment and Whaly access through the provider on a throwaway PostgreSQL 15. Each vendor does its job; a
 * bad vendor id fails with the TypeScript message; destroy leaves nothing.
 *
 * pip installs from a wheel directory downloaded once from PyPI into the cache (support/python.ts): the
 * test reaches no package index.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { createScenario, type Scenario } from "../support/fixture";
import { vendors } from "../../src";
import type { Integration } from "./support/workspace";
import {
  PACKAGE_DIR,
  addComponentPackage,
  cliEnv,
  configureStack,
  destroyAndCheck,
  failedPreview,
  newProjectDir,
  packageIntegrations,
  packageStack,
  readProject,
  upAndProbe,
} from "./support/package-project";
import { pipOfflineEnv, pythonSdkVersion, pythonWheelhouse } from "./support/python";

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A Python program declaring one PostgresVendorAccess per integration with the generated SDK's keyword
 * arguments (the vendor as the generated VendorId enum member), exporting their connections.
 */
function pythonProgram(list: Integration[]): string {
  const lines = [
    "import pulumi",
    "import pulumi_pg_vendor_access as pva",
    "",
    'database = pulumi.Config().require("database")',
    "",
  ];
  for (const { vendor, ...args } of list) {
    const kwargs = Object.entries(args).map(([k, v]) => `    ${snake(k)}=${JSON.stringify(v)},`);
    lines.push(`${vendor} = pva.PostgresVendorAccess(`, `    ${JSON.stringify(vendor)},`, `    vendor=pva.VendorId.${vendor.toUpperCase()},`, "    database=database,", ...kwargs, ")");
  }
  lines.push(`pulumi.export("connections", {${list.map(({ vendor }) => `${JSON.stringify(vendor)}: ${vendor}.connection`).join(", ")}})`);
  return `${lines.join("\n")}\n`;
}

/** The same program with one line replaced. */
const withLine = (program: string, from: string, to: string): string => {
  expect(program).toContain(from);
  return program.replace(from, to);
};

describe("Python program using the pg-vendor-access package (pulumi package add)", () => {
  let server: PgServer;
  let sc: Scenario;
  let stack: Stack;
  let project: string;
  let added: string;
  const list = packageIntegrations();
  const program = pythonProgram(list);
  const writeProgram = (text: string) => writeFileSync(join(project, "__main__.py"), text);

  beforeAll(async () => {
    const wheels = await pythonWheelhouse();
    server = await startPostgres({ major: 15 });
    sc = await createScenario(server, "superuser");
    project = newProjectDir("python-package");
    writeFileSync(join(project, "Pulumi.yaml"), YAML.stringify({ name: "pva-python-package", runtime: { name: "python", options: { virtualenv: "venv" } } }));
    writeFileSync(join(project, "requirements.txt"), `pulumi==${pythonSdkVersion()}\n`);
    writeProgram(program);
    const name = `python-${process.pid}`;
    const env = { ...cliEnv(name), ...pipOfflineEnv(wheels) };
    added = await addComponentPackage(project, env);
    stack = await packageStack(project, name, env);
    await configureStack(stack, server, sc, { database: sc.database });
  });
  afterAll(async () => {
    await sc?.cleanup(["segment", "whaly_bi"]);
    await server?.stop();
  });

  test("pulumi package add generates the SDK into sdks/, records it in requirements.txt and installs it", () => {
    expect(added).toContain("Added package pg-vendor-access");
    expect(added).toContain("import pulumi_pg_vendor_access as pg_vendor_access");
    expect(readProject(project).packages).toEqual({ "pg-vendor-access": PACKAGE_DIR });
    expect(readFileSync(join(project, "requirements.txt"), "utf8")).toBe(`pulumi==${pythonSdkVersion()}\nsdks/pg-vendor-access\n`);
    const sdk = join(project, "sdks", "pg-vendor-access");
    expect(existsSync(join(sdk, "setup.py"))).toBe(true);
    const version = require("../../package.json").version as string;
    expect(JSON.parse(readFileSync(join(sdk, "pulumi_pg_vendor_access", "pulumi-plugin.json"), "utf8"))).toEqual({
      resource: true,
      name: "pg-vendor-access",
      version,
    });
    // Installed into the project's virtual environment, with typed keyword arguments and the enums.
    const python = join(project, "venv", "bin", "python");
    const probe = [
      "import inspect, json, pulumi_pg_vendor_access as p",
      "print(json.dumps({'file': p.__file__,",
      " 'args': list(inspect.signature(p.PostgresVendorAccessArgs.__init__).parameters)[1:],",
      " 'vendorIds': sorted(v.value for v in p.VendorId), 'onDestroy': [v.value for v in p.ManagedSchemaOnDestroy]}))",
    ].join("\n");
    const installed = JSON.parse(execFileSync(python, ["-c", probe], { encoding: "utf8" }));
    expect(installed.file.startsWith(join(project, "venv", "lib"))).toBe(true);
    expect(installed.args).toEqual([
      "database", "vendor", "cdc", "connection_limit", "database_privileges", "extra_cidrs", "host",
      "managed_schema_on_destroy", "managed_schemas", "mode", "password", "port", "read_schemas", "region",
      "role_name", "security_group_id", "table_owners",
    ]);
    expect(installed.vendorIds).toEqual(["custom", ...Object.keys(vendors)].sort());
    expect(installed.onDestroy).toEqual(["retain", "drop"]);
  });

  test("a bad vendor id fails with the TypeScript component's exact message, before anything exists", async () => {
    const bad = withLine(program, "vendor=pva.VendorId.WHALY,", 'vendor="segmnt",');
    const err = await failedPreview(stack, () => writeProgram(bad), () => writeProgram(program));
    const valid = ["custom", ...Object.keys(vendors).sort()].map((v) => JSON.stringify(v)).join(", ");
    expect(err).toContain(`[vendor] "segmnt" is not a known preset; valid presets: ${valid}.`);
  });

  test("a misspelt argument fails in Python itself: the generated class has typed keyword arguments", async () => {
    const bad = withLine(program, "    read_schemas=", "    read_schema=");
    const err = await failedPreview(stack, () => writeProgram(bad), () => writeProgram(program));
    expect(err).toContain("PostgresVendorAccess._internal_init() got an unexpected keyword argument 'read_schema'");
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await upAndProbe(stack, sc, list, "python");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await destroyAndCheck(stack, sc, list, "python");
  });
});
