/**
 * The access plan's data types: what the planner (plan.ts) produces and the children, SQL and CLI consume.
 */
import type { ManagedSchemaOnDestroy } from "./args";
import type { CdcSettings } from "./validate";
import type { ReadObjectType } from "./vendors/types";

/** The vendor's login role. Every attribute beyond LOGIN is explicitly off. */
export interface PlannedRole {
  kind: "role";
  key: string;
  name: string;
  login: true;
  superuser: false;
  createDatabase: false;
  createRole: false;
  /** True only with `cdc.replicationPrivilege: "replication-attribute"` (the REPLICATION attribute). */
  replication: boolean;
  bypassRowLevelSecurity: false;
  /** Known only when given as a plain number. */
  connectionLimit?: number;
}

/** A schema the vendor writes to, owned by the vendor role. */
export interface PlannedManagedSchema {
  kind: "schema";
  key: string;
  name: string;
  owner: string;
  onDestroy: ManagedSchemaOnDestroy;
}

/** One `postgresql.Grant`: unique per (role, database, schema, objectType). */
export interface PlannedGrant {
  kind: "grant";
  key: string;
  objectType: "database" | "schema" | ReadObjectType;
  /** Absent for the database grant. */
  schema?: string;
  privileges: string[];
}

/** One `postgresql.DefaultPrivileges`: objects `owner` creates later in `schema` get `privileges`. */
export interface PlannedDefaultPrivileges {
  kind: "defaultPrivileges";
  key: string;
  owner: string;
  schema: string;
  objectType: ReadObjectType;
  privileges: string[];
}

/** One `postgresql.Publication` of named tables, for a pgoutput CDC vendor. */
export interface PlannedPublication {
  kind: "publication";
  key: string;
  name: string;
  /** `schema.table`, sorted. */
  tables: string[];
}

/** One `postgresql.ReplicationSlot` (logical) with the vendor's output plugin. */
export interface PlannedReplicationSlot {
  kind: "replicationSlot";
  key: string;
  name: string;
  plugin: "pgoutput" | "wal2json";
}

/** One `postgresql.GrantRole`: the vendor role becomes a member of `grantRole` (RDS's `rds_replication`). */
export interface PlannedRoleMembership {
  kind: "roleMembership";
  key: string;
  grantRole: string;
}

export type PlannedPostgresResource =
  | PlannedRole
  | PlannedManagedSchema
  | PlannedGrant
  | PlannedDefaultPrivileges
  | PlannedPublication
  | PlannedReplicationSlot
  | PlannedRoleMembership;

/** A CIDR the vendor connects from, normalized, with where it came from. */
export interface PlannedCidr {
  cidr: string;
  family: "ipv4" | "ipv6";
  /** The preset region id, or `"extraCidrs"`. */
  source: string;
}

/** One `aws.vpc.SecurityGroupIngressRule`. */
export interface PlannedIngressRule extends PlannedCidr {
  key: string;
  port: number;
  description: string;
}

export interface AccessPlan {
  vendorId: string;
  vendorName: string;
  database: string;
  roleName: string;
  mode?: string;
  region?: string;
  port: number;
  readSchemas: string[];
  tableOwners: string[];
  managedSchemas: string[];
  /** Change-data-capture settings, when `cdc` was given. */
  cdc?: CdcSettings;
  /** Postgres children in deployment order; the component chains them in exactly this order. */
  postgres: PlannedPostgresResource[];
  /** Every CIDR the vendor connects from (whether or not rules are requested). */
  cidrs: PlannedCidr[];
  /** Ingress rules, present only when a security group was given. */
  ingress: PlannedIngressRule[];
  /** Soft problems worth telling the user about. */
  warnings: string[];
}
