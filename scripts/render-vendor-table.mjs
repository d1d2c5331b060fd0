#!/usr/bin/env node
/**
 * Generates the README vendor table from the catalogue (src/vendors).
 *
 *   node scripts/render-vendor-table.mjs           print the table
 *   node scripts/render-vendor-table.mjs --write   replace the block between the README markers
 *   node scripts/render-vendor-table.mjs --check   exit 1 when README's block differs from the catalogue
 *
 * The catalogue and renderer are TypeScript; load-ts.mjs bundles them in memory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTs, root } from "./load-ts.mjs";

const readmePath = join(root, "README.md");
const mode = process.argv[2] ?? "--print";
if (!["--print", "--write", "--check"].includes(mode)) {
  console.error(`unknown option ${JSON.stringify(mode)}; use --write, --check or no option (print).`);
  process.exit(2);
}

const mod = await loadTs(`export * from "./scripts/vendor-table.ts"; export { vendors } from "./src/vendors/index.ts";`);
const table = mod.renderVendorTable(mod.vendors);

if (mode === "--print") {
  process.stdout.write(table + "\n");
} else {
  const readme = readFileSync(readmePath, "utf8");
  if (mode === "--write") {
    const next = mod.replaceVendorTable(readme, table);
    if (next !== readme) writeFileSync(readmePath, next);
    console.log(next === readme ? "README.md vendor table is up to date." : "README.md vendor table rewritten.");
  } else {
    const current = mod.currentVendorTable(readme);
    if (current !== table) {
      console.error("README.md vendor table differs from the catalogue; run node scripts/render-vendor-table.mjs --write");
      process.exit(1);
    }
    console.log("README.md vendor table matches the catalogue.");
  }
}
