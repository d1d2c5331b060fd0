/**
 * `npm run vendors:report`: the pure sorting and formatting (hand-written catalogue, literal expected output),
 * and the real catalogue's report covering every preset and fact, oldest first.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { factRows, presetSummaries, renderVendorReport } from "../../scripts/vendor-report";
import { vendors } from "../../src/vendors";
import type { VendorPreset } from "../../src/vendors/types";

const ROOT = join(__dirname, "..", "..");

/** Two hand-written presets: `beta` holds the oldest fact, so it comes first although its id sorts second. */
const base = vendors.whaly!;
const fixture: Record<string, VendorPreset> = {
  alpha: {
    ...base,
    id: "alpha",
    displayName: "Alpha",
    facts: [
      { covers: "egress IPs", url: "https://alpha.example/ips", retrievedAt: "2026-03-01", lastChanged: "2026-02-01" },
      { covers: "setup SQL | grants", url: "https://alpha.example/guide", retrievedAt: "2026-05-01", retrievedVia: "stored copy" },
    ],
  },
  beta: {
    ...base,
    id: "beta",
    displayName: "Beta",
    facts: [{ covers: "TLS", url: "https://beta.example/tls", retrievedAt: "2025-12-31" }],
  },
};

describe("vendor report (pure)", () => {
  test("presets sort by their oldest fact, then id", () => {
    expect(presetSummaries(fixture)).toEqual([
      { id: "beta", displayName: "Beta", oldest: "2025-12-31", newest: "2025-12-31", facts: 1, sources: ["https://beta.example/tls"] },
      {
        id: "alpha",
        displayName: "Alpha",
        oldest: "2026-03-01",
        newest: "2026-05-01",
        facts: 2,
        sources: ["https://alpha.example/ips", "https://alpha.example/guide"],
      },
    ]);
  });

  test("facts sort oldest first across presets; ties by id", () => {
    const tie = { ...fixture, gamma: { ...fixture.beta!, id: "gamma", facts: [{ covers: "x", url: "https://g.example", retrievedAt: "2025-12-31" }] } };
    expect(factRows(tie).map((r) => `${r.fact.retrievedAt} ${r.id}`)).toEqual([
      "2025-12-31 beta",
      "2025-12-31 gamma",
      "2026-03-01 alpha",
      "2026-05-01 alpha",
    ]);
  });

  test("renders both tables exactly, escaping pipes and marking missing dates", () => {
    expect(renderVendorReport(fixture)).toBe(
      [
        "# Vendor facts by date read (oldest first)",
        "",
        "Re-verify from the top: see CONTRIBUTING.md for the routine.",
        "",
        "## Presets",
        "",
        "| Preset | Oldest read | Newest read | Facts | Sources |",
        "| --- | --- | --- | --- | --- |",
        "| Beta (`beta`) | 2025-12-31 | 2025-12-31 | 1 | https://beta.example/tls |",
        "| Alpha (`alpha`) | 2026-03-01 | 2026-05-01 | 2 | https://alpha.example/ips https://alpha.example/guide |",
        "",
        "## Facts",
        "",
        "| Read | Page changed | Preset | Fact | Source | How it was read |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 2025-12-31 | – | `beta` | TLS | https://beta.example/tls | the page or its docs repository, that day |",
        "| 2026-03-01 | 2026-02-01 | `alpha` | egress IPs | https://alpha.example/ips | the page or its docs repository, that day |",
        "| 2026-05-01 | – | `alpha` | setup SQL \\| grants | https://alpha.example/guide | stored copy |",
        "",
      ].join("\n"),
    );
  });
});

describe("vendor report (catalogue)", () => {
  test("every preset and every fact appears, oldest first", () => {
    const summaries = presetSummaries(vendors);
    expect(summaries.map((s) => s.id).sort()).toEqual(Object.keys(vendors).sort());
    const rows = factRows(vendors);
    expect(rows).toHaveLength(Object.values(vendors).reduce((n, p) => n + p.facts.length, 0));
    const dates = rows.map((r) => r.fact.retrievedAt);
    expect(dates).toEqual([...dates].sort());
    // Whaly's facts (read 2025-05-21) are the oldest in the catalogue today.
    expect(summaries[0]).toMatchObject({ id: "whaly", oldest: "2025-05-21" });
  });

  test("npm run vendors:report prints the same report and refuses arguments", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "scripts/vendors-report.mjs")], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(renderVendorReport(vendors));
    const bad = spawnSync(process.execPath, [join(ROOT, "scripts/vendors-report.mjs"), "--json"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('vendors:report takes no arguments (got "--json").\n');
  });
});
