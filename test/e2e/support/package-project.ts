/**
 * Programs in other Pulumi languages that use the component as a package, the way a user would: a project
 * directory, `pulumi package add <repo>/pulumi-package` run by the real CLI (which runs the component
 * provider through our Node.js language host to get its schema, then asks the program's language host to
 * generate and link an SDK), then a stack on a file backend.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { expect } from "vitest";
import { startPostgres, type PgServer } from "../../support/pg-server";
import { APP_OWNER, CREATOR, READ_SCHEMAS, createScenario, type Scenario } from "../../support/fixture";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, tableKey } from "./probes";
import { REPO_ROOT, fileBackend, toolchain } from "./toolchain";
import { providerConfigMap, providerLogin, type Integration } from "./workspace";

/** The component package directory (PulumiPlugin.yaml). */
export const PACKAGE_DIR = join(REPO_ROOT, "pulumi-package");

/** A fresh, empty project directory under .test-tmp. */
export function newProjectDir(tag: string): string {
  const dir = join(REPO_ROOT, ".test-tmp", "e2e-projects", `${tag}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The environment the CLI runs with: the toolchain's offline settings, plus a file backend. */
export function cliEnv(backendTag: string): Record<string, string> {
  return { ...toolchain().env, PULUMI_BACKEND_URL: fileBackend(backendTag), PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
}

/** Runs the real `pulumi` with args in dir; rejects with its output when it fails. */
export async function runPulumi(dir: string, args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  try {
    return await promisify(execFile)(join(toolchain().binDir, "pulumi"), args, {
      cwd: dir,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`pulumi ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/** `pulumi package add <pulumi-package>` in the project; returns what the CLI printed (stdout, then stderr). */
export async function addComponentPackage(projectDir: string, env: Record<string, string>): Promise<string> {
  const { stdout, stderr } = await runPulumi(projectDir, ["package", "add", PACKAGE_DIR], env);
  return `${stdout}\n${stderr}`;
}

/** The project's Pulumi.yaml, parsed. */
export function readProject(projectDir: string): Record<string, unknown> {
  return YAML.parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8"));
}

/** A stack of the project in projectDir, driven through the Automation API with the toolchain's CLI. */
export async function packageStack(projectDir: string, name: string, env: Record<string, string>): Promise<Stack> {
  const tc = toolchain();
  return LocalWorkspace.createStack(
    { stackName: name, workDir: projectDir },
    {
      workDir: projectDir,
      pulumiCommand: await PulumiCommand.get({ root: join(tc.binDir, ".."), skipVersionCheck: true }),
      pulumiHome: tc.pulumiHome,
      envVars: env,
    },
  );
}

/** Points the stack's default postgresql provider at the scenario's database as its superuser admin. */
export async function configureStack(stack: Stack, server: PgServer, sc: Scenario, extra: Record<string, string> = {}): Promise<void> {
  await stack.setAllConfig({
    ...Object.fromEntries(Object.entries(extra).map(([k, value]) => [k, { value }])),
    ...providerConfigMap(providerLogin(server, sc, "superuser")),
  });
}

/** What every package program deploys: Segment (US) and Whaly, reading the fixture's schemas. */
export const packageIntegrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

/**
 * A preview with a broken program in place: `breakProgram` writes it, `restore` puts the good one back
 * (always). Asserts that the preview failed and that the stack still holds no resource; returns the error.
 */
export async function failedPreview(stack: Stack, breakProgram: () => void, restore: () => void): Promise<string> {
  breakProgram();
  let err: Error | undefined;
  try {
    err = await stack.preview({ color: "never" }).then(() => undefined, (e: Error) => e);
  } finally {
    restore();
  }
  expect(err, "the preview should have failed").toBeDefined();
  expect(await stack.exportStack().then((s) => s.deployment.resources ?? [])).toEqual([]);
  return String(err);
}

/**
 * The first `up` of a package program deploying `list` (exporting `connections` keyed by vendor): it only
 * creates, no password is in the state in plain text, and each vendor does its whole job and nothing more
 * (probes whose later tables are tagged `tag`).
 */
export async function upAndProbe(stack: Stack, sc: Scenario, list: Integration[], tag: string): Promise<void> {
  const up = await stack.up({ color: "never" });
  expect(up.summary.result).toBe("succeeded");
  // A first deployment only creates (the components, their children, the default providers).
  expect(Object.keys(up.summary.resourceChanges ?? {})).toEqual(["create"]);
  const outputs = await stack.outputs();
  const connections = outputs.connections.value as Record<string, { password: string }>;
  // Secret: no password is in the stack's state in plain text (YAML makes the whole output secret, Python
  // each connection in it; both are encrypted in the state).
  // (`stack export` without --show-secrets; the Automation API's exportStack decrypts.)
  const state = (await runPulumi(stack.workspace.workDir, ["stack", "export", "--stack", stack.name], stack.workspace.envVars)).stdout;
  expect(state).toContain('"ciphertext"');
  for (const vendor of list.map((i) => i.vendor)) {
    expect(connections[vendor]?.password?.length, `connections.${vendor}.password`).toBeGreaterThanOrEqual(16);
    expect(state.includes(connections[vendor].password), `${vendor}'s password in the state`).toBe(false);
  }
  // The plans are computed here, independently of the provider process, from the same arguments.
  const plans = plansOf(sc, list);
  expect(Object.values(plans).map((p) => p.plan.roleName).sort()).toEqual(["segment", "whaly_bi"]);
  await probeVendors(sc, list, { connections }, tag);
}

/**
 * `destroy` after {@link upAndProbe}: both roles and every privilege gone, Segment's retained schema keeps
 * the probe's rows; then the stack is removed.
 */
export async function destroyAndCheck(stack: Stack, sc: Scenario, list: Integration[], tag: string): Promise<void> {
  const down = await stack.destroy({ color: "never" });
  expect(down.summary.result).toBe("succeeded");
  const plans = Object.values(plansOf(sc, list)).map((p) => p.plan);
  const retained = Object.fromEntries(MANAGED_TABLES.segment.map((t) => [tableKey("__segment_reverse_etl", `${t}_${tag}`), ["r1", "r3"]]));
  await assertDestroyed(sc, plans, retained);
  await stack.workspace.removeStack(stack.name);
}

/** A package test's world: its PostgreSQL, fixture, project directory, CLI environment and stack. */
export interface PackageTest {
  server: PgServer;
  sc: Scenario;
  project: string;
  env: Record<string, string>;
  /** What `pulumi package add` printed. */
  added: string;
  stack: Stack;
}

/**
 * A throwaway PostgreSQL 15 with the fixture, a fresh project directory holding `files` (Pulumi.yaml and
 * whatever the runtime needs), `pulumi package add` there with the CLI environment plus `extraEnv`, then a
 * stack `<tag>-<pid>` whose default postgresql provider points at the fixture, with config `database`.
 */
export async function setUpPackageTest(tag: string, files: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<PackageTest> {
  const server = await startPostgres({ major: 15 });
  const sc = await createScenario(server, "superuser");
  const project = newProjectDir(`${tag}-package`);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(project, name), content);
  const name = `${tag}-${process.pid}`;
  const env = { ...cliEnv(name), ...extraEnv };
  const added = await addComponentPackage(project, env);
  const stack = await packageStack(project, name, env);
  await configureStack(stack, server, sc, { database: sc.database });
  return { server, sc, project, env, added, stack };
}

/** Drops the vendor roles a failed test may have left, and stops the server. */
export async function tearDownPackageTest(t: PackageTest | undefined): Promise<void> {
  await t?.sc.cleanup(["segment", "whaly_bi"]);
  await t?.server.stop();
}
