#!/usr/bin/env node
/**
 * Generates the README vendor table from the catalogue (src/vendors).
 *
 *   node scripts/render-vendor-table.mjs           print the table
 *   node scripts/render-vendor-table.mjs --write   replace the block between the README markers
 *   node scripts/render-vendor-table.mjs --check   exit 1 when README's block differs from the catalogue
 *
 * The catalogue and renderer are TypeScript; esbuild (already installed with vitest) bundles them in memory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readmePath = join(root, "README.md");
const mode = process.argv[2] ?? "--print";
if (!["--print", "--write", "--check"].includes(mode)) {
  console.error(`unknown option ${JSON.stringify(mode)}; use --write, --check or no option (print).`);
  process.exit(2);
}

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  console.error("esbuild is not installed; run npm ci first (it comes with vitest).");
  process.exit(2);
}
const bundle = await esbuild.build({
  stdin: {
    contents: `export * from "./scripts/vendor-table.ts"; export { vendors } from "./src/vendors/index.ts";`,
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  write: false,
  format: "esm",
  platform: "node",
  logLevel: "silent",
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
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
