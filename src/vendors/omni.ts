import { viaStoredPage } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://docs.omni.co/connect-data/setup/postgres";
const IPS = "https://docs.omni.co/administration/security/omni-ip-addresses";
const READ = "2026-11-29";

/**
 * Omni (BI) querying PostgreSQL: the guide's `omni` user with SELECT on tables and sequences, now and via
 * default privileges. Omni shows its egress IPs per connection in its app, not in its docs.
 */
export const omni: VendorPreset = {
  id: "omni",
  displayName: "Omni",
  // CREATE USER omni, unquoted: the role is `omni`.
  roleName: "omni",
  roleNameSource: "vendor",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
  // The optional table-upload schema is named by you (Omni's guide: "Create the schema in Postgres"), so none is declared.
  managedSchemas: [],
  regions: {},
  cidrsNotPublished:
    "Omni does not list its IP addresses in its docs: they are shown on each connection's page in Omni " +
    "(Settings > Connections, see " + IPS + "). Copy them into extraCidrs.",
  tls: "unknown",
  sources: [GUIDE, IPS],
  facts: [
    {
      covers: "setup SQL: user omni, CONNECT, SELECT on all tables and sequences, USAGE, default privileges for tables and sequences; optional upload schema",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ),
    },
    { covers: "egress IPs shown per connection in the app (Settings > Connections), set per environment", url: IPS, retrievedAt: READ, retrievedVia: viaStoredPage(READ) },
  ],
  notes: [
    "No Omni IPs are shipped: with securityGroupId you must pass extraCidrs, copied from the connection's page in Omni (" + IPS + ").",
    "Omni's default privileges have no FOR ROLE, so they cover only tables the admin creates; list every role that creates tables in tableOwners.",
    "Omni's optional table-upload schema (for CSV uploads used in joins) is named by you and needs write grants; this preset does not create it.",
    "Omni's guide does not say whether it requires TLS: enforce TLS on the server.",
  ],
};
