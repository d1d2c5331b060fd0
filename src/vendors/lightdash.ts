import { viaStoredRepoFile } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://docs.lightdash.com/get-started/quickstart/connect-project";
const READ = "2026-11-29";

/**
 * Lightdash Cloud (BI on dbt) querying a PostgreSQL warehouse. Lightdash recommends a read-only user and
 * publishes one static IP per cloud domain.
 */
export const lightdash: VendorPreset = {
  id: "lightdash",
  displayName: "Lightdash Cloud",
  // The guide's Postgres fields ask for "the database user name" without suggesting one: this catalogue's choice.
  roleName: "lightdash",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  // "We always recommend giving read-only permissions to Lightdash."
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: { app: ["35.245.81.252/32"], eu1: ["34.38.17.228/32"] },
  regionDetails: {
    app: { label: "Workspaces at app.lightdash.cloud", cidrs: ["35.245.81.252/32"] },
    eu1: { label: "Workspaces at eu1.lightdash.cloud", cidrs: ["34.38.17.228/32"] },
  },
  cidrsNotPublished:
    "Lightdash publishes IPs for app.lightdash.cloud and eu1.lightdash.cloud (" + GUIDE + "); on another domain, " +
    "copy the IP shown on your project settings page into extraCidrs.",
  // SSL mode is a connection setting (dbt's sslmode); Lightdash does not state it requires TLS.
  tls: "supported",
  sources: [GUIDE],
  facts: [
    {
      covers: "read-only permissions recommended; Postgres fields (user name left to you); SSL mode and certificates; SSH tunnel; static IPs per login domain",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredRepoFile(READ, "lightdash/mintlify-docs", "get-started/quickstart/connect-project.mdx", "005851572b4c9921d499cf7d7bffaf54806295a0"),
    },
  ],
  notes: [
    "The role name `lightdash` is this catalogue's choice: Lightdash's guide leaves the user name to you (pass roleName to change it).",
    "Pick the region by the domain you log in at: app (app.lightdash.cloud) or eu1 (eu1.lightdash.cloud); other domains show their IP on the project settings page.",
    "Lightdash's SSL mode follows dbt's sslmode: choose require or stricter; verify-ca and verify-full need the root certificate.",
    "Lightdash reads the schemas your dbt project builds: list the dbt role in tableOwners so models rebuilt later stay readable.",
  ],
};
