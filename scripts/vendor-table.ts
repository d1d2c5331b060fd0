/**
 * Renders the README's vendor table from the catalogue. Pure functions: `render-vendor-table.mjs` runs them
 * from the command line and test/unit/vendors-readme.test.ts compares the result with README.md.
 */
import type { VendorPreset } from "../src/vendors/types";

export const START_MARKER = "<!-- vendor-table:start -->";
export const END_MARKER = "<!-- vendor-table:end -->";

/** Escapes what would break a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const code = (s: string) => `\`${s}\``;

function role(p: VendorPreset): string {
  return p.roleNameSource === "catalogue" ? `${code(p.roleName)} (catalogue's choice)` : code(p.roleName);
}

function schemasWritten(p: VendorPreset): string {
  const list = (schemas: readonly string[]) => (schemas.length ? schemas.map(code).join(", ") : "none");
  if (!p.modes) return list(p.managedSchemas);
  return Object.entries(p.modes)
    .map(([id, m]) => `${list(m.managedSchemas ?? p.managedSchemas)} (mode ${code(id)}${id === p.defaultMode ? ", default" : ""})`)
    .join("; ");
}

function regions(p: VendorPreset): string {
  const ids = Object.keys(p.regions);
  if (ids.length === 0) return "none shipped: `extraCidrs`";
  return ids
    .map((id) => {
      const n = p.regions[id]!.length;
      const suffix = n === 0 ? ": `extraCidrs`" : id === p.defaultRegion ? " (default)" : "";
      return `${code(id)}${suffix}`;
    })
    .join(", ");
}

function cdc(p: VendorPreset): string {
  if (!p.cdc) return "–";
  const names = [p.cdc.slotName ? `slot ${code(p.cdc.slotName)}` : "slot: yours", ...(p.cdc.plugin === "pgoutput" ? [p.cdc.publicationName ? `publication ${code(p.cdc.publicationName)}` : "publication: yours"] : [])];
  return `${p.cdc.plugin}; ${names.join(", ")}`;
}

function sources(p: VendorPreset): string {
  // Every distinct page, named by the last segment of its path, in the order the facts cite them.
  const urls = [...new Set(p.facts.map((f) => f.url))];
  return urls
    .map((u) => {
      const url = new URL(u);
      const name = url.pathname.split("/").filter(Boolean).pop() ?? url.host;
      return `[${name}](${u})`;
    })
    .join(", ");
}

function dates(p: VendorPreset): string {
  return [...new Set(p.facts.map((f) => f.retrievedAt))].sort().join(", ");
}

/** The Markdown table: one row per preset, in catalogue order. */
export function renderVendorTable(catalogue: Readonly<Record<string, VendorPreset>>): string {
  const header = ["Vendor (`vendor`)", "Role", "Schemas written", "Regions", "TLS", "CDC", "Sources", "Read"];
  const rows = Object.values(catalogue).map((p) =>
    [`${p.displayName} (${code(p.id)})`, role(p), schemasWritten(p), regions(p), p.tls, cdc(p), sources(p), dates(p)].map(cell),
  );
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** The text between the markers (without them), or `undefined` when README lacks either marker. */
export function currentVendorTable(readme: string): string | undefined {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START_MARKER.length, end).trim();
}

/** README with the marked block replaced by `table`. Throws when the markers are missing. */
export function replaceVendorTable(readme: string, table: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no "${START_MARKER}" … "${END_MARKER}" block; add both markers where the table goes.`);
  }
  return `${readme.slice(0, start + START_MARKER.length)}\n${table}\n${readme.slice(end)}`;
}
