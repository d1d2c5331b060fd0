import type { VendorPreset } from "./types";

const GUIDE = "https://www.rudderstack.com/docs/sources/reverse-etl/postgresql/";
const VIA =
  "read from the project's vendor reference (vendors.md §8), compiled 2026-11-22; the page shows no last-updated date, re-verify the IPs against the live page";

const US = ["3.216.35.97/32", "18.214.35.254/32", "23.20.96.9/32", "34.198.90.241/32", "34.211.241.254/32", "52.38.160.231/32", "54.147.40.62/32"] as const;
const EU = ["3.123.104.182/32", "3.125.132.33/32", "18.198.90.215/32", "18.196.167.201/32"] as const;
const US_ENTERPRISE = ["3.216.35.97/32", "34.198.90.241/32", "44.236.60.231/32", "54.147.40.62/32", "100.20.239.77/32"] as const;
const EU_ENTERPRISE = ["3.66.99.198/32", "3.64.201.167/32", "3.123.104.182/32", "3.125.132.33/32"] as const;

/**
 * RudderStack Reverse ETL with a PostgreSQL source: reads the user's tables and keeps the state of each
 * sync in its `_rudderstack` schema.
 */
export const rudderstack: VendorPreset = {
  id: "rudderstack",
  displayName: "RudderStack Reverse ETL",
  // CREATE USER RUDDER, unquoted: the role is `rudder`.
  roleName: "rudder",
  roleNameSource: "vendor",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  // CREATE SCHEMA "_rudderstack": quoted lower case, the same as unquoted. "Do not change this name."
  managedSchemas: ["_rudderstack"],
  regions: { us: [...US], eu: [...EU], "us-enterprise": [...US_ENTERPRISE], "eu-enterprise": [...EU_ENTERPRISE] },
  regionDetails: {
    us: { label: "US, Free, Starter and Growth plans", cidrs: [...US] },
    eu: { label: "EU, Free, Starter and Growth plans", cidrs: [...EU] },
    "us-enterprise": { label: "US, Enterprise plan", cidrs: [...US_ENTERPRISE] },
    "eu-enterprise": { label: "EU, Enterprise plan", cidrs: [...EU_ENTERPRISE] },
  },
  cidrsNotPublished: "RudderStack lists its IPs per region and plan at " + GUIDE + "; pass others in extraCidrs.",
  tls: "supported",
  sources: [GUIDE],
  facts: [
    { covers: "setup SQL: user RUDDER, schema _rudderstack, USAGE, SELECT, default privileges for the creator", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "SSL mode disable or require; no SSH tunnel", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "egress IPs per region (US, EU) and plan (Free/Starter/Growth, Enterprise)", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
  ],
  notes: [
    "RudderStack stores the state of each sync in `_rudderstack`; do not rename it.",
    "The guide writes RUDDER unquoted, so the role is lower-case `rudder`.",
    "RudderStack offers SSL mode `disable` or `require`; choose `require`.",
    "RudderStack does not support SSH tunnels for a PostgreSQL Reverse ETL source: the database must be reachable from its IPs.",
    "Pick the region id that matches both your data plane (US or EU) and your plan: Enterprise uses a different IP set.",
    "The guide's default privileges apply \"for user creator\": list every role that creates tables in tableOwners.",
  ],
};
