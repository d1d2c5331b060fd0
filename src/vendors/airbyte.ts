import type { VendorPreset } from "./types";

const GUIDE = "https://docs.airbyte.com/integrations/sources/postgres";
const TROUBLESHOOTING = "https://docs.airbyte.com/integrations/sources/postgres/postgres-troubleshooting";
const IPS = "https://docs.airbyte.com/platform/operating-airbyte/ip-allowlist";
const VIA = "read from the project's vendor reference (vendors.md §6), compiled 2026-11-22; the page shows no last-updated date";

/** GCP us-west-3 (eight addresses) and GCP us-central-1 (one /29), both United States. */
const US = [
  "34.106.109.131/32", "34.106.196.165/32", "34.106.60.246/32", "34.106.229.69/32",
  "34.106.127.139/32", "34.106.218.58/32", "34.106.115.240/32", "34.106.225.141/32",
  "34.33.7.0/29",
] as const;
/** AWS eu-west-3 (France). */
const EU = ["13.37.4.46/32", "13.37.142.60/32", "35.181.124.238/32"] as const;

/**
 * Airbyte Cloud's PostgreSQL source: a read-only user (standard xmin replication by default), with optional
 * change data capture through a pgoutput slot and publication.
 */
export const airbyte: VendorPreset = {
  id: "airbyte",
  displayName: "Airbyte Cloud",
  // The guide writes CREATE USER <user_name>: Airbyte suggests no name. "airbyte" is this catalogue's choice.
  roleName: "airbyte",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: { us: [...US], eu: [...EU] },
  regionDetails: {
    us: { label: "United States (GCP us-west-3 and GCP us-central-1)", cidrs: [...US] },
    eu: { label: "France (EU), AWS eu-west-3", cidrs: [...EU] },
  },
  // "Airbyte defaults to running syncs in the United States."
  defaultRegion: "us",
  cidrsNotPublished: "Airbyte Cloud lists its egress IPs at " + IPS + "; pass any address not listed here in extraCidrs.",
  tls: "required",
  cdc: { plugin: "pgoutput", slotName: "airbyte_slot", publicationName: "airbyte_publication", source: GUIDE },
  sources: [GUIDE, TROUBLESHOOTING, IPS],
  facts: [
    { covers: "setup SQL: USAGE, SELECT on all tables, default privileges; no suggested user name", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    {
      covers: "CDC: REPLICATION, slot airbyte_slot with pgoutput, publication airbyte_publication, server settings, primary only, drop unused slots",
      url: GUIDE,
      retrievedAt: "2026-11-22",
      retrievedVia: VIA,
    },
    { covers: "SSL cannot be disabled on Airbyte Cloud", url: GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "hot standby: conflict with recovery, hot_standby_feedback", url: TROUBLESHOOTING, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "egress IPs (United States: GCP us-west-3, us-central-1; France: AWS eu-west-3); US default", url: IPS, retrievedAt: "2026-11-22", retrievedVia: VIA },
  ],
  notes: [
    "The role name `airbyte` is this catalogue's choice: Airbyte's guide leaves the user name to you (pass roleName to change it).",
    "Airbyte Cloud uses SSL by default and does not allow disabling it.",
    "The IP page writes the us-central-1 block as `34.33.7.[0,8]` next to the CIDR `34.33.7.0/29`; the catalogue ships the CIDR.",
    "CDC (cdc argument) must connect to the primary: read replicas are not supported for CDC, and Airbyte needs PostgreSQL 10 or later for it.",
    "When you stop syncing with CDC, delete the replication slot (destroy this component or remove cdc), otherwise WAL is retained and can fill the disk.",
    "Reading from a hot standby can fail with \"terminating connection due to conflict with recovery\"; enable hot_standby_feedback on the replica.",
    "Airbyte's default privileges have no FOR ROLE; list every role that creates tables in tableOwners.",
  ],
};
