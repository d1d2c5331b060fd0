import type { VendorPreset } from "./types";

const RDS_GUIDE = "https://fivetran.com/docs/connectors/databases/postgresql/rds-setup-guide";
const AURORA = "https://fivetran.com/docs/connectors/databases/postgresql/aurora-configuration";
const IPS = "https://fivetran.com/docs/using-fivetran/ips";
const OVERVIEW = "https://www.fivetran.com/docs/databases/postgresql";
const CONNECTION_OPTIONS = "https://fivetran.com/docs/connectors/databases/connection-options";
const VIA = "read from the project's vendor reference (vendors.md §3), compiled 2026-11-22; Fivetran's pages show no last-updated date";
const VIA_11 = "re-verified 2026-11-29 (issue 11) through the search tool's stored copy of the page, not the live site; the page shows no date";

/**
 * Fivetran's PostgreSQL (RDS/Aurora) source: read access with default privileges, optional logical
 * replication through pgoutput. Only the GCP region CIDRs Fivetran publishes are shipped; AWS- and
 * Azure-hosted Fivetran (and GCP London) need `extraCidrs` from Fivetran's IP page.
 */
export const fivetran: VendorPreset = {
  id: "fivetran",
  displayName: "Fivetran",
  // Fivetran's recommended database user name was not found in its guide. "fivetran" is this catalogue's
  // choice (Fivetran names its SSH tunnel user `fivetran`).
  roleName: "fivetran",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: {
    "us-east4": ["35.234.176.144/29"],
    "us-west1": ["35.227.135.0/29"],
    "us-central1": ["35.192.240.48/29"],
    "europe-west3": ["35.235.32.144/29"],
    "australia-southeast-1": ["35.244.75.240/29"],
    // Published by Fivetran but not captured in this catalogue's sources: the user supplies them.
    "europe-west2": [],
    aws: [],
    azure: [],
  },
  regionDetails: {
    "us-east4": { label: "GCP US, us-east4 (N. Virginia), default US region", cidrs: ["35.234.176.144/29"] },
    "us-west1": { label: "GCP US, us-west1 (Oregon)", cidrs: ["35.227.135.0/29"] },
    "us-central1": { label: "GCP US, us-central1 (Iowa)", cidrs: ["35.192.240.48/29"] },
    "europe-west3": { label: "GCP EU, europe-west3 (Frankfurt), default EU region", cidrs: ["35.235.32.144/29"] },
    "australia-southeast-1": { label: "GCP Australia, australia-southeast-1 (Sydney), default Australia region", cidrs: ["35.244.75.240/29"] },
    "europe-west2": { label: "GCP UK, europe-west2 (London): CIDR not in this catalogue, pass it in extraCidrs", cidrs: [] },
    aws: { label: "Fivetran hosted on AWS (any region): CIDRs not in this catalogue, pass them in extraCidrs", cidrs: [] },
    azure: { label: "Fivetran hosted on Azure (any region): CIDRs not in this catalogue, pass them in extraCidrs", cidrs: [] },
  },
  cidrsNotPublished:
    "This catalogue ships only Fivetran's published GCP region CIDRs. For Fivetran hosted on AWS or Azure, or GCP " +
    "europe-west2 (London), copy the CIDRs for your Fivetran region from " + IPS + " (tables per cloud provider) " +
    "into extraCidrs.",
  tls: "required",
  // Slot and publication names: Fivetran's own guide text for them was not found (only secondary sources).
  cdc: {
    plugin: "pgoutput",
    source: RDS_GUIDE,
    namesNotPublished:
      "Fivetran's guide (" + RDS_GUIDE + ") as captured here names no slot or publication: choose them in " +
      "cdc.slotName and cdc.publicationName and enter the same names in the Fivetran connector setup form.",
  },
  sources: [RDS_GUIDE, AURORA, IPS, CONNECTION_OPTIONS, OVERVIEW],
  facts: [
    { covers: "TLS must be enabled on the database; PostgreSQL 9.6-17; connection methods", url: RDS_GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "logical replication with pgoutput (PostgreSQL 10.4+)", url: RDS_GUIDE, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "Aurora: PostgreSQL 11-16; Serverless v2 needs 13+", url: AURORA, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "egress CIDRs of GCP regions us-east4, us-west1, us-central1, europe-west3, australia-southeast-1", url: IPS, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "SSH user named fivetran on tunnel hosts", url: CONNECTION_OPTIONS, retrievedAt: "2026-11-22", retrievedVia: VIA },
    {
      covers: "PostgreSQL 10-18; connection limit 3 per database; TLS 1.1-1.3; logical replication from primary instances and from standby instances on PostgreSQL 16+",
      url: OVERVIEW,
      retrievedAt: "2026-11-29",
      retrievedVia: VIA_11,
    },
  ],
  notes: [
    "The role name `fivetran` is this catalogue's choice: Fivetran's recommended database user name was not found (pass roleName to change it).",
    "Fivetran requires TLS to be enabled on the database.",
    "Only Fivetran's GCP region CIDRs are shipped. On AWS- or Azure-hosted Fivetran (region \"aws\" or \"azure\"), or GCP europe-west2, copy the CIDRs from " + IPS + " into extraCidrs.",
    "Logical replication (cdc argument) needs PostgreSQL 10.4 or later for pgoutput; Fivetran's current PostgreSQL overview lists logical replication from standby instances too, on PostgreSQL 16 or later (on a standby the slot must be created on the standby itself, which this component does not target: point it at the primary).",
    "Fivetran documents a limit of 3 connections per database.",
    "Fivetran's slot and publication names were not found in its guide: choose them (cdc.slotName, cdc.publicationName) and enter the same names in Fivetran.",
    "Databases in a private subnet need an SSH tunnel, PrivateLink (Business Critical plan) or Fivetran's proxy agent instead of ingress rules.",
  ],
};
