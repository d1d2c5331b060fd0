import type * as pulumi from "@pulumi/pulumi";
import type { DatabasePrivilege } from "./vendors/types";

/** What happens to the vendor-managed schemas on `pulumi destroy` (or when removed from the program). */
export type ManagedSchemaOnDestroy = "retain" | "drop";

/**
 * Arguments of {@link PostgresVendorAccess}. Keys not listed here are refused at run time (JavaScript
 * callers and JSON/YAML files have no type checker: a misspelt `securityGroupID` would otherwise drop
 * every network rule). Every name argument refuses control characters (line breaks, tabs, escape
 * sequences, bidirectional overrides) and leading or trailing spaces; see README "Security model".
 */
export interface PostgresVendorAccessArgs {
  /**
   * Preset id from the vendor catalogue (`vendors`), e.g. `"segment"` (Segment Reverse ETL) or `"whaly"`
   * (Whaly BI). `"custom"` means no preset: the role name, privileges and CIDRs all come from these arguments.
   *
   * Required. A plain string: the preset decides which children exist, so it must be known before
   * deployment.
   */
  vendor: string;

  /**
   * The database the vendor connects to. Every grant, default privilege and managed schema is declared in
   * it. The `postgresql` provider should connect to this same database, because role deletion
   * (REASSIGN OWNED / DROP OWNED) only acts on the provider's database.
   *
   * Required, non-empty; no control characters, no leading or trailing spaces.
   */
  database: string;

  /**
   * Schemas the vendor may read: USAGE on each, SELECT on all its tables (views included) and sequences
   * (plus EXECUTE on functions where the preset asks for it), now and, through `tableOwners`, in future.
   * Matched exactly: PostgreSQL identifiers are case-sensitive (`"Sales"` is not `sales`).
   *
   * Default: `[]`. A read-only vendor (no managed schema) needs at least one. Must not repeat a schema
   * or name one of the vendor's managed schemas.
   *
   * Security: system schemas are refused (`pg_catalog`, `information_schema`, `pg_toast`, `pg_temp_N`, any
   * `pg_` name, in any case): a grant there could expose role password hashes.
   */
  readSchemas?: string[];

  /**
   * Roles that create tables, views, sequences (and functions) in the read schemas: migration users, ETL
   * loaders, dbt. Default privileges are declared FOR each of them in each read schema, so objects they
   * create later are readable without another deployment. Objects created by a role not listed here are
   * not readable until the next `pulumi up`.
   *
   * Default: `[]` (a warning is logged when read schemas are given without owners). Must not contain the
   * vendor role. With a non-superuser admin (RDS), the admin must be able to be granted each owner.
   * Refused: pseudo-roles (`public`, `current_user`, `current_role`, `session_user`, `none`), `pg_` roles
   * and platform roles (`rds_superuser`, `rdsadmin`, `cloudsqlsuperuser`, `azure_pg_admin`, ...), which
   * create no application tables; `postgres` is allowed (often the RDS master user that creates them).
   */
  tableOwners?: string[];

  /**
   * Which of the vendor's published IP sets to allow, by the vendor's own region id (Segment: `"us"`,
   * `"eu"`; Census: `"us-east-1"`, …; the keys of `vendors[id].regions`). Required when the preset publishes several sets, has no documented default and
   * `securityGroupId` is set; an unknown region is an error listing the known ones.
   *
   * Default: the preset's only set, or its documented default region.
   */
  region?: string;

  /**
   * Preset variant, where the vendor offers one (e.g. a read-only mode that skips its bookkeeping schema).
   * Valid values are the keys of the preset's `modes`.
   *
   * Default: the preset's `defaultMode`.
   */
  mode?: string;

  /**
   * Name of the vendor's login role, exactly as PostgreSQL spells it (case-sensitive, at most 63 bytes,
   * not starting with `pg_`). Changing it renames the role in place.
   *
   * Security: never a pseudo-role (`public`, `current_user`, ...) or a role of the admin or the platform
   * (`postgres`, `rds_superuser`, `rdsadmin`, `rds_replication`, `cloudsqlsuperuser`, `azure_pg_admin`,
   * ...; compared case-insensitively): the vendor gets a role of its own.
   *
   * Default: the preset's `roleName`: the name the vendor's guide suggests (`segment`, `whaly_bi`,
   * `census`, `rudder`, …) or, where the guide suggests none, the catalogue's choice (`roleNameSource:
   * "catalogue"`). Required for `"custom"`.
   */
  roleName?: string;

