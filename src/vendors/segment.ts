import type { VendorPreset } from "./types";

const GUIDE =
  "https://www.twilio.com/docs/segment/connections/reverse-etl/reverse-etl-source-setup-guides/postgres-setup";
const SYSTEM_PAGE = "https://www.twilio.com/docs/segment/connections/reverse-etl/system";
const IPS = "https://www.twilio.com/docs/segment/connections/storage/warehouses/faq#which-ips-should-i-allowlist";
const RDS_PAGE = "https://www.twilio.com/docs/segment/connections/storage/catalog/postgres";
const PRIVATELINK = "https://www.twilio.com/docs/segment/connections/aws-privatelink";

/**
 * Segment Reverse ETL with a PostgreSQL source. Segment runs the user's model queries and keeps
 * checksums of previous results in `records_<id>` / `checkpoints_<id>` tables of its managed schema.
 */
export const segment: VendorPreset = {
  id: "segment",
  displayName: "Segment Reverse ETL",
  roleName: "segment",
  // The guide grants CREATE on the database (so Segment could create its schema itself).
  databasePrivileges: ["CONNECT", "CREATE"],
  readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
  // Created unquoted in the guide's SQL, so PostgreSQL folds it to lower case. The prose spells it
  // __SEGMENT_REVERSE_ETL (Snowflake's folding); a quoted upper-case name would be another schema.
  managedSchemas: ["__segment_reverse_etl"],
  regions: {
    us: ["52.25.130.38/32", "34.223.203.0/28"],
    eu: ["3.251.148.96/29"],
  },
  regionDetails: {
    us: { label: "Workspaces hosted in the US", cidrs: ["52.25.130.38/32", "34.223.203.0/28"] },
    eu: { label: "Workspaces hosted in the EU", cidrs: ["3.251.148.96/29"] },
  },
  cidrsNotPublished:
    "Segment publishes egress IPs only for US and EU workspaces (" + IPS + "); for other regions ask Segment " +
    "and pass the addresses in extraCidrs.",
  tls: "required",
  sources: [GUIDE, SYSTEM_PAGE, IPS, RDS_PAGE, PRIVATELINK],
  facts: [
    { covers: "setup SQL: user, CREATE on database, managed schema", url: GUIDE, retrievedAt: "2025-11-07", lastChanged: "2025-04-14" },
    { covers: "managed schema name and its records_/checkpoints_ tables", url: SYSTEM_PAGE, retrievedAt: "2025-11-07", lastChanged: "2025-10-08" },
    { covers: "egress IPs (US, EU)", url: IPS, retrievedAt: "2025-11-07", lastChanged: "2024-10-21" },
    { covers: "TLS only; RDS must be publicly accessible", url: RDS_PAGE, retrievedAt: "2025-11-07" },
    {
      covers: "AWS PrivateLink is a private beta (RDS Postgres supported; eligible regions only)",
      url: PRIVATELINK,
      retrievedAt: "2026-11-29",
      retrievedVia:
        "re-verified 2026-11-29 (issue 11) from the search tool's stored copies of segmentio/segment-docs " +
        "src/connections/aws-privatelink.md (pull requests 6708, 7183, 7375), not the live site",
    },
  ],
  notes: [
    "The guide's SQL grants only USAGE on __segment_reverse_etl, which does not allow CREATE TABLE; the " +
      "component makes the segment role the schema's owner instead, so Segment can create its tables.",
    "Segment connects only over TLS, and RDS must be publicly accessible, or reached through AWS PrivateLink, which Segment's aws-privatelink page calls a private beta (" + PRIVATELINK + ").",
    "Give read access to every schema your model queries use (readSchemas), and list each role that creates " +
      "tables there (tableOwners) so later tables stay readable.",
  ],
};
