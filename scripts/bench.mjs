#!/usr/bin/env node
/**
 * Benchmark: `pg-vendor-access check` against a database with 10,000 tables.
 *
 * Compiles the CLI and the test server helper into .test-tmp/bench, starts a throwaway PostgreSQL
 * (test/support/pg-server.ts; PG_MAJOR selects the major, default 15), creates 10,000 tables (1,000 of
 * them with a serial column, so 1,000 sequences) and 100 views in one read schema, all owned by an
 * application role, applies the `plan` SQL for a Segment integration, then runs the real CLI binary
 * (`node .../cli/main.js check --json`) several times as the vendor and prints wall-clock times.
 *
 * Usage: npm run bench [-- --tables 10000 --runs 5 --budget-ms 3000]
 * Exits 1 when the median run exceeds the budget or the check does not pass.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    tables: { type: "string", default: "10000" },
    runs: { type: "string", default: "5" },
    "budget-ms": { type: "string", default: "3000" },
  },
});
const TABLES = Number(values.tables);
const RUNS = Number(values.runs);
const BUDGET = Number(values["budget-ms"]);
for (const [name, v] of [["--tables", TABLES], ["--runs", RUNS], ["--budget-ms", BUDGET]]) {
  if (!Number.isInteger(v) || v < 1) {
    console.error(`bench: ${name} must be a positive integer`);
    process.exit(2);
  }
}

const out = join(root, ".test-tmp", "bench");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const t0 = Date.now();
// Emit even if unrelated files in the tree do not type-check; the CLI files must compile.
spawnSync(
  process.execPath,
  [
    join(root, "node_modules", "typescript", "bin", "tsc"),
    "--outDir", out, "--rootDir", root, "--module", "commonjs", "--target", "ES2022", "--moduleResolution", "node",
    "--esModuleInterop", "--skipLibCheck", "--resolveJsonModule", "--types", "node",
    join(root, "src", "cli", "main.ts"), join(root, "src", "sql.ts"), join(root, "test", "support", "pg-server.ts"),
  ],
  { stdio: "inherit" },
);
const require = createRequire(import.meta.url);
const cliMain = join(out, "src", "cli", "main.js");
const { startPostgres } = require(join(out, "test", "support", "pg-server.js"));
const { planVendorAccess } = require(join(out, "src", "plan.js"));
const { renderSqlScript, quoteLiteral } = require(join(out, "src", "sql.js"));
console.log(`compiled in ${Date.now() - t0} ms`);

const server = await startPostgres({});
try {
  const DB = "bench";
  await server.withClient({}, (c) => c.query(`CREATE DATABASE ${DB}`));
  const t1 = Date.now();
  await server.withClient({ database: DB }, async (c) => {
    await c.query(`CREATE ROLE app_owner NOLOGIN; CREATE SCHEMA app AUTHORIZATION app_owner; SET ROLE app_owner;`);
    // Batches of 500 tables per DO block keep the lock table and memory small.
    for (let start = 1; start <= TABLES; start += 500) {
      const end = Math.min(TABLES, start + 499);
      await c.query(`DO $$ BEGIN
        FOR i IN ${start}..${end} LOOP
          IF i % 10 = 0 THEN
            EXECUTE format('CREATE TABLE app.%I (id serial PRIMARY KEY, payload text, created_at timestamptz)', 't' || lpad(i::text, 5, '0'));
          ELSE
            EXECUTE format('CREATE TABLE app.%I (id bigint, payload text, created_at timestamptz)', 't' || lpad(i::text, 5, '0'));
          END IF;
        END LOOP; END $$;`);
    }
    await c.query(`DO $$ BEGIN
      FOR i IN 1..100 LOOP
        EXECUTE format('CREATE VIEW app.%I AS SELECT id, payload FROM app.%I', 'v' || lpad(i::text, 3, '0'), 't' || lpad(i::text, 5, '0'));
      END LOOP; END $$; RESET ROLE;`);
  });
  console.log(`created ${TABLES} tables, ${Math.floor(TABLES / 10)} sequences, 100 views in ${Date.now() - t1} ms`);

  const password = "bench-vendor-password-0123456789";
  const args = { vendor: "segment", database: DB, readSchemas: ["app"], tableOwners: ["app_owner"] };
  const sql = renderSqlScript(planVendorAccess(args), "bench", { passwordSql: quoteLiteral(password) });
  await server.withClient({ database: DB }, (c) => c.query(sql));
  await server.withClient({ database: DB }, (c) => c.query("ANALYZE"));

  const url = server.url({ database: DB, user: "segment", password });
  const cliArgs = ["check", "--url", url, "--vendor", "segment", "--read-schema", "app", "--table-owner", "app_owner", "--json"];
  const times = [];
  let lastReport;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    let stdout;
    try {
      stdout = execFileSync(process.execPath, [cliMain, ...cliArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    } catch (e) {
      console.error(`bench: check exited ${e.status}: ${e.stdout}`);
      process.exitCode = 1;
      break;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    lastReport = JSON.parse(stdout);
    times.push({ wall: ms, inside: lastReport.durationMs });
  }
  if (times.length === RUNS) {
    const sorted = [...times].sort((a, b) => a.wall - b.wall);
    const median = sorted[Math.floor(sorted.length / 2)];
    const tables = lastReport.checks.find((c) => c.id === "select:app:tables");
    console.log(`check verdict: ${lastReport.ok ? "PASS" : "FAIL"}; ${tables.detail}`);
    console.log(`check runs (wall ms, node start included / ms inside check): ${times.map((t) => `${t.wall.toFixed(0)}/${t.inside}`).join(", ")}`);
    console.log(`median ${median.wall.toFixed(0)} ms wall (${median.inside} ms inside), max ${sorted[sorted.length - 1].wall.toFixed(0)} ms; budget ${BUDGET} ms; PostgreSQL ${server.major}`);
    if (!lastReport.ok || median.wall > BUDGET) process.exitCode = 1;
  }
} finally {
  await server.stop();
  rmSync(out, { recursive: true, force: true });
}