  /**
   * The role's password. When absent, a 40-character password is generated (letters, digits and `-_.~`,
   * safe in connection URLs). Either way it is stored and exported only as a secret. Must be at least 16
   * characters and contain no backslash (the provider doubles backslashes, so the stored password would
   * differ from the one you hand to the vendor), no NUL, line break or other control character. Error
   * messages never show it. An Output is checked when it resolves.
   *
   * Default: generated.
   */
  password?: pulumi.Input<string>;

  /**
   * Maximum concurrent connections of the vendor role (`CONNECTION LIMIT`), a cheap guard against a
   * misbehaving integration exhausting `max_connections`.
   *
   * Default: `-1` (no limit). An integer ≥ -1; an Output is checked when it resolves.
   */
  connectionLimit?: pulumi.Input<number>;

  /**
   * Security group (usually the database's) that receives one ingress rule per vendor CIDR, TCP on
   * `port`. When absent, no network rules are declared.
   *
   * Security: each rule opens the database port to the vendor's published addresses. Rules are never
   * opened to `0.0.0.0/0` or `::/0`. Prefer a dedicated security group for vendor access: AWS allows 60
   * inbound rules per group by default, and some vendors publish many CIDRs (Whaly: 36).
   *
   * A plain string must look like a security group id (`sg-` followed by letters and digits); an Output
   * must resolve to a non-empty string. `""` is refused rather than read as "no rules".
   */
  securityGroupId?: pulumi.Input<string>;

  /**
   * The database port, used for the ingress rules and the `connection` output.
   *
   * Default: `5432`. Must be an integer from 1 to 65535.
   */
  port?: number;

  /**
   * CIDRs allowed in addition to the preset's (for `"custom"`, the only ones), e.g. a region the vendor
   * does not publish here, or a new address announced before this catalogue caught up. Single addresses
   * are taken as `/32` (`/128`), host bits are masked and duplicates removed.
   *
   * Default: `[]`. `0.0.0.0/0` and `::/0` are refused, and so is anything close: an IPv4 block broader
   * than /12 or an IPv6 block broader than /32, and a set (the preset's and these together) covering more
   * than 4,194,304 IPv4 addresses (1/1024 of the space) or 2^96 IPv6 addresses, however it is split up.
   * The limits come from what vendors publish (see README "Security model").
   */
  extraCidrs?: string[];

  /**
   * Database host name, copied into the `connection` output so it can be pasted into the vendor's form.
   * Not used to connect: the `postgresql` provider carries its own connection settings.
   *
   * Default: absent (the `connection` output then has no host).
   */
  host?: pulumi.Input<string>;

  /**
   * What `pulumi destroy` does with the vendor-managed schemas (e.g. `__segment_reverse_etl`).
   * `"retain"` leaves the schema and the vendor's state tables in the database (their ownership passes to
   * the admin when the role is dropped), so a re-created integration does not lose its sync state.
   * `"drop"` runs `DROP SCHEMA … CASCADE`, deleting every object in it.
   *
   * Default: `"retain"`. Switching to `"drop"` takes effect only after a `pulumi up` has recorded it.
   */
  managedSchemaOnDestroy?: ManagedSchemaOnDestroy;

  /**
   * Database privileges for `"custom"` (presets carry their own): any of `CONNECT`, `CREATE`, `TEMPORARY`.
   *
   * Default: `["CONNECT"]`. Only valid with `vendor: "custom"`.
   */
  databasePrivileges?: DatabasePrivilege[];

  /**
   * Schemas the vendor writes to, for `"custom"` (presets carry their own): each is declared owned by the
   * vendor role.
   *
   * Default: `[]`. Only valid with `vendor: "custom"`. Never `public` (the vendor would own the
   * application's shared schema and could drop its tables) or a system schema.
   */
  managedSchemas?: string[];

