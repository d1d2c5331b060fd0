import type { VendorPreset } from "./types";

const GUIDE = "https://www.stitchdata.com/docs/integrations/databases/amazon-rds-postgresql/v2";
const IPS = "https://www.stitchdata.com/docs/security/stitch-ip-addresses";
const DOCS_REPO = "https://github.com/stitchdata/docs";
const AURORA_V2 = "https://www.stitchdata.com/docs/integrations/databases/amazon-aurora-postgresql/v2";
const VIA_11 =
  "re-verified 2026-11-29 (issue 11) through the search tool's stored copies, not the live site: the Aurora PostgreSQL v2 " +
  "page's feature table, and stitchdata/docs _data/taps/extraction/database-setup/user-privileges/postgres.yml at commit 0e612c6c";

const NORTH_AMERICA = ["52.23.137.21/32", "52.204.223.208/32", "52.204.228.32/32", "52.204.230.227/32"] as const;
const EUROPE = ["3.126.102.29/32", "18.158.16.164/32", "18.158.251.55/32", "52.57.235.168/32"] as const;

/**
 * Stitch's Amazon RDS PostgreSQL integration: CONNECT, USAGE and SELECT with default privileges, and
 * optional log-based replication through a wal2json slot.
 */
export const stitch: VendorPreset = {
  id: "stitch",
  displayName: "Stitch",
  // The guide writes CREATE USER <stitch_username>: Stitch suggests no name. "stitch" is this catalogue's choice.
  roleName: "stitch",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: { "north-america": [...NORTH_AMERICA], europe: [...EUROPE] },
  regionDetails: {
    "north-america": { label: "North America (us-east-1)", cidrs: [...NORTH_AMERICA] },
    europe: { label: "Europe (eu-central-1)", cidrs: [...EUROPE] },
  },
  cidrsNotPublished: "Stitch lists its IP addresses per data-centre region at " + IPS + "; pass others in extraCidrs.",
  // Stitch's v2 PostgreSQL integrations list "SSL connections: Supported"; the SSL step is optional.
  tls: "supported",
  // The guide's slot is 'stitch' (or 'stitch_<raw_database_name>' when one Stitch account reads several databases).
  cdc: { plugin: "wal2json", slotName: "stitch", source: GUIDE },
  sources: [GUIDE, IPS, DOCS_REPO, AURORA_V2],
  facts: [
    {
      covers: "setup SQL: CONNECT, USAGE, SELECT, default privileges; rds_replication; wal2json slot 'stitch'; rds.logical_replication=1; master only",
      url: GUIDE,
      retrievedAt: "2026-08-18",
      lastChanged: "2022-04-08",
    },
    { covers: "egress IPs (North America, Europe)", url: IPS, retrievedAt: "2026-08-18", lastChanged: "2020-10-21" },
    { covers: "TLS supported and optional (SSL connections: Supported; no SSL needed to connect)", url: AURORA_V2, retrievedAt: "2026-11-29", retrievedVia: VIA_11 },
    { covers: "shared PostgreSQL user SQL: CONNECT, USAGE, SELECT on all tables of a schema, default privileges", url: DOCS_REPO, retrievedAt: "2026-11-29", retrievedVia: VIA_11 },
  ],
  notes: [
    "The role name `stitch` is this catalogue's choice: Stitch's guide leaves the user name to you (pass roleName to change it).",
    "Stitch's RDS v2 guide grants SELECT per table. Granting SELECT on every table of each read schema (plus default privileges) is this catalogue's choice: per-table grants cannot cover tables created later, so each new table would need another deploy; readSchemas bounds what Stitch can read. (Stitch's shared PostgreSQL user template in its docs repository uses the same all-tables form, but no guide page shows it.)",
    "The guide asks that the admin running the grants own the schemas Stitch reads.",
    "Log-based replication (cdc argument) needs PostgreSQL 9.4 or later, the master instance (not a replica), rds.logical_replication=1, and the wal2json plugin on the server; Stitch's guide grants rds_replication, which needs rds_superuser.",
    "With several databases behind one Stitch account, the guide names each slot stitch_<raw_database_name>: pass cdc.slotName.",
    "Reading from a read replica needs larger max_standby_archive_delay / max_standby_streaming_delay (the guide suggests 8-12 hours).",
    "Stitch supports TLS but does not require it (its SSL connection step is optional): set rds.force_ssl=1 on the server if every connection must be encrypted.",
  ],
};
