import type { VendorPreset } from "./types";

const GUIDE = "https://docs.getcensus.com/sources/available-sources/postgres";
const IPS = "https://docs.getcensus.com/misc/security-and-privacy/regions-and-ip-addresses";

const US_EAST_1 = ["3.220.140.57/32", "54.81.195.173/32"] as const;
const EU_CENTRAL_1 = ["3.73.223.175/32", "18.195.84.64/32", "3.74.27.151/32"] as const;
const AP_SOUTHEAST_2 = ["52.64.222.172/32", "52.62.68.139/32"] as const;

/**
 * Census reverse ETL reading a PostgreSQL source. Census keeps sync state (2 or 3 tables per sync) in a
 * private bookkeeping schema; in read-only mode it keeps none and only reads.
 */
export const census: VendorPreset = {
  id: "census",
  displayName: "Census",
  // The guide writes CREATE USER CENSUS unquoted, so PostgreSQL folds it to lower case.
  roleName: "census",
  roleNameSource: "vendor",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"], function: ["EXECUTE"] },
  // CREATE SCHEMA CENSUS, unquoted: the schema is `census`. A quoted "CENSUS" would be another schema.
  managedSchemas: ["census"],
  modes: {
    standard: {
      description: "Census writes sync state to its private bookkeeping schema `census` (the guide's default setup).",
      managedSchemas: ["census"],
    },
    "read-only": {
      description: "Read-only mode: the guide's bookkeeping-schema steps are skipped and Census only reads.",
      managedSchemas: [],
    },
  },
  defaultMode: "standard",
  regions: {
    "us-east-1": [...US_EAST_1],
    "eu-central-1": [...EU_CENTRAL_1],
    "ap-southeast-2": [...AP_SOUTHEAST_2],
  },
  regionDetails: {
    "us-east-1": { label: "N. Virginia (us-east-1)", cidrs: [...US_EAST_1] },
    "eu-central-1": { label: "Frankfurt (eu-central-1)", cidrs: [...EU_CENTRAL_1] },
    "ap-southeast-2": { label: "Sydney (ap-southeast-2)", cidrs: [...AP_SOUTHEAST_2] },
  },
  // Census's default region is the US; other regions are on request.
  defaultRegion: "us-east-1",
  cidrsNotPublished:
    "Census publishes egress IPs for us-east-1, eu-central-1 and ap-southeast-2 (" + IPS + "); for a region " +
    "Census sets up on request, ask Census for its addresses and pass them in extraCidrs.",
  tls: "required",
  sources: [GUIDE, IPS],
  facts: [
    {
      covers: "setup SQL: user CENSUS, bookkeeping schema CENSUS, USAGE, SELECT, EXECUTE, default privileges; read-only mode",
      url: GUIDE,
      retrievedAt: "2026-01-28",
      lastChanged: "2025-02-27",
    },
    { covers: "egress IPs (us-east-1, eu-central-1, ap-southeast-2); default region US", url: IPS, retrievedAt: "2026-01-28", lastChanged: "2025-09-18" },
    {
      covers: "TLS required: Census refuses to connect to a warehouse that does not support TLS (Secure Communication)",
      url: IPS,
      retrievedAt: "2026-11-29",
      retrievedVia:
        "re-verified 2026-11-29 (issue 11) from the search tool's stored copy of sutrolabs/census-docs " +
        "misc/security-and-privacy/regions-and-ip-addresses.md at commit 26feecf8, not the live site",
    },
  ],
  notes: [
    "Census refuses to connect to a database that does not support TLS (its Network Access Controls page).",
    "Census strongly recommends against connecting it to a production PostgreSQL database; point it at a replica or warehouse copy.",
    "The guide writes CENSUS unquoted, so both the role and the bookkeeping schema are lower-case `census`; a quoted \"CENSUS\" would be a different object.",
    "Read-only mode (mode: \"read-only\") skips the bookkeeping schema, as the guide's read-only instructions do; the role then only reads.",
    "On older PostgreSQL versions Census may also need read access to schemas referenced by the views it reads: list those in readSchemas too.",
    "The guide's ALTER DEFAULT PRIVILEGES has no FOR ROLE, so it covers only objects created by the admin who runs it; list every role that creates tables or functions in tableOwners.",
    "On Azure the user name takes the form username@hostname.",
  ],
};
