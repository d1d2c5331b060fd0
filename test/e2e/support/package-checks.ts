/**
 * What the package tests (a Pulumi YAML, Go, ... program using the pg-vendor-access package) check alike:
 * the Segment and Whaly integrations they deploy, and what must hold after `up` and after `destroy`.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { expect } from "vitest";
import { APP_OWNER, CREATOR, READ_SCHEMAS, type Scenario } from "../../support/fixture";
import type { Integration } from "./workspace";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, tableKey } from "./probes";

/** Segment (US region) and Whaly, both reading every fixture schema and the tables of both owners. */
export const packageIntegrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

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
