import { viaStoredRepoFile } from "./provenance";
import type { VendorPreset } from "./types";

const GUIDE = "https://grafana.com/docs/grafana/latest/datasources/postgres/configure/";
const IPS = "https://grafana.com/docs/grafana-cloud/connect-externally-hosted/allow-grafana-cloud-ips/";
const READ = "2026-11-29";

/**
 * Grafana Cloud's PostgreSQL data source: the guide's `grafanareader` user with SELECT only. Grafana runs the
 * SQL its users write without checking it, so the role must not be able to change anything.
 */
export const grafana: VendorPreset = {
  id: "grafana",
  displayName: "Grafana Cloud",
  // CREATE USER grafanareader, unquoted: the role is `grafanareader`.
  roleName: "grafanareader",
  roleNameSource: "vendor",
  databasePrivileges: ["CONNECT"],
  readPrivileges: { table: ["SELECT"] },
  managedSchemas: [],
  regions: {},
  cidrsNotPublished:
    "Grafana Cloud has no per-stack static IPs, only service-level outbound ranges, listed at " + IPS +
    " (not shipped in this catalogue: not read from there). Copy the ranges for your stack's region into extraCidrs.",
  // TLS/SSL mode disable | require | verify-ca | verify-full; "require" is Grafana's recommended minimum in the cloud.
  tls: "supported",
  sources: [GUIDE, IPS],
  facts: [
    {
      covers: "user grafanareader with only SELECT (USAGE on the schema, SELECT per table); TLS/SSL modes; connection limits (max open 100, max idle 100, max lifetime 14400 s); Grafana Cloud outbound IPs and PDC",
      url: GUIDE,
      retrievedAt: READ,
      lastChanged: "2026-05-04",
      retrievedVia:
        viaStoredRepoFile(READ, "grafana/grafana", "docs/sources/datasources/postgres/configure/_index.md", "0134d3d27e415d01f22f54c566db6cf3345069d5") +
        "; lastChanged is the page's own review_date",
    },
  ],
  notes: [
    "Grafana does not check the SQL its users run (it names DROP TABLE as the risk): this role only reads, and must stay that way.",
    "Grafana's example grants SELECT table by table; the preset grants SELECT on every table of each read schema plus default privileges, so dashboards on later tables work without another deploy (readSchemas bounds the reach).",
    "No Grafana Cloud IPs are shipped: with securityGroupId pass extraCidrs from " + IPS + ", or use Private data source connect (PDC) for a database without public access.",
    "Grafana opens up to 100 connections per data source by default (Max open, Max idle 100, Max lifetime 4 hours): lower them in the data source when max_connections is small.",
    "Choose TLS/SSL mode require (Grafana's recommended minimum for cloud databases) or verify-full.",
  ],
};
