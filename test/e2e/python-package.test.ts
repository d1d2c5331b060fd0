/**
 * The component as a Pulumi package, used from a Python program by the real engine, set up the way a user
 * would: a Python project (Pulumi.yaml `runtime: python`, requirements.txt with the `pulumi` SDK from PyPI),
 * then `pulumi package add <repo>/pulumi-package`. The CLI runs the component provider for its schema and
 * asks our Python language host (tools/pulumi/engine/cmd/pulumi-language-python) to generate the SDK into
 * sdks/, link it into requirements.txt and install both into the project's virtual environment. The program
 * uses the generated, typed `PostgresVendorAccess` class with keyword arguments; the engine constructs
 * Segment and Whaly access through the provider on a throwaway PostgreSQL 15. Each vendor does its job; a
 * bad vendor id fails with the TypeScript message; destroy leaves nothing. A probe program on a second stack
 * shows what the host's runner hands the SDK (stack, project, organization, root, config, secret keys,
 * preview or update).
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
import { vendors } from "../../src";
import type { Integration } from "./support/workspace";
import {
  PACKAGE_DIR,
  type PackageTest,
  destroyAndCheck,
  failedPreview,
  packageIntegrations,
  packageStack,
  readProject,
  setUpPackageTest,
  tearDownPackageTest,
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
  let t: PackageTest;
  let stack: Stack;
  let project: string;
  const list = packageIntegrations();
  const program = pythonProgram(list);
  const writeProgram = (text: string) => writeFileSync(join(project, "__main__.py"), text);

  beforeAll(async () => {
    const wheels = await pythonWheelhouse();
    t = await setUpPackageTest(
      "python",
      {
        "Pulumi.yaml": YAML.stringify({ name: "pva-python-package", runtime: { name: "python", options: { virtualenv: "venv" } } }),
        "requirements.txt": `pulumi==${pythonSdkVersion()}\n`,
        "__main__.py": program,
      },
      pipOfflineEnv(wheels),
    );
    ({ stack, project } = t);
  });
  afterAll(() => tearDownPackageTest(t));

  test("pulumi package add generates the SDK into sdks/, records it in requirements.txt and installs it", () => {
    expect(t.added).toContain("Added package pg-vendor-access");
    expect(t.added).toContain("import pulumi_pg_vendor_access as pg_vendor_access");
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

  test("the runner gives the program the engine's settings: stack, project, organization, root, config and its secret keys, preview or update", async () => {
    const probe = [
      "import os, pulumi",
      "from pulumi import runtime",
      "config = pulumi.Config('probe')",
      "print(f'dry run: {runtime.is_dry_run()}')",
      "pulumi.export('settings', {'stack': pulumi.get_stack(), 'project': pulumi.get_project(), 'organization': pulumi.get_organization(),",
      "    'root': runtime.get_root_directory(), 'cwd': os.getcwd(), 'plain': config.require('plain'),",
      "    'tokenIsSecret': runtime.is_config_secret('probe:token'), 'plainIsSecret': runtime.is_config_secret('probe:plain')})",
      "pulumi.export('token', config.require_secret('token'))",
    ].join("\n");
    const name = `python-settings-${process.pid}`;
    const probeStack = await packageStack(project, name, t.env);
    await probeStack.setAllConfig({ "probe:plain": { value: "p" }, "probe:token": { value: "t0ken-value", secret: true } });
    writeProgram(probe);
    try {
      expect((await probeStack.preview({ color: "never" })).stdout).toContain("dry run: True");
      expect((await probeStack.up({ color: "never" })).stdout).toContain("dry run: False");
      const out = await probeStack.outputs();
      expect(out.settings).toEqual({
        value: { stack: name, project: "pva-python-package", organization: "organization", root: project, cwd: project, plain: "p", tokenIsSecret: true, plainIsSecret: false },
        secret: false,
      });
      expect(out.token).toEqual({ value: "t0ken-value", secret: true });
    } finally {
      writeProgram(program);
      await probeStack.destroy({ color: "never" });
      await probeStack.workspace.removeStack(name);
    }
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await upAndProbe(stack, t.sc, list, "python");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await destroyAndCheck(stack, t.sc, list, "python");
  });
});
