import { viaStoredPage } from "./provenance";
import type { VendorPreset } from "./types";

const IPS = "https://docs.preset.io/v1/docs/mysql-connection";
const READ = "2026-11-29";

/** Preset Cloud's four regions, as its "Allowlist Preset IPs" table lists them (one column per region). */
const US_WEST_2 = ["35.161.45.11/32", "54.244.23.85/32", "52.32.136.34/32"] as const;
const US_EAST_1 = ["44.193.153.196/32", "52.70.123.52/32", "54.83.88.93/32"] as const;
const EU_NORTH_1 = ["13.48.95.3/32", "13.51.212.165/32", "16.170.49.24/32"] as const;
const AP_NORTHEAST_1 = ["35.74.159.67/32", "35.75.171.157/32", "52.193.196.211/32"] as const;

/** Preset (managed Apache Superset) querying PostgreSQL from its workspace's region. */
export const preset: VendorPreset = {
  id: "preset",
  displayName: "Preset Cloud",
  // Preset's connection guides suggest no database user name: "preset" is this catalogue's choice.
  roleName: "preset",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: {
    "us-west-2": [...US_WEST_2],
    "us-east-1": [...US_EAST_1],
    "eu-north-1": [...EU_NORTH_1],
    "ap-northeast-1": [...AP_NORTHEAST_1],
  },
  regionDetails: {
    "us-west-2": { label: "us-west-2 (workspace URLs with us1a)", cidrs: [...US_WEST_2] },
    "us-east-1": { label: "us-east-1 (workspace URLs with us2a)", cidrs: [...US_EAST_1] },
    "eu-north-1": { label: "eu-north-1 (workspace URLs with eu5a)", cidrs: [...EU_NORTH_1] },
    "ap-northeast-1": { label: "ap-northeast-1 (workspace URLs with ap1a)", cidrs: [...AP_NORTHEAST_1] },
  },
  cidrsNotPublished: "Preset lists its IPs for its four regions at " + IPS + " (\"Allowlist Preset IPs\"); pass others in extraCidrs.",
  tls: "unknown",
  sources: [IPS],
  facts: [
    {
      covers: "egress IPs of Preset Cloud's four regions; the workspace URL names the region (e.g. us2a = us-east-1)",
      url: IPS,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ) + "; Preset's PostgreSQL page was not among the stored copies, so the region table was read on its MySQL page (the same Preset Cloud egress list)",
    },
  ],
  notes: [
    "The role name `preset` is this catalogue's choice: Preset suggests no user name (pass roleName to change it).",
    "Find your region in the workspace URL: https://xxxxxxxx.us2a.app.preset.io/... means us2a, that is us-east-1.",
    "Preset's IP table was read on its MySQL connection page: the allowlist belongs to Preset Cloud, not to one database type.",
    "Preset's pages read here do not say whether it requires TLS, nor which privileges its user needs: the preset grants read access only.",
  ],
};
