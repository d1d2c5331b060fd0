/**
 * Programs in other Pulumi languages that use the component as a package, the way a user would: a project
 * directory, `pulumi package add <repo>/pulumi-package` run by the real CLI (which runs the component
 * provider through our Node.js language host to get its schema, then asks the program's language host to
 * generate and link an SDK), then a stack on a file backend.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import type { PgServer } from "../../support/pg-server";
import type { Scenario } from "../../support/fixture";
import { REPO_ROOT, fileBackend, toolchain } from "./toolchain";
import { providerConfigMap, providerLogin } from "./workspace";

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
