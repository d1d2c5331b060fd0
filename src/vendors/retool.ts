import { viaStoredPage } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://docs.retool.com/docs/postgresql-integration";
const IPS = "https://docs.retool.com/docs/allow-retools-cloud-ip-addresses";
const READ = "2026-11-29";

/** Retool's outbound regions, as its IP page lists them (the /30 blocks cover the individual addresses listed). */
const US_WEST_2 = ["35.90.103.132/30", "44.208.168.68/30"] as const;
const EU_CENTRAL_1 = ["3.77.79.248/30"] as const;
const AP_SOUTHEAST_1 = ["47.128.165.252/32", "54.169.175.71/32", "54.255.139.141/32"] as const;

/**
 * Retool Cloud querying PostgreSQL from its outbound regions. Read-only by default: Retool apps can also write,
 * but what they may write is yours to grant, table by table.
 */
export const retool: VendorPreset = {
  id: "retool",
  displayName: "Retool Cloud",
  // The guide asks for "username and password with appropriate permissions": the name is this catalogue's choice.
  roleName: "retool",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: { "us-west-2": [...US_WEST_2], "eu-central-1": [...EU_CENTRAL_1], "ap-southeast-1": [...AP_SOUTHEAST_1] },
  regionDetails: {
    "us-west-2": { label: "AWS us-west-2 (Oregon), Retool's default", cidrs: [...US_WEST_2] },
    "eu-central-1": { label: "AWS eu-central-1 (Frankfurt)", cidrs: [...EU_CENTRAL_1] },
    "ap-southeast-1": { label: "AWS ap-southeast-1 (Singapore)", cidrs: [...AP_SOUTHEAST_1] },
  },
  // "By default, Retool uses the AWS us-west-2 region, based in Oregon, US."
  defaultRegion: "us-west-2",
  cidrsNotPublished: "Retool lists its outbound IPs per region at " + IPS + "; pass others in extraCidrs.",
  tls: "unknown",
  sources: [GUIDE, IPS],
  facts: [
    {
      covers: "PostgreSQL resource: network access from Retool's IPs, credentials with appropriate permissions, reads and writes (GUI mode)",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ),
    },
    { covers: "egress IPs per outbound region (us-west-2 default, eu-central-1, ap-southeast-1)", url: IPS, retrievedAt: READ, retrievedVia: viaStoredPage(READ) },
  ],
  notes: [
    "The role name `retool` is this catalogue's choice: Retool's guide leaves the user name to you (pass roleName to change it).",
    "This preset grants read access only. Retool apps can insert, update and delete: grant those privileges yourself, on the tables the apps may change.",
    "Retool's IP page lists both /30 blocks and their individual addresses; the preset ships the blocks (us-west-2, eu-central-1) and the three single addresses of ap-southeast-1.",
    "Retool's guide as read here does not say whether it requires TLS: enforce TLS on the server.",
  ],
};
