import type { VendorPreset } from "./types";

const GUIDE = "https://hightouch.com/docs/sources/postgresql";
const LIGHTNING = "https://hightouch.com/docs/syncs/lightning-sync-engine";
const SYNC_LOGS = "https://hightouch.com/docs/syncs/warehouse-sync-logs";
const WAREHOUSE_TABLES = "https://hightouch.com/docs/developer-tools/warehouse-tables";
const REGIONS = "https://hightouch.com/docs/security/regions";
const NETWORKING = "https://hightouch.com/docs/security/networking#ip-addresses";
const PLANNING = "https://hightouch.com/docs/syncs/warehouse-planning";
const VIA = "read from the project's vendor reference (vendors.md §4), compiled 2026-11-22; Hightouch's pages show no last-updated date";

/**
 * Hightouch reading a PostgreSQL source. The Basic engine only reads; the Lightning engine also writes its
 * sync state to `hightouch_planner` and its sync logs to `hightouch_audit`.
 */
export const hightouch: VendorPreset = {
  id: "hightouch",
  displayName: "Hightouch",
  // Hightouch's recommended user name was not found. "hightouch" is this catalogue's choice.
  roleName: "hightouch",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  modes: {
    basic: { description: "Basic sync engine: requires read-only access.", managedSchemas: [] },
    lightning: {
      description:
        "Lightning sync engine: requires read and write access; stores previously synced data in schemas managed by Hightouch (hightouch_planner, and hightouch_audit for warehouse sync logs, a Business-tier feature).",
      managedSchemas: ["hightouch_planner", "hightouch_audit"],
    },
  },
  defaultMode: "basic",
  // Hightouch's IP list was not verified from its own page: nothing is shipped.
  regions: {},
  cidrsNotPublished:
    "Hightouch's IP addresses are not shipped in this catalogue (not verified from Hightouch's own page). Copy the " +
    "addresses for your workspace's region (us-east-1 or eu-west-1) from " + NETWORKING + " into extraCidrs.",
  tls: "supported",
  sources: [GUIDE, LIGHTNING, SYNC_LOGS, WAREHOUSE_TABLES, REGIONS, NETWORKING, PLANNING],
  facts: [
    { covers: "Basic engine read-only; Lightning read and write with a Hightouch-managed schema; TLS in transit; SSH tunnels", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "Lightning recommended above 100 thousand rows; no switching back", url: LIGHTNING, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "hightouch_audit schema (sync_changelog, sync_runs, sync_snapshot), needs Lightning", url: SYNC_LOGS, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "hightouch_planner schema: never modify its rows", url: WAREHOUSE_TABLES, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "workspace regions us-east-1 and eu-west-1, fixed per workspace", url: REGIONS, retrievedAt: "2026-11-22", retrievedVia: VIA },
    {
      covers: "Postgres: GRANT CREATE ON DATABASE to the Hightouch user, or pre-create hightouch_planner and hightouch_audit and let the user create tables in them",
      url: PLANNING,
      retrievedAt: "2026-11-29",
      retrievedVia: "re-verified 2026-11-29 (issue 11) through the search tool's stored copy of the page, not the live site; the page shows no date",
    },
    {
      covers: "Warehouse Sync Logs only on Business tier plans",
      url: SYNC_LOGS,
      retrievedAt: "2026-11-29",
      retrievedVia: "re-verified 2026-11-29 (issue 11) through the search tool's stored copy of the page, not the live site; the page shows no date",
    },
  ],
  notes: [
    "The role name `hightouch` is this catalogue's choice: Hightouch's recommended user name was not found (pass roleName to change it).",
    "No Hightouch IPs are shipped: with securityGroupId you must pass extraCidrs, copied from " + NETWORKING + ".",
    "The Lightning engine (mode: \"lightning\") writes to hightouch_planner and hightouch_audit, which this preset creates owned by the Hightouch role. Once Lightning is configured you cannot switch back to Basic.",
    "Never insert, update or delete rows in hightouch_planner.",
    "Hightouch's warehouse-planning page offers two Postgres set-ups for Lightning: GRANT CREATE ON DATABASE to the Hightouch user, or pre-create hightouch_planner and hightouch_audit and let the user create tables in them. This preset follows the second (schemas owned by the role, no CREATE on the database), so Hightouch cannot create other schemas.",
    "Warehouse Sync Logs (hightouch_audit) is a Business-tier feature; Hightouch checks that the schema exists even when sync logs are off, so the preset declares it in Lightning mode either way.",
    "Hightouch encrypts data in transit with TLS on direct connections; SSH tunnels and (Business tier) PrivateLink are alternatives to ingress rules.",
  ],
};
