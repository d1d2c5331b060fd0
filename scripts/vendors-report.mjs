#!/usr/bin/env node
/**
 * `npm run vendors:report`: prints every preset's facts with the date each was read and its source, oldest
 * first (Markdown). The rendering is scripts/vendor-report.ts, unit-tested in test/unit/vendors-report.test.ts.
 */
import { loadTs } from "./load-ts.mjs";

if (process.argv.length > 2) {
  console.error(`vendors:report takes no arguments (got ${JSON.stringify(process.argv.slice(2).join(" "))}).`);
  process.exit(2);
}
const mod = await loadTs(`export * from "./scripts/vendor-report.ts"; export { vendors } from "./src/vendors/index.ts";`);
process.stdout.write(mod.renderVendorReport(mod.vendors));
