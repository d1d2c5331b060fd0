/**
 * What the end-to-end suite checks in PostgreSQL after the real engine ran: each vendor logs in with the
 * password from the stack's `connections` output and does its job (the same probes as the replay suite), the
 * privilege state of every vendor role, and what destroy must leave behind.
 */
import { expect } from "vitest";
import { vendors } from "../../../src";
import { planVendorAccess, type AccessPlan } from "../../../src/plan";
import { parseStackConfig } from "../../../src/stack-config";
import { Replayer, qi } from "../../support/replay";
import { PulumiCapture } from "../../support/pulumi-capture";
import { resetChains } from "../../../src/children/chain";
import { resetDeclaredRules } from "../../../src/children/network";
import { runStack } from "../../../stack/program";
import type { Scenario } from "../../support/fixture";
import {
  assertLaterTablesReadable,
  assertNothingMore,
  assertReadsEverything,
  assertWritesManagedSchemas,
  danglingAclItems,
  privilegeSnapshot,
} from "../../postgres/helpers";
import type { Integration } from "./workspace";

/** Segment keeps result checksums in records_<subscription id> and checkpoints_<subscription id>. */
export const MANAGED_TABLES: Record<string, string[]> = { segment: ["records_sub42", "checkpoints_sub42"] };

/** The access plans of a stack's integrations, as the root program computes them (keyed by integration name). */
export function plansOf(sc: Scenario, integrations: Integration[]): Record<string, { plan: AccessPlan; vendor: string }> {
  const config = { "postgresql:host": "127.0.0.1", "postgresql:database": sc.database, "postgresql:username": "x", "pg-vendor-access:integrations": integrations };
  const parsed = parseStackConfig(config);
  return Object.fromEntries(parsed.integrations.map(({ name, ...args }) => [name, { plan: planVendorAccess(args), vendor: String(args.vendor) }]));
}

interface Connection {
  user: string;
  password: string;
  database: string;
}

/** Every integration's vendor does its whole job, and nothing more. `tag` names the later tables it reads. */
export async function probeVendors(sc: Scenario, integrations: Integration[], outputs: Record<string, unknown>, tag: string): Promise<void> {
  const connections = outputs.connections as Record<string, Connection>;
  for (const [name, { plan, vendor }] of Object.entries(plansOf(sc, integrations))) {
    const conn = connections[name];
    expect(conn, `connections.${name}`).toBeDefined();
    expect(conn.user).toBe(plan.roleName);
    expect(conn.database).toBe(sc.database);
    const preset = vendors[vendor as keyof typeof vendors];
    await sc.as(conn.user, conn.password, async (c) => {
      expect(await assertReadsEverything(sc, plan, preset, c)).toBeGreaterThan(0);
      await assertWritesManagedSchemas(plan, c, MANAGED_TABLES[vendor]?.map((t) => `${t}_${tag}`) ?? [`vendor_state_${tag}`]);
      await assertLaterTablesReadable(sc, plan, preset, c, `${tag} ${name}`);
      await assertNothingMore(sc, plan, c);
    });
  }
}

/**
 * Privilege state of each vendor role, keyed by role name: its attributes and connection limit, then every
 * membership, ACL entry, default ACL entry and ownership in the scenario database (privilegeSnapshot).
 */
export async function snapshotRoles(sc: Scenario, roles: string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const role of roles) {
    const attrs = await sc.asSuperuser(async (c) =>
      (await c.query(
        `SELECT rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit
           FROM pg_roles WHERE rolname = $1`,
        [role],
      )).rows.map((r) => Object.entries(r).map(([k, v]) => `attr:${k}=${v}`)).flat(),
    );
    out[role] = [...attrs, ...(await privilegeSnapshot(sc, role))];
  }
  return out;
}

/**
 * The same root program run under Pulumi mocks and replayed with the provider's SQL (test/support/replay)
 * into `twin`, an identical fixture on another server; returns the vendor roles' state there, then destroys.
 */
export async function replayTwinState(twin: Scenario, config: Record<string, unknown>, roles: string[]): Promise<Record<string, string[]>> {
  const capture = await PulumiCapture.install({ requireExplicitProviders: true });
  capture.reset();
  resetChains();
  resetDeclaredRules();
  await capture.run(() => runStack(config, ["postgresql:password"]));
  expect(capture.registrations.length).toBeGreaterThan(0);
  const replayer = new Replayer(twin.target);
  await replayer.up(capture.registrations);
  try {
    return await snapshotRoles(twin, roles);
  } finally {
    await replayer.destroy();
  }
}

/** After destroy: roles gone, no ACL/default-ACL/membership residue, retained managed schemas keep their rows. */
export async function assertDestroyed(sc: Scenario, plans: AccessPlan[], retainedRows: Record<string, string[]>): Promise<void> {
  for (const plan of plans) {
    const left = await sc.asSuperuser(async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [plan.roleName])).rowCount);
    expect(left, `role ${plan.roleName} dropped`).toBe(0);
  }
  expect(await danglingAclItems(sc)).toEqual([]);
  const memberships = await sc.asSuperuser(async (c) =>
    (await c.query("SELECT count(*)::int AS n FROM pg_auth_members WHERE member NOT IN (SELECT oid FROM pg_roles) OR roleid NOT IN (SELECT oid FROM pg_roles)")).rows[0].n,
  );
  expect(memberships).toBe(0);
  for (const [schemaTable, ids] of Object.entries(retainedRows)) {
    const [schema, table] = schemaTable.split("\u0000");
    const rows = await sc.asSuperuser(async (c) => (await c.query(`SELECT id FROM ${qi(schema)}.${qi(table)} ORDER BY id`)).rows.map((r) => r.id));
    expect(rows, `${schema}.${table} kept its rows`).toEqual(ids);
  }
}

/** Key for `assertDestroyed`'s retainedRows. */
export const tableKey = (schema: string, table: string): string => `${schema}\u0000${table}`;
