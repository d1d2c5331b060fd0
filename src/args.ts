import type * as pulumi from "@pulumi/pulumi";
import type { DatabasePrivilege } from "./vendors/types";

/** What happens to the vendor-managed schemas on `pulumi destroy` (or when removed from the program). */
export type ManagedSchemaOnDestroy = "retain" | "drop";

/** Arguments of {@link PostgresVendorAccess}. */
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
   * Required, non-empty.
   */
  database: string;

  /**
   * Schemas the vendor may read: USAGE on each, SELECT on all its tables (views included) and sequences
   * (plus EXECUTE on functions where the preset asks for it), now and, through `tableOwners`, in future.
   * Matched exactly: PostgreSQL identifiers are case-sensitive (`"Sales"` is not `sales`).
   *
   * Default: `[]`. A read-only vendor (no managed schema) needs at least one. Must not repeat a schema
   * or name one of the vendor's managed schemas.
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
   */
  tableOwners?: string[];

  /**
   * Which of the vendor's published IP sets to allow, by the vendor's region id (Segment: `"us"` or
   * `"eu"`). Required when the preset publishes several sets, has no documented default and
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
   * Default: the name the vendor's guide suggests (`segment`, `whaly_bi`). Required for `"custom"`.
   */
  roleName?: string;

  /**
   * The role's password. When absent, a 40-character password is generated (letters, digits and `-_.~`,
   * safe in connection URLs). Either way it is stored and exported only as a secret. Must be at least 16
   * characters and contain no backslash (the provider doubles backslashes, so the stored password would
   * differ from the one you hand to the vendor).
   *
   * Default: generated.
   */
  password?: pulumi.Input<string>;

  /**
   * Maximum concurrent connections of the vendor role (`CONNECTION LIMIT`), a cheap guard against a
   * misbehaving integration exhausting `max_connections`.
   *
   * Default: `-1` (no limit).
   */
  connectionLimit?: pulumi.Input<number>;

  /**
   * Security group (usually the database's) that receives one ingress rule per vendor CIDR, TCP on
   * `port`. When absent, no network rules are declared.
   *
   * Security: each rule opens the database port to the vendor's published addresses. Rules are never
   * opened to `0.0.0.0/0` or `::/0`. Prefer a dedicated security group for vendor access: AWS allows 60
   * inbound rules per group by default, and some vendors publish many CIDRs (Whaly: 36).
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
   * Default: `[]`. `0.0.0.0/0` and `::/0` are refused.
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
   * Default: `[]`. Only valid with `vendor: "custom"`.
   */
  managedSchemas?: string[];
}
