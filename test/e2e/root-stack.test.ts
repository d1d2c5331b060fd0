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
import { startPostgres, type PgMajor, type PgServer } from "../support/pg-server";
import { APP_OWNER, CREATOR, READ_SCHEMAS, createScenario, type AdminMode, type Scenario } from "../support/fixture";
import { E2EStack, providerLogin, stackConfig, type Integration } from "./support/workspace";
import { MANAGED_TABLES, assertDestroyed, plansOf, probeVendors, replayTwinState, snapshotRoles, tableKey } from "./support/probes";

/**
 * The full life cycle on PostgreSQL 15 in both admin modes (with the replay twin); a representative subset
 * on 17 (deploy, probes, refresh, destroy) with the RDS-like admin. The rest of the version matrix stays
 * with the replay suite (npm run test:matrix).
 */
const CASES: { major: PgMajor; mode: AdminMode; twin: boolean }[] = [
  { major: 15, mode: "superuser", twin: true },
  { major: 15, mode: "rds", twin: true },
  { major: 17, mode: "rds", twin: false },
];

/** Like Pulumi.dev.yaml, over the fixture: both vendors read every fixture schema (one has a hostile name). */
const integrations = (): Integration[] => [
  { vendor: "segment", region: "us", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
  { vendor: "whaly", readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] },
];

/** One server per major, plus a twin for the replay: roles are cluster-wide, so the twin cannot share it. */
const servers = new Map<string, Promise<PgServer>>();
const serverFor = (major: PgMajor, role: "main" | "twin"): Promise<PgServer> => {
  const key = `${major}-${role}`;
  if (!servers.has(key)) servers.set(key, startPostgres({ major }));
  return servers.get(key)!;
};
afterAll(async () => {
  await Promise.all([...servers.values()].map(async (s) => (await s).stop()));
});

describe.each(CASES)("root stack on PostgreSQL $major, $mode admin", ({ major, mode, twin }) => {
  let server: PgServer;
  let sc: Scenario;
  let stack: E2EStack;
  const list = integrations();
  const roles = ["segment", "whaly_bi"];
  let engineState: Record<string, string[]>;

  beforeAll(async () => {
    server = await serverFor(major, "main");
    sc = await createScenario(server, mode);
    stack = await E2EStack.create(`root-${major}-${mode}`, providerLogin(server, sc, mode), list);
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

  // Declared only where the twin runs (no skipped placeholder in the count).
  if (twin) test("the replay harness reaches the same privilege state as the real engine", async () => {
    // The same root program under mocks, replayed with the provider's SQL into an identical fixture.
    const twinServer = await serverFor(major, "twin");
    const twinSc = await createScenario(twinServer, mode);
    try {
      expect(await replayTwinState(twinSc, stackConfig(twinServer, twinSc, mode, list), roles)).toEqual(engineState);
    } finally {
      await twinSc.cleanup(roles);
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
