// The surface this repository publishes as a Pulumi package, in the form the component provider host of
// @pulumi/pulumi analyzes to infer the package schema: plain types, string enums as `as const` objects, and
// one args interface. Declarations only: at run time the host constructs the TypeScript component
// (src/component.ts), which validates its arguments with the same messages as in TypeScript.
import type * as pulumi from "@pulumi/pulumi";

/** Preset id from the vendor catalogue, or `custom` for a vendor without a preset. */
export const VendorId = {
  /** Segment Reverse ETL (role `segment`, managed schema `__segment_reverse_etl`). */
  Segment: "segment",
  /** Whaly BI (role `whaly_bi`, read-only). */
  Whaly: "whaly",
  /** Census (role `census`; modes `standard` and `read-only`). */
  Census: "census",
  /** Airbyte Cloud (CDC with pgoutput). */
  Airbyte: "airbyte",
  /** Stitch (CDC with wal2json). */
  Stitch: "stitch",
  /** RudderStack Reverse ETL (role `rudder`, managed schema `_rudderstack`). */
  Rudderstack: "rudderstack",
  /** Metabase Cloud (read-only). */
  Metabase: "metabase",
  /** Fivetran (CDC with pgoutput; no IP list shipped for some regions). */
  Fivetran: "fivetran",
  /** Hightouch (modes `basic` and `lightning`; no IP list shipped). */
  Hightouch: "hightouch",
  /** PostHog data warehouse (role `posthog`, read-only, TLS required). */
  Posthog: "posthog",
  /** Omni (role `omni`, read-only; no IP list shipped). */
  Omni: "omni",
  /** Retool Cloud (role `retool`, read-only). */
  Retool: "retool",
  /** Preset Cloud (role `preset`, read-only). */
  Preset: "preset",
  /** Lightdash Cloud (role `lightdash`, read-only). */
  Lightdash: "lightdash",
  /** Grafana Cloud (role `grafanareader`, read-only; no IP list shipped). */
  Grafana: "grafana",
  /** Looker (role `looker`, read-only; no IP list shipped). */
  Looker: "looker",
  /** Mixpanel Warehouse Connectors (role `mixpanel`, read-only; no IP list shipped). */
  Mixpanel: "mixpanel",
  /** No preset: role name, privileges and CIDRs all come from the arguments. */
  Custom: "custom",
} as const;
export type VendorId = (typeof VendorId)[keyof typeof VendorId];

/** Preset variant; which modes a vendor offers is in the catalogue (an unknown one is an error listing them). */
export const VendorMode = {
  /** Census: reads, and writes its bookkeeping schema `census`. */
  Standard: "standard",
  /** Census: read-only, no bookkeeping schema. */
  ReadOnly: "read-only",
  /** Hightouch: basic sync engine, read-only access. */
  Basic: "basic",
  /** Hightouch: Lightning sync engine, with its planner and audit schemas. */
  Lightning: "lightning",
} as const;
export type VendorMode = (typeof VendorMode)[keyof typeof VendorMode];

/** What `pulumi destroy` does with the vendor-managed schemas. */
export const ManagedSchemaOnDestroy = {
  /** Leave the schema and the vendor's state tables in the database. */
  Retain: "retain",
  /** `DROP SCHEMA … CASCADE`, deleting every object in it. */
  Drop: "drop",
} as const;
export type ManagedSchemaOnDestroy = (typeof ManagedSchemaOnDestroy)[keyof typeof ManagedSchemaOnDestroy];

/** A database privilege for `custom` vendors. */
export const DatabasePrivilege = {
  /** Connect to the database. */
  Connect: "CONNECT",
  /** Create schemas in the database. */
  Create: "CREATE",
  /** Create temporary tables. */
  Temporary: "TEMPORARY",
} as const;
export type DatabasePrivilege = (typeof DatabasePrivilege)[keyof typeof DatabasePrivilege];

/** How the vendor role gets the right to read from a replication slot. */
export const ReplicationPrivilege = {
  /** Amazon RDS and Aurora: membership in `rds_replication` (the admin needs `rds_superuser`). */
  RdsReplication: "rds_replication",
  /** Self-managed PostgreSQL: the REPLICATION attribute (the admin must be a superuser). */
  ReplicationAttribute: "replication-attribute",
} as const;
export type ReplicationPrivilege = (typeof ReplicationPrivilege)[keyof typeof ReplicationPrivilege];

