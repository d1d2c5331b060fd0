/**
 * What the package tests (a Pulumi YAML, Go, ... program using the pg-vendor-access package) share: the
 * Segment and Whaly integrations they deploy, a stack of their project on the real engine with the provider
 * login as config, and the checks after `up` and `destroy`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { expect } from "vitest";
import type { PgServer } from "../../support/pg-server";
import { APP_OWNER, CREATOR, READ_SCHEMAS, type Scenario } from "../../support/fixture";
import { REPO_ROOT, fileBackend, toolchain } from "./toolchain";
import { providerConfigMap, providerLogin, type Integration } from "./workspace";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, tableKey } from "./probes";

/** Segment (US region) and Whaly, both reading every fixture schema and the tables of both owners. */
export const packageIntegrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

/** A fresh directory under .test-tmp/e2e-projects for one test file's projects. */
export function packageWorkDir(tag: string): string {
  const dir = join(REPO_ROOT, ".test-tmp", "e2e-projects", `${tag}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A stack of the project in `project` on the toolchain's CLI, in a fresh file backend, with the config key
 * `database` (the scenario's database) and the postgresql provider's login (the password as a secret).
 */
export async function createPackageStack(tag: string, project: string, server: PgServer, sc: Scenario): Promise<Stack> {
  const tc = toolchain();
  const name = `${tag}-${process.pid}`;
  const stack = await LocalWorkspace.createStack(
    { stackName: name, workDir: project },
    {
      workDir: project,
      pulumiCommand: await PulumiCommand.get({ root: join(tc.binDir, ".."), skipVersionCheck: true }),
      pulumiHome: tc.pulumiHome,
      envVars: { ...tc.env, PULUMI_BACKEND_URL: fileBackend(name), PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    },
  );
  await stack.setAllConfig({ database: { value: sc.database }, ...providerConfigMap(providerLogin(server, sc, "superuser")) });
  return stack;
}

/**
 * `up` creates both components through the package, the stack output `connections` (one connection per
 * vendor) is secret, and each vendor does its job; `tag` names the tables the probes create.
 */
export async function upAndProbe(stack: Stack, sc: Scenario, list: Integration[], tag: string): Promise<void> {
  const up = await stack.up({ color: "never" });
  expect(up.summary.result).toBe("succeeded");
  // A first deployment only creates (the components, their children, the default providers).
  expect(Object.keys(up.summary.resourceChanges ?? {})).toEqual(["create"]);
  const outputs = await stack.outputs();
  expect(outputs.connections.secret).toBe(true);
  // The plans are computed here, independently of the provider process, from the same arguments.
  const plans = plansOf(sc, list);
  expect(Object.values(plans).map((p) => p.plan.roleName).sort()).toEqual(["segment", "whaly_bi"]);
  await probeVendors(sc, list, { connections: outputs.connections.value }, tag);
}

/** `destroy` removes both roles and every privilege, and keeps Segment's retained schema and its rows. */
export async function destroyAndCheck(stack: Stack, sc: Scenario, list: Integration[], tag: string): Promise<void> {
  const down = await stack.destroy({ color: "never" });
  expect(down.summary.result).toBe("succeeded");
  const plans = Object.values(plansOf(sc, list)).map((p) => p.plan);
  const retained = Object.fromEntries(MANAGED_TABLES.segment.map((t) => [tableKey("__segment_reverse_etl", `${t}_${tag}`), ["r1", "r3"]]));
  await assertDestroyed(sc, plans, retained);
  await stack.workspace.removeStack(stack.name);
}
