/**
 * Concurrency through the real engine: four integrations on the same schemas and table owners, deployed and
 * destroyed with the engine's default parallelism, five times. PostgreSQL raises `tuple concurrently
 * updated` when two sessions change the same catalog row (a schema's or the database's ACL) at once; the
 * component's dependency chain must keep that from ever happening.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPostgres, type PgServer } from "../support/pg-server";
import { APP_OWNER, CREATOR, READ_SCHEMAS, createScenario, type Scenario } from "../support/fixture";
import { E2EStack, providerLogin, type Integration } from "./support/workspace";
import { assertDestroyed, plansOf, probeVendors } from "./support/probes";

const ROUNDS = 5;
const shared = { readSchemas: [...READ_SCHEMAS], tableOwners: [APP_OWNER, CREATOR] };
const integrations: Integration[] = [
  { vendor: "segment", region: "us", ...shared },
  { vendor: "whaly", ...shared },
  { vendor: "census", ...shared },
  { vendor: "metabase", ...shared },
];

let server: PgServer;
let sc: Scenario;
beforeAll(async () => {
  server = await startPostgres({ major: 15 });
  sc = await createScenario(server, "rds");
});
afterAll(async () => {
  await sc?.cleanup(Object.values(plansOf(sc, integrations)).map((p) => p.plan.roleName));
  await server?.stop();
});

test(`${integrations.length} integrations on shared schemas: ${ROUNDS} rounds of up and destroy, no concurrent catalog update`, async () => {
  const stack = await E2EStack.create("concurrency", providerLogin(server, sc, "rds"), integrations);
  const diagnostics: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const up = await stack.up();
    diagnostics.push(...up.diagnostics);
    // The vendors' jobs once at the start and once at the end; every round checks destroy.
    if (round === 1 || round === ROUNDS) await probeVendors(sc, integrations, await stack.outputs(), `c${round}`);
    const down = await stack.destroy();
    diagnostics.push(...down.diagnostics);
    await assertDestroyed(sc, Object.values(plansOf(sc, integrations)).map((p) => p.plan), {});
    // The retained bookkeeping schemas would make the next round adopt them: start each round clean.
    await sc.asSuperuser((c) => c.query(`DROP SCHEMA IF EXISTS "__segment_reverse_etl", census CASCADE`));
  }
  expect(diagnostics.filter((d) => /concurrently/.test(d))).toEqual([]);
  await stack.remove();
});
