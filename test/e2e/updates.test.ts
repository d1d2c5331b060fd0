/**
 * Updates through the real engine: each change to the stack config is previewed (exact steps per resource),
 * applied, probed as the vendor, and followed by a clean refresh. One stack per admin mode on PostgreSQL 15.
 * The tests in a describe block build on each other and run in order.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { identifierKey } from "../../src";
import { startPostgres, type PgServer } from "../support/pg-server";
import { ADMIN_MODES, APP_OWNER, CREATOR, createScenario, type AdminMode, type Scenario } from "../support/fixture";
import { E2EStack, providerLogin, stackConfig, stepsByName, type Integration } from "./support/workspace";
import { plansOf, probeVendors, replayTwinState, snapshotRoles } from "./support/probes";

let server: PgServer;
/** For the replay twin of the final state (roles are cluster-wide). */
let twinServer: PgServer;
beforeAll(async () => {
  [server, twinServer] = await Promise.all([startPostgres({ major: 15 }), startPostgres({ major: 15 })]);
});
afterAll(async () => {
  await Promise.all([server?.stop(), twinServer?.stop()]);
});

describe.each(ADMIN_MODES)("updates through the engine on PostgreSQL 15, %s admin", (mode: AdminMode) => {
  let sc: Scenario;
  let stack: E2EStack;
  const whaly: Integration = { vendor: "whaly", readSchemas: ["public"], tableOwners: [APP_OWNER] };
  const census: Integration = { vendor: "census", readSchemas: ["public"], tableOwners: [APP_OWNER] };
  let round = 0;

  /** Preview (exact steps), up, vendor probes, clean refresh. Returns the preview's steps by logical name. */
  async function change(list: Integration[]): Promise<Record<string, string>> {
    stack.setIntegrations(list);
    const preview = stepsByName((await stack.preview()).steps);
    const applied = stepsByName((await stack.up()).steps);
    expect(applied).toEqual(preview);
    await probeVendors(sc, list, await stack.outputs(), `u${++round}`);
    await stack.refreshNoChanges();
    return preview;
  }

  beforeAll(async () => {
    sc = await createScenario(server, mode);
    stack = await E2EStack.create(`updates-${mode}`, providerLogin(server, sc, mode), [whaly]);
    await stack.up();
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await sc?.cleanup(["whaly_bi", "census"]);
  });

  test("add a read schema: exactly its grants and default privileges are created", async () => {
    whaly.readSchemas = ["public", "sales"];
    expect(await change([whaly])).toEqual({
      "Grant::whaly-schema-sales": "create",
      "Grant::whaly-tables-sales": "create",
      "Grant::whaly-sequences-sales": "create",
      "DefaultPrivileges::whaly-defaults-app_owner-sales-tables": "create",
      "DefaultPrivileges::whaly-defaults-app_owner-sales-sequences": "create",
    });
  });

  test("add a table owner: exactly its default privileges are created", async () => {
    whaly.tableOwners = [APP_OWNER, CREATOR];
    const k = identifierKey(CREATOR);
    expect(await change([whaly])).toEqual({
      [`DefaultPrivileges::whaly-defaults-${k}-public-tables`]: "create",
      [`DefaultPrivileges::whaly-defaults-${k}-public-sequences`]: "create",
      [`DefaultPrivileges::whaly-defaults-${k}-sales-tables`]: "create",
      [`DefaultPrivileges::whaly-defaults-${k}-sales-sequences`]: "create",
    });
  });

  test("add an integration: only its resources are created", async () => {
    const steps = await change([whaly, census]);
    expect(steps).toEqual({
      "PostgresVendorAccess::census": "create",
      "RandomPassword::census-password": "create",
      "Role::census-role": "create",
      "Schema::census-managed-schema-census": "create",
      "Grant::census-database": "create",
      "Grant::census-schema-public": "create",
      "Grant::census-tables-public": "create",
      "Grant::census-functions-public": "create",
      "DefaultPrivileges::census-defaults-app_owner-public-tables": "create",
      "DefaultPrivileges::census-defaults-app_owner-public-functions": "create",
    });
  });

  test("switch a mode: Census read-only drops its bookkeeping schema from the stack (retained in the database)", async () => {
    census.mode = "read-only";
    expect(await change([whaly, census])).toEqual({ "Schema::census-managed-schema-census": "delete" });
    const kept = await sc.asSuperuser(async (c) => (await c.query("SELECT 1 FROM pg_namespace WHERE nspname = 'census'")).rowCount);
    expect(kept).toBe(1);
  });

  test("rotate a password: the role is updated in place; the old password stops working", async () => {
    const before = ((await stack.outputs()).connections as Record<string, { password: string }>).whaly.password;
    await stack.stack.setConfig("pg-vendor-access:integrations[0].password", { value: "rotated-Password-0001-abcdef", secret: true }, true);
    const steps = stepsByName((await stack.preview()).steps);
    expect(steps).toEqual({ "Role::whaly-role": "update", "RandomPassword::whaly-password": "delete" });
    await stack.up();
    await expectLoginFails(sc, "whaly_bi", before);
    await sc.as("whaly_bi", "rotated-Password-0001-abcdef", (c) => c.query("SELECT 1"));

    await stack.stack.setConfig("pg-vendor-access:integrations[0].password", { value: "rotated-Password-0002-abcdef", secret: true }, true);
    expect(stepsByName((await stack.preview()).steps)).toEqual({ "Role::whaly-role": "update" });
    await stack.up();
    await expectLoginFails(sc, "whaly_bi", "rotated-Password-0001-abcdef");
    await sc.as("whaly_bi", "rotated-Password-0002-abcdef", (c) => c.query("SELECT 1"));
    await stack.refreshNoChanges();
  });

  test("change connectionLimit: the role is updated in place", async () => {
    const doc = currentIntegrations(stack);
    doc[0].connectionLimit = 5;
    stack.setIntegrations(doc);
    expect(stepsByName((await stack.preview()).steps)).toEqual({ "Role::whaly-role": "update" });
    await stack.up();
    const limit = await sc.asSuperuser(async (c) => (await c.query("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'whaly_bi'")).rows[0].rolconnlimit);
    expect(limit).toBe(5);
    await stack.refreshNoChanges();
  });

  test("remove an integration: exactly its resources are deleted, its role is gone", async () => {
    const doc = currentIntegrations(stack);
    stack.setIntegrations([doc[0]]);
    const steps = stepsByName((await stack.preview()).steps);
    expect(Object.keys(steps).every((k) => k.split("::")[1].startsWith("census"))).toBe(true);
    expect(new Set(Object.values(steps))).toEqual(new Set(["delete"]));
    // Read-only Census: everything but the (already dropped) bookkeeping schema.
    expect(Object.keys(steps).length).toBe(9);
    await stack.up();
    const left = await sc.asSuperuser(async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = 'census'")).rowCount);
    expect(left).toBe(0);
    expect(Object.keys(plansOf(sc, [doc[0]]))).toEqual(["whaly"]);
    await stack.refreshNoChanges();
  });

  test("after every update, the state equals what the replay harness reaches deploying the final config fresh", async () => {
    // Tables the probes created after deployment ("later u<n> …") exist only here, not in the twin.
    const engineState = Object.fromEntries(
      Object.entries(await snapshotRoles(sc, ["whaly_bi"])).map(([role, entries]) => [role, entries.filter((e) => !/later u\d/.test(e))]),
    );
    // The password is a stack secret and not part of the privilege state; the twin generates its own.
    const { password: _secret, ...finalWhaly } = currentIntegrations(stack)[0];
    void _secret;
    const twin = await createScenario(twinServer, mode);
    try {
      expect(await replayTwinState(twin, stackConfig(twinServer, twin, mode, [finalWhaly as Integration]), ["whaly_bi"])).toEqual(engineState);
    } finally {
      await twin.cleanup(["whaly_bi"]);
    }
  });
});

async function expectLoginFails(sc: Scenario, user: string, password: string): Promise<void> {
  let error: { code?: string } | undefined;
  try {
    await sc.as(user, password, (c) => c.query("SELECT 1"));
  } catch (e) {
    error = e as { code?: string };
  }
  // 28P01: invalid_password.
  expect(error?.code).toBe("28P01");
}

function currentIntegrations(stack: E2EStack): Integration[] {
  return stack.readConfig()["pg-vendor-access:integrations"] as Integration[];
}

