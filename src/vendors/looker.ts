import { viaStoredPage } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://cloud.google.com/looker/docs/db-config-postgresql";
const SECURE_ACCESS = "https://cloud.google.com/looker/docs/enabling-secure-db-access";
const READ = "2026-11-29";

/**
 * Looker connecting to PostgreSQL (RDS, Aurora and others): SELECT on tables and sequences, now and via default
 * privileges for each creator. Persistent derived tables need a scratch schema, which this preset does not create.
 */
export const looker: VendorPreset = {
  id: "looker",
  displayName: "Looker",
  // The current guide writes CREATE USER USERNAME; earlier versions of the same page wrote `looker`, kept here as
  // the catalogue's choice.
  roleName: "looker",
  roleNameSource: "catalogue",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
  managedSchemas: [],
  regions: {},
  cidrsNotPublished:
    "Looker lists the IP addresses of Looker-hosted instances per region on its \"Enabling secure database access\" " +
    "page (" + SECURE_ACCESS + "), not shipped in this catalogue (not read from there). Copy the addresses for your " +
    "instance's region into extraCidrs.",
  // "It is a best practice to encrypt network traffic between the Looker application and your database."
  tls: "supported",
  sources: [GUIDE, SECURE_ACCESS],
  facts: [
    {
      covers: "setup SQL: CONNECT, SELECT on all sequences and tables, USAGE on other schemas, default privileges for tables and sequences FOR USER/ROLE of each creator; encrypt traffic (best practice); secure-access page for IPs and tunnels",
      url: GUIDE,
      retrievedAt: READ,
      retrievedVia: viaStoredPage(READ) + "; the current page writes USERNAME where earlier versions wrote looker",
    },
  ],
  notes: [
    "The role name `looker` is this catalogue's choice: Looker's current guide writes USERNAME (its earlier versions wrote looker); pass roleName to change it.",
    "Looker's guide itself says default privileges must be set FOR each user or role that creates tables: list them in tableOwners.",
    "No Looker IPs are shipped: with securityGroupId pass extraCidrs from " + SECURE_ACCESS + " (Looker-hosted instances), or one of the other secure-access options that page describes.",
    "Persistent derived tables need a scratch schema Looker writes to (the guide's \"Temp schema setup\"); this preset does not create it. Create it with grants of its own if you use PDTs.",
  ],
};
