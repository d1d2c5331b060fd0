/**
 * The re-verification report (`npm run vendors:report`): every preset with the dates its facts were read and
 * where, oldest first, so a maintainer knows what to re-read next. Pure functions; vendors-report.mjs prints them.
 */
import type { FactSource, VendorPreset } from "../src/vendors/types";
import { cell } from "./vendor-table";

/** One preset, summarised by the dates of its facts. */
export interface PresetSummary {
  id: string;
  displayName: string;
  /** Earliest `retrievedAt` of its facts: the fact most in need of re-reading. */
  oldest: string;
  newest: string;
  facts: number;
  /** Distinct fact URLs, in the order the facts cite them. */
  sources: string[];
}

/** One fact of one preset. */
export interface FactRow {
  id: string;
  fact: FactSource;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Presets sorted by their oldest fact (then id): the first row is the one to re-verify first. */
export function presetSummaries(catalogue: Readonly<Record<string, VendorPreset>>): PresetSummary[] {
  return Object.values(catalogue)
    .map((p) => {
      const dates = p.facts.map((f) => f.retrievedAt).sort(byText);
      return {
        id: p.id,
        displayName: p.displayName,
        oldest: dates[0] ?? "",
        newest: dates[dates.length - 1] ?? "",
        facts: p.facts.length,
        sources: [...new Set(p.facts.map((f) => f.url))],
      };
    })
    .sort((a, b) => byText(a.oldest, b.oldest) || byText(a.id, b.id));
}

/** Every fact of every preset, oldest read first (then preset id, URL and wording, for a stable order). */
export function factRows(catalogue: Readonly<Record<string, VendorPreset>>): FactRow[] {
  return Object.values(catalogue)
    .flatMap((p) => p.facts.map((fact) => ({ id: p.id, fact })))
    .sort(
      (a, b) =>
        byText(a.fact.retrievedAt, b.fact.retrievedAt) ||
        byText(a.id, b.id) ||
        byText(a.fact.url, b.fact.url) ||
        byText(a.fact.covers, b.fact.covers),
    );
}

const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
const table = (header: string[], rows: string[][]) => [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");

/** The Markdown report: a summary per preset, then every fact, both oldest first. */
export function renderVendorReport(catalogue: Readonly<Record<string, VendorPreset>>): string {
  const summary = table(
    ["Preset", "Oldest read", "Newest read", "Facts", "Sources"],
    presetSummaries(catalogue).map((s) => [`${s.displayName} (\`${s.id}\`)`, s.oldest, s.newest, String(s.facts), s.sources.join(" ")]),
  );
  const facts = table(
    ["Read", "Page changed", "Preset", "Fact", "Source", "How it was read"],
    factRows(catalogue).map(({ id, fact }) => [
      fact.retrievedAt,
      fact.lastChanged ?? "–",
      `\`${id}\``,
      fact.covers,
      fact.url,
      fact.retrievedVia ?? "the page or its docs repository, that day",
    ]),
  );
  return [
    "# Vendor facts by date read (oldest first)",
    "",
    "Re-verify from the top: see CONTRIBUTING.md for the routine.",
    "",
    "## Presets",
    "",
    summary,
    "",
    "## Facts",
    "",
    facts,
    "",
  ].join("\n");
}