/** Change-data-capture settings (logical replication) for `airbyte`, `fivetran` and `stitch`. */
export interface CdcArgs {
  /** Required: `rds_replication` on Amazon RDS/Aurora, `replication-attribute` on self-managed PostgreSQL. */
  replicationPrivilege: ReplicationPrivilege;
  /**
   * Tables to publish as `schema.table` (exact names, schema among `readSchemas`). Required for pgoutput
   * vendors (Airbyte, Fivetran); not valid for Stitch (wal2json). Tables created later are not published
   * until added here.
   */
  tables?: string[];
  /** Replication slot name (lower-case letters, digits, `_`). Default: the vendor guide's; required for Fivetran. */
  slotName?: string;
  /** Publication name (pgoutput only). Default: the vendor guide's; required for Fivetran. */
  publicationName?: string;
}

/**
 * Arguments of PostgresVendorAccess in the package schema: the TypeScript component's (src/args.ts has the
 * full documentation), with string enums where the set of values is closed. Arguments that decide which
 * children exist are plain values.
 */
export interface PostgresVendorAccessArgs {
  /** Preset id from the vendor catalogue, or `custom` (then `roleName` is required). Required. */
  vendor: VendorId;
  /**
   * The database the vendor connects to; every grant is declared in it. The `postgresql` provider should
   * connect to the same database (role deletion only cleans up there). Required.
   */
  database: string;
  /** Schemas the vendor reads: USAGE, SELECT on tables, views and sequences. Default: none. */
  readSchemas?: string[];
  /**
   * Roles that create objects in the read schemas; default privileges are declared for each, so their
   * future tables are readable. Default: none.
   */
  tableOwners?: string[];
  /**
   * Which of the vendor's published IP sets to allow (e.g. Segment `us` or `eu`). Default: the preset's
   * only or default set; an unknown region is an error listing the known ones.
   */
  region?: string;
  /** Preset variant, where the vendor offers one. Default: the preset's default mode. */
  mode?: VendorMode;
  /** The vendor's login role (case-sensitive, at most 63 bytes, not `pg_…`). Default: the preset's. */
  roleName?: string;
  /**
   * The role's password (secret; at least 16 characters, no backslash). Default: a generated
   * 40-character password.
   */
  password?: pulumi.Input<string>;
  /** The role's CONNECTION LIMIT. Default: -1 (no limit). */
  connectionLimit?: pulumi.Input<number>;
  /**
   * Security group that receives one ingress rule per vendor CIDR on `port`. Default: none (no network
   * rules). Prefer a dedicated group: some vendors publish many CIDRs.
   */
  securityGroupId?: pulumi.Input<string>;
  /** Database port for the ingress rules and the connection output. Default: 5432. */
  port?: number;
  /** CIDRs allowed in addition to the preset's (`0.0.0.0/0` and `::/0` are refused). Default: none. */
  extraCidrs?: string[];
  /** Database host, copied into the connection output (not used to connect). Default: none. */
  host?: pulumi.Input<string>;
  /** `retain` (default) keeps the managed schemas and their data on destroy; `drop` drops them with CASCADE. */
  managedSchemaOnDestroy?: ManagedSchemaOnDestroy;
  /** Database privileges for `custom` (presets carry their own). Default: `["CONNECT"]`. */
  databasePrivileges?: DatabasePrivilege[];
  /** Schemas the vendor writes to (owned by its role), for `custom` only. Default: none. */
  managedSchemas?: string[];
  /** Change data capture for `airbyte`, `fivetran` and `stitch`. Default: none. */
  cdc?: CdcArgs;
}

/** What the vendor's connection form needs. */
export interface VendorConnection {
  /** Database host, when the `host` argument was given. */
  host?: string;
  /** Database port. */
  port: number;
  /** Database the vendor connects to. */
  database: string;
  /** The vendor's login role. */
  user: string;
  /** The vendor role's password. */
  password: string;
}

/**
 * Everything a SaaS data vendor needs to work with one PostgreSQL database: its login role and secret
 * password, database and schema grants, SELECT on tables and sequences, default privileges for every
 * table-creating role, the schemas the vendor writes to, and security-group ingress for the vendor's
 * published CIDRs. Children use the `postgresql`, `aws` and `random` providers of the resource options.
 */
export declare class PostgresVendorAccess extends pulumi.ComponentResource {
  /** The vendor's login role name. */
  readonly roleName: pulumi.Output<string>;
  /** The vendor role's password. */
  readonly password: pulumi.Output<string>;
  /** Vendor-writable schemas the component declared, e.g. `["__segment_reverse_etl"]`; empty for read-only vendors. */
  readonly managedSchemas: pulumi.Output<string[]>;
  /** IDs of the security-group ingress rules (empty without `securityGroupId`). */
  readonly ingressRuleIds: pulumi.Output<string[]>;
  /** Host (when given), port, database, user and password for the vendor's connection form. */
  readonly connection: pulumi.Output<VendorConnection>;
  constructor(name: string, args: PostgresVendorAccessArgs, opts?: pulumi.ComponentResourceOptions);
}
