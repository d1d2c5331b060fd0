import type { VendorPreset } from "./types";

const PRIVILEGES = "https://www.metabase.com/docs/latest/databases/users-roles-privileges";
const IPS = "https://www.metabase.com/docs/latest/cloud/ip-addresses-to-whitelist";
const POSTGRES = "https://www.metabase.com/docs/latest/databases/connections/postgresql";
const MODEL_PERSISTENCE = "https://www.metabase.com/docs/latest/data-modeling/models/model-persistence";
const VIA = "read from the project's vendor reference (vendors.md §9), compiled 2026-11-22; the page shows no last-updated date";
const VIA_11 = (path: string, commit: string) =>
  `re-verified 2026-11-29 (issue 11) from the search tool's stored copy of metabase/metabase ${path} at commit ${commit}, not the live site`;

const US_EAST_1 = ["18.207.81.126/32", "3.211.20.157/32", "50.17.234.169/32"] as const;
const EU_CENTRAL_1 = ["18.192.2.142/32", "18.184.191.58/32", "3.65.184.173/32"] as const;
const AP_SOUTHEAST_1 = ["54.179.42.215/32", "3.1.176.8/32", "18.139.48.211/32"] as const;
const AP_SOUTHEAST_2 = ["13.238.131.1/32", "3.105.237.132/32", "54.252.39.14/32"] as const;
const SA_EAST_1 = ["18.228.120.123/32", "54.207.106.108/32", "18.228.120.162/32"] as const;

/** Metabase Cloud querying a PostgreSQL database: CONNECT and SELECT (the guide's minimum). */
export const metabase: VendorPreset = {
  id: "metabase",
  displayName: "Metabase Cloud",
  roleName: "metabase",
  roleNameSource: "vendor",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: {
    "us-east-1": [...US_EAST_1],
    "eu-central-1": [...EU_CENTRAL_1],
    "ap-southeast-1": [...AP_SOUTHEAST_1],
    "ap-southeast-2": [...AP_SOUTHEAST_2],
    "sa-east-1": [...SA_EAST_1],
  },
  regionDetails: {
    "us-east-1": { label: "US (N. Virginia, us-east-1)", cidrs: [...US_EAST_1] },
    "eu-central-1": { label: "Europe (Frankfurt, eu-central-1)", cidrs: [...EU_CENTRAL_1] },
    "ap-southeast-1": { label: "APAC (Singapore, ap-southeast-1)", cidrs: [...AP_SOUTHEAST_1] },
    "ap-southeast-2": { label: "APAC (Sydney, ap-southeast-2)", cidrs: [...AP_SOUTHEAST_2] },
    "sa-east-1": { label: "South America (São Paulo, sa-east-1)", cidrs: [...SA_EAST_1] },
  },
  cidrsNotPublished: "Metabase Cloud lists its IPs per region at " + IPS + "; pass others in extraCidrs.",
  // "Metabase automatically tries to connect to databases with SSL first, then without": supported, not required.
  tls: "supported",
  sources: [PRIVILEGES, IPS, POSTGRES, MODEL_PERSISTENCE],
  facts: [
    { covers: "user metabase; minimum CONNECT + SELECT; optional roles for actions, model persistence, uploads", url: PRIVILEGES, retrievedAt: "2026-11-22", retrievedVia: VIA },
    { covers: "egress IPs for five regions", url: IPS, retrievedAt: "2026-11-22", retrievedVia: VIA },
    {
      covers: "TLS supported, not required: SSL first, then without; SSL modes allow to verify-full",
      url: POSTGRES,
      retrievedAt: "2026-11-29",
      retrievedVia: VIA_11("docs/databases/connections/postgresql.md", "01f5fcae"),
    },
    {
      covers: "model persistence to be deprecated in favour of Transforms",
      url: MODEL_PERSISTENCE,
      retrievedAt: "2026-11-29",
      retrievedVia: VIA_11("docs/data-modeling/models/model-persistence.md", "1cb5356e"),
    },
  ],
  notes: [
    "This preset grants Metabase's minimum (CONNECT, SELECT). Actions (INSERT/UPDATE/DELETE), uploads and model persistence need more; grant those separately.",
    "Model persistence makes Metabase create its own schema (metabase_cache_<hash>_<database id>) and needs CREATE on the database; this preset does not grant it. Metabase marks model persistence for deprecation in favour of Transforms.",
    "The guide's sample SQL is illustrative and not valid PostgreSQL as written (double-quoted password, GRANT USAGE ON DATABASE); this preset issues valid grants.",
    "The guide gives no default-privileges statement: list the roles that create tables in tableOwners so later tables stay readable.",
    "Metabase supports TLS but does not require it: it tries SSL first and falls back to an unencrypted connection. Keep SSL on (SSL mode require or stricter) and enforce TLS on the server.",
  ],
};
