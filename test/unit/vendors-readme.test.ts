/**
 * The README vendor table is generated from the catalogue: this fails when README.md and the catalogue
 * differ (fix with `node scripts/render-vendor-table.mjs --write`), and pins the renderer's behaviour.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { currentVendorTable, END_MARKER, renderVendorTable, replaceVendorTable, START_MARKER } from "../../scripts/vendor-table";
import { vendors } from "../../src/vendors";

const ROOT = join(__dirname, "..", "..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README vendor table", () => {
  test("README.md's marked block equals the table generated from the catalogue", () => {
    const current = currentVendorTable(readme);
    expect(current, `README.md needs the ${START_MARKER} … ${END_MARKER} markers`).toBeDefined();
    expect(current).toBe(renderVendorTable(vendors));
  });

  test("the CLI's --check agrees (exit 0) and the table has one row per preset", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "scripts/render-vendor-table.mjs"), "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const table = renderVendorTable(vendors);
    expect(table.split("\n")).toHaveLength(2 + Object.keys(vendors).length);
  });
});

describe("renderer", () => {
  const table = renderVendorTable(vendors);
  const row = (id: string) => table.split("\n").find((l) => l.includes(`(\`${id}\`)`))!;

  test("rows carry role, schemas per mode, regions, TLS, CDC and read dates", () => {
    expect(row("census")).toBe(
      "| Census (`census`) | `census` | `census` (mode `standard`, default); none (mode `read-only`) | `us-east-1` (default), `eu-central-1`, `ap-southeast-2` | required | – | [postgres](https://docs.getcensus.com/sources/available-sources/postgres), [regions-and-ip-addresses](https://docs.getcensus.com/misc/security-and-privacy/regions-and-ip-addresses) | 2026-01-28, 2026-11-29 |",
    );
    expect(row("hightouch")).toContain("| `hightouch` (catalogue's choice) | none (mode `basic`, default); `hightouch_planner`, `hightouch_audit` (mode `lightning`) | none shipped: `extraCidrs` | supported | – |");
    expect(row("fivetran")).toContain("`europe-west2`: `extraCidrs`, `aws`: `extraCidrs`, `azure`: `extraCidrs`");
    expect(row("fivetran")).toContain("| pgoutput; slot: yours, publication: yours |");
    expect(row("stitch")).toContain("| wal2json; slot `stitch` |");
    expect(row("airbyte")).toContain("| pgoutput; slot `airbyte_slot`, publication `airbyte_publication` |");
    expect(row("retool")).toContain("| `retool` (catalogue's choice) | none | `us-west-2` (default), `eu-central-1`, `ap-southeast-1` | unknown | – |");
    expect(row("grafana")).toContain("| `grafanareader` | none | none shipped: `extraCidrs` | supported | – |");
  });

  test("a catalogue change changes the table", () => {
    const changed = { ...vendors, census: { ...vendors.census!, regions: { ...vendors.census!.regions, "us-west-2": ["192.0.2.1/32"] } } };
    expect(renderVendorTable(changed)).not.toBe(table);
  });

  test("pipes in data are escaped", () => {
    const odd = { x: { ...vendors.whaly!, id: "x", displayName: "A|B" } };
    expect(renderVendorTable(odd).split("\n")[2]).toMatch(/^\| A\\\|B \(`x`\) \|/);
  });

  test("replaceVendorTable replaces only the marked block; missing markers are an error", () => {
    const doc = `intro\n${START_MARKER}\nold\n${END_MARKER}\noutro\n`;
    expect(replaceVendorTable(doc, "| t |")).toBe(`intro\n${START_MARKER}\n| t |\n${END_MARKER}\noutro\n`);
    expect(currentVendorTable(replaceVendorTable(doc, "| t |"))).toBe("| t |");
    expect(() => replaceVendorTable("no markers", "| t |")).toThrow(/has no "<!-- vendor-table:start -->"/);
    expect(currentVendorTable("no markers")).toBeUndefined();
  });
});
