/**
 * Benchmark: `pulumi up` and `pulumi destroy` of the root program through the real engine (toolchain from
 * scripts/pulumi-toolchain.sh) for 1, 5 and 20 integrations on one database, next to the replay harness
 * applying the same registrations with the provider's SQL. Prints wall times and the number of provider
 * operations (resource steps). Figures, not assertions: the machine is shared and noisy.
 *
 * Usage: npm run bench:engine [-- --sizes 1,5,20]
 */
import { parseArgs } from "node:util";
import { resetChains } from "../src/children/chain";
import { resetDeclaredRules } from "../src/children/network";
import { runStack } from "../stack/program";
import { startPostgres, type PgServer } from "../test/support/pg-server";
import { PulumiCapture } from "../test/support/pulumi-capture";
import { Replayer } from "../test/support/replay";
import { E2EStack, stackConfig, type Integration } from "../test/e2e/support/workspace";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "1,5,20" } } });
const SIZES = values.sizes!.split(",").map(Number);
const SCHEMAS = ["public", "sales"];

/** `n` custom integrations reading the same two schemas, each with its own role (a realistic worst case). */
const integrations = (n: number): Integration[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `bench-${String(i + 1).padStart(2, "0")}`,
    vendor: "custom",
    roleName: `bench_${String(i + 1).padStart(2, "0")}`,
    databasePrivileges: ["CONNECT"],
    readSchemas: SCHEMAS,
    tableOwners: ["app_owner"],
  }));

async function database(server: PgServer, name: string): Promise<{ database: string; admin: { user: string; password: string } }> {
  await server.withClient({}, (c) => c.query(`CREATE DATABASE ${name}`));
  await server.withClient({ database: name }, async (c) => {
    await c.query("CREATE SCHEMA sales AUTHORIZATION app_owner");
    await c.query("GRANT CREATE ON SCHEMA public TO app_owner");
  });
  return { database: name, admin: server.superuser };
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<void> {
  const server = await startPostgres();
  await server.withClient({}, (c) => c.query("CREATE ROLE app_owner LOGIN PASSWORD 'bench-owner-password'"));
  const capture = await PulumiCapture.install({ requireExplicitProviders: true });
  const rows: string[] = [];
  try {
    for (const n of SIZES) {
      const list = integrations(n);

      const engineDb = await database(server, `engine_${n}`);
      const stack = await E2EStack.create(`bench-${n}`, { host: "127.0.0.1", port: server.port, database: engineDb.database, username: engineDb.admin.user, password: engineDb.admin.password, superuser: true }, list);
      let t = Date.now();
      const up = await stack.up();
      const engineUp = Date.now() - t;
      t = Date.now();
      await stack.destroy();
      const engineDown = Date.now() - t;
      await stack.remove();

      const replayDb = await database(server, `replay_${n}`);
      capture.reset();
      resetChains();
      resetDeclaredRules();
      await capture.run(() => runStack(stackConfig(server, replayDb, "superuser", list), ["postgresql:password"]));
      const replayer = new Replayer({ server, admin: replayDb.admin, providerDatabase: replayDb.database, providerSuperuser: true });
      t = Date.now();
      const replayUp = await replayer.up(capture.registrations);
      const replayUpMs = Date.now() - t;
      t = Date.now();
      await replayer.destroy();
      const replayDownMs = Date.now() - t;

      const line = `| ${n} | ${Object.keys(up.steps).length} | ${seconds(engineUp)} s | ${seconds(engineDown)} s | ${replayUp.operations.length} | ${seconds(replayUpMs)} s | ${seconds(replayDownMs)} s |`;
      rows.push(line);
      process.stderr.write(`${line}\n`);
    }
  } finally {
    await server.stop();
  }
  process.stdout.write(
    [
      `PostgreSQL ${server.major}, ${SCHEMAS.length} read schemas, 1 table owner per integration; ${new Date().toISOString()}`,
      "| integrations | engine steps | pulumi up | pulumi destroy | replay operations | replay up | replay destroy |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
      "",
    ].join("\n"),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
