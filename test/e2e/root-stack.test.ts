/**
 * The root stack program (Pulumi.yaml, stack/index.ts) deployed by the real Pulumi engine, Node.js language
 * host and postgresql/random provider plugins to a throwaway PostgreSQL, with a stack config like `dev`:
 * Segment and Whaly on shared schemas, hostile identifiers included. In both admin modes: up, the vendors'
 * jobs (positive and negative), refresh and preview with no changes, the replay harness's privilege state
 * equal to the engine's, then destroy without residue.
 *
 * The tests in a describe block build on each other (one stack's life cycle) and run in order.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PulumiCapture } from "../support/pulumi-capture";
import { Replayer } from "../support/replay";
import { startPostgres, type PgMajor, type PgServer } from "../support/pg-server";
import { ADMIN_MODES, APP_OWNER, CREATOR, READ_SCHEMAS, createScenario, type AdminMode, type Scenario } from "../support/fixture";
import { runStack } from "../../stack/program";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import { E2EStack, providerLogin, stackConfig, type Integration } from "./support/workspace";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, snapshotRoles, tableKey } from "./support/probes";

const MAJOR = Number(process.env.E2E_PG_MAJOR ?? 15) as PgMajor;

/** Like Pulumi.dev.yaml, over the fixture: both vendors read every fixture schema (one has a hostile name). */
const integrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

let server: PgServer;
/** A second server for the replay twin: roles are cluster-wide, so the twin cannot share the first. */
let twinServer: PgServer;
beforeAll(async () => {
  [server, twinServer] = await Promise.all([startPostgres({ major: MAJOR }), startPostgres({ major: MAJOR })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), twinServer?.stop()]);
});

describe.each(ADMIN_MODES)(`root stack on PostgreSQL ${MAJOR}, %s admin`, (mode: AdminMode) => {
  let sc: Scenario;
  let stack: E2EStack;
  const list = integrations();
  const roles = ["segment", "whaly_bi"];
  let engineState: Record<string, string[]>;

  beforeAll(async () => {
    sc = await createScenario(server, mode);
    stack = await E2EStack.create(`root-${mode}`, providerLogin(server, sc, mode), list);
  });
  afterAll(async () => {
    await sc?.cleanup(roles);
  });

  test("up deploys both integrations; each vendor does its job and nothing more", async () => {
    const up = await stack.up();
    expect(new Set(Object.values(up.steps))).toEqual(new Set(["create"]));
    // 2 components, 2 providers (postgresql, random), 1 random password and the plan's PostgreSQL children each.
    const plans = plansOf(sc, list);
    expect(Object.values(plans).map((p) => p.plan.roleName).sort()).toEqual(roles);
    const pgChildren = Object.values(plans).reduce((n, p) => n + p.plan.postgres.length, 0);
    expect(Object.keys(up.steps).length).toBe(2 + 2 + 2 + pgChildren);
    engineState = await snapshotRoles(sc, roles);
    await probeVendors(sc, list, await stack.outputs(), "first");
  });

  test("refresh and preview report no changes", async () => {
    await stack.refreshNoChanges();
    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.steps).toEqual({});
  });

  test("the replay harness reaches the same privilege state as the real engine", async () => {
    // The same root program under mocks, replayed with the provider's SQL into an identical fixture.
    const twin = await createScenario(twinServer, mode);
    try {
      const capture = await PulumiCapture.install({ requireExplicitProviders: true });
      capture.reset();
      resetChains();
      resetDeclaredRules();
      await capture.run(() => runStack(stackConfig(twinServer, twin, mode, list), ["postgresql:password"]));
      expect(capture.registrations.length).toBeGreaterThan(0);
      const replayer = new Replayer(twin.target);
      await replayer.up(capture.registrations);
      expect(await snapshotRoles(twin, roles)).toEqual(engineState);
      await replayer.destroy();
    } finally {
      await twin.cleanup(roles);
    }
  });

  test("destroy removes every role and privilege and keeps the vendor's retained schema and rows", async () => {
    const down = await stack.destroy();
    expect(new Set(Object.values(down.steps))).toEqual(new Set(["delete"]));
    const plans = Object.values(plansOf(sc, list)).map((p) => p.plan);
    const retained = Object.fromEntries(MANAGED_TABLES.segment.map((t) => [tableKey("__segment_reverse_etl", `${t}_first`), ["r1", "r3"]]));
    await assertDestroyed(sc, plans, retained);
    await stack.remove();
  });
});
