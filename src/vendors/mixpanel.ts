import { viaStoredPage } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://docs.mixpanel.com/docs/tracking-methods/warehouse-connectors/postgres";
const READ = "2026-11-29";

/** Mixpanel's Postgres Warehouse Connector: a read-only user on the schemas and tables it syncs. */
export const mixpanel: VendorPreset = {
  id: "mixpanel",
  displayName: "Mixpanel Warehouse Connectors",
  // "User Name - This is the username you want to connect with": the name is this catalogue's choice.
  roleName: "mixpanel",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  // "The user should have read-only permissions ... as Mixpanel only needs to read data."
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: {},
  cidrsNotPublished:
    "Mixpanel's Postgres Warehouse Connector page (" + GUIDE + ") as read for this catalogue lists no egress IPs: " +
    "ask Mixpanel for the addresses its connector uses and pass them in extraCidrs.",
  // The guide's SSL Mode sentence ("To keep your data secure, Mixpanel requires e…") was cut off in the copy read.
  tls: "unknown",
  sources: [GUIDE],
  facts: [
    {
      covers: "read-only user, least privilege on the schemas and tables to sync; connection fields; SSL mode field",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ) + "; the stored copy ends inside the SSL Mode sentence",
    },
  ],
  notes: [
    "The role name `mixpanel` is this catalogue's choice: Mixpanel's guide leaves the user name to you (pass roleName to change it).",
    "Mixpanel only reads: grant access to the schemas and tables you sync (readSchemas) and nothing else.",
    "No Mixpanel IPs are shipped: the connector page read here lists none, so with securityGroupId pass extraCidrs.",
    "Mixpanel's guide has an SSL mode setting whose requirement was cut off in the copy read here: treat TLS as required and enforce it on the server.",
  ],
};
