import type { VendorPreset } from "./types";

const GUIDE = "https://docs.whaly.io/warehouse/postgres/connect-your-postgres";
const IPS = "https://docs.whaly.io/sources/whitelisting-whaly-ips";

/** The 36 CIDRs of Whaly's "Whitelisting Whaly IPs" page (trailing spaces of the source trimmed). */
const WHALY_CIDRS = [
  "8.34.208.0/23", "8.34.211.0/24", "8.34.220.0/22", "23.251.128.0/20", "34.22.0.0/16", "34.76.0.0/14",
  "34.140.0.0/16", "35.187.0.0/17", "35.187.160.0/19", "35.189.192.0/18", "35.190.192.0/19", "35.195.0.0/16",
  "35.205.0.0/16", "35.206.128.0/18", "35.210.0.0/16", "35.220.96.0/19", "35.233.0.0/17", "35.240.0.0/17",
  "35.241.128.0/17", "35.242.64.0/19", "104.155.0.0/17", "104.199.0.0/18", "104.199.66.0/23", "104.199.68.0/22",
  "104.199.72.0/21", "104.199.80.0/20", "104.199.96.0/20", "130.211.48.0/20", "130.211.64.0/19", "130.211.96.0/20",
  "146.148.2.0/23", "146.148.4.0/22", "146.148.8.0/21", "146.148.16.0/20", "146.148.112.0/20", "192.158.28.0/22",
] as const;

/** Whaly BI reading a PostgreSQL warehouse: read-only, every table and sequence of the listed schemas. */
export const whaly: VendorPreset = {
  id: "whaly",
  displayName: "Whaly BI",
  roleName: "whaly_bi",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
  managedSchemas: [],
  // Whaly publishes one list with no region split.
  regions: { global: [...WHALY_CIDRS] },
  regionDetails: { global: { label: "All Whaly workspaces (single published list)", cidrs: [...WHALY_CIDRS] } },
  defaultRegion: "global",
  tls: "unknown",
  sources: [GUIDE, IPS],
  facts: [
    { covers: "setup SQL: user, CONNECT, USAGE, SELECT on tables and sequences, default privileges per creator", url: GUIDE, retrievedAt: "2025-05-21", lastChanged: "2023-12-11" },
    { covers: "egress IPs (36 CIDRs)", url: IPS, retrievedAt: "2025-05-21", lastChanged: "2023-04-20" },
  ],
  notes: [
    "Whaly's 36 CIDRs are broad Google Cloud ranges (882,432 addresses): allow-listing them opens the port to " +
      "other tenants of those ranges, so rely on TLS and the generated password as well.",
    "36 rules use more than half of a security group's default quota of 60 inbound rules; prefer a dedicated " +
      "security group for vendor access.",
    "Whaly's docs do not say whether it requires TLS.",
  ],
};