  /**
   * Change data capture (logical replication), for presets whose vendor reads changes from a replication
   * slot (`airbyte`, `fivetran`: pgoutput; `stitch`: wal2json). Declares, after the read grants:
   * a publication of `tables` (pgoutput only), a logical replication slot with the vendor's output plugin,
   * and the replication privilege in the form `replicationPrivilege` chooses.
   *
   * Server settings you must set yourself (this component cannot): on Amazon RDS/Aurora
   * `rds.logical_replication = 1` in the (cluster) parameter group, then reboot; on self-managed
   * PostgreSQL `wal_level = logical` (restart), with `max_replication_slots` and `max_wal_senders` of at
   * least 1 free each. Connect the vendor to the primary: slots do not exist on read replicas.
   *
   * Disk risk: a slot keeps every WAL segment its consumer has not confirmed. If the vendor stops reading
   * (integration paused or deleted) the WAL grows until the disk is full and the database stops accepting
   * writes. Remove `cdc` (or destroy the component) when the vendor no longer syncs: that drops the slot.
   * `pulumi destroy` revokes the replication privilege, then drops the slot, then the publication. Dropping
   * a slot fails while the vendor is connected to it: pause the vendor's sync first.
   *
   * Default: absent (no CDC; the vendor reads with queries only). Not valid with `"custom"` or presets
   * without CDC.
   */
  cdc?: CdcArgs;
}

/**
 * How the vendor role is given the right to read from a replication slot. Chosen explicitly, because the
 * two forms work on different servers and need different admin privileges:
 *
 * - `"rds_replication"` (Amazon RDS and Aurora PostgreSQL): makes the role a member of RDS's
 *   `rds_replication` role (`GRANT rds_replication TO <role>`). The admin the `postgresql` provider
 *   connects as needs `rds_superuser` (the RDS master user has it). The REPLICATION attribute cannot be
 *   set on RDS.
 * - `"replication-attribute"` (self-managed PostgreSQL): gives the role the `REPLICATION` attribute
 *   (`ALTER ROLE … REPLICATION`). The admin must be a superuser (PostgreSQL 16 and later: or have
 *   CREATEROLE with ADMIN OPTION on the role and the REPLICATION attribute itself).
 */
export type ReplicationPrivilege = "rds_replication" | "replication-attribute";

/** Change-data-capture settings; see {@link PostgresVendorAccessArgs.cdc}. */
export interface CdcArgs {
  /**
   * Required: `"rds_replication"` on Amazon RDS/Aurora, `"replication-attribute"` on self-managed
   * PostgreSQL. See {@link ReplicationPrivilege} for the admin privileges each needs.
   */
  replicationPrivilege: ReplicationPrivilege;

  /**
   * Tables to publish, each `"schema.table"` with the exact (case-sensitive) names; each schema must be
   * in `readSchemas`, so the vendor can also take its initial snapshot. Required and non-empty for
   * pgoutput vendors (Airbyte, Fivetran); not valid for wal2json (Stitch), which decodes every table.
   * Schema and table names must not contain a dot (the provider splits on it).
   *
   * The publication lists tables by name: a table created later is not published until you add it here.
   * The admin must own each table (or be a superuser) to add it to a publication. For UPDATE and DELETE
   * to be replicated each table needs a replica identity (a primary key, or `REPLICA IDENTITY FULL`).
   */
  tables?: string[];

  /**
   * Replication slot name: lower-case letters, digits and underscores, at most 63 characters. Enter the
   * same name in the vendor's connection form.
   *
   * Default: the name in the vendor's guide (Airbyte `airbyte_slot`, Stitch `stitch`). Required for
   * Fivetran, whose slot name this catalogue does not ship.
   */
  slotName?: string;

  /**
   * Publication name (pgoutput only): lower-case letters, digits and underscores, starting with a letter
   * or underscore, at most 63 characters (the provider writes it unquoted into its SQL).
   *
   * Default: the name in the vendor's guide (Airbyte `airbyte_publication`). Required for Fivetran.
   */
  publicationName?: string;
}

/**
 * Every argument of {@link PostgresVendorAccessArgs}, for refusing unknown keys at run time (JavaScript
 * callers, JSON/YAML files). Compile-time checked in both directions against the interface.
 */
export const COMPONENT_ARGUMENTS = [
  "vendor",
  "database",
  "readSchemas",
  "tableOwners",
  "region",
  "mode",
  "roleName",
  "password",
  "connectionLimit",
  "securityGroupId",
  "port",
  "extraCidrs",
  "host",
  "managedSchemaOnDestroy",
  "databasePrivileges",
  "managedSchemas",
  "cdc",
] as const satisfies readonly (keyof PostgresVendorAccessArgs)[];
// Fails to compile when PostgresVendorAccessArgs gains an argument this list does not name.
const allArgumentsListed: [Exclude<keyof PostgresVendorAccessArgs, (typeof COMPONENT_ARGUMENTS)[number]>] extends [never] ? true : false = true;
void allArgumentsListed;
