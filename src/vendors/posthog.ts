import { viaStoredPage, viaStoredRepoFile } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://posthog.com/docs/cdp/sources/postgres";
const GUIDE_SOURCE = "https://github.com/PostHog/posthog.com/blob/master/contents/docs/cdp/sources/_snippets/postgres.mdx";
const IPS = "https://github.com/PostHog/posthog.com/blob/master/src/constants/posthogIPs.ts";
const READ = "2026-11-29";

/** PostHog's POSTHOG_IPS constant, which every docs page renders as its "Inbound IP addresses" table. */
const US = ["44.205.89.55/32", "52.4.194.122/32", "44.208.188.173/32"] as const;
const EU = ["3.75.65.221/32", "18.197.246.42/32", "3.120.223.253/32"] as const;

/**
 * PostHog's data warehouse linking a PostgreSQL source: read access to the schemas and tables it syncs, over
 * TLS, from PostHog's US or EU Cloud addresses.
 */
export const posthog: VendorPreset = {
  id: "posthog",
  displayName: "PostHog data warehouse",
  // The guide only asks for "the username with the necessary permissions": the name is this catalogue's choice.
  roleName: "posthog",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  // "The Postgres source only requires read permissions on the schemas and tables you intend to sync."
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: { us: [...US], eu: [...EU] },
  regionDetails: {
    us: { label: "PostHog US Cloud (us.posthog.com)", cidrs: [...US] },
    eu: { label: "PostHog EU Cloud (eu.posthog.com)", cidrs: [...EU] },
  },
  cidrsNotPublished: "PostHog lists its US and EU Cloud addresses under \"Inbound IP addresses\" at " + GUIDE + "; pass others in extraCidrs.",
  // "PostgreSQL sources created after January 27, 2025 require SSL/TLS encryption for database connections."
  tls: "required",
  sources: [GUIDE, GUIDE_SOURCE, IPS],
  facts: [
    {
      covers: "read permissions on the schemas and tables to sync; SSL/TLS required for sources created after 2025-01-27",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ),
    },
    {
      covers: "connection fields (user name left to you); no IPv6 connections",
      url: GUIDE_SOURCE,
      retrievedAt: READ,
      retrievedVia: viaStoredRepoFile(READ, "PostHog/posthog.com", "contents/docs/cdp/sources/_snippets/postgres.mdx", "205bccb6e546f7118cef19711667fc828bf944db"),
    },
    {
      covers: "egress IPs (US and EU Cloud), the single list every docs page renders",
      url: IPS,
      retrievedAt: READ,
      retrievedVia: viaStoredRepoFile(READ, "PostHog/posthog.com", "src/constants/posthogIPs.ts", "6fdf6b9d57f6b43ba99ea9a4b8399feb37cf598c"),
    },
  ],
  notes: [
    "The role name `posthog` is this catalogue's choice: PostHog's guide leaves the user name to you (pass roleName to change it).",
    "PostHog requires SSL/TLS for PostgreSQL sources created after January 27, 2025.",
    "PostHog does not connect over IPv6: the database needs an IPv4 address PostHog can reach.",
    "Pick the region matching your PostHog Cloud (us or eu); the same addresses serve webhooks and batch exports.",
    "PostHog also documents a change-data-capture sync method for Postgres; this preset models only the read-only, query-based sync (no cdc argument).",
  ],
};
