/**
 * The shape of a vendor preset: one vendor's PostgreSQL requirements as plain data, each fact traceable
 * to the vendor's own documentation. Presets hold no code, so tools and docs can list and render them.
 */

/** Privileges on the database itself (the `objectType: "database"` Grant). */
export type DatabasePrivilege = "CONNECT" | "CREATE" | "TEMPORARY";

/** Object types the vendor reads in every read schema, now (Grant) and later (DefaultPrivileges). */
export type ReadObjectType = "table" | "sequence" | "function";

/** Privileges granted per read object type. Only read-side privileges are allowed here. */
export interface ReadPrivileges {
  /** Tables, views and materialized views (`ALL TABLES IN SCHEMA` covers views). */
  table?: readonly "SELECT"[];
  /** Sequences: SELECT lets the vendor read `last_value` without advancing them. */
  sequence?: readonly ("SELECT" | "USAGE")[];
  /** Functions and procedures. */
  function?: readonly "EXECUTE"[];
}

/** One published set of egress addresses, as the vendor names it (e.g. Segment's `us`). */
export interface VendorRegion {
  /** Human label, as on the vendor's page (e.g. "US workspaces"). */
  label: string;
  /** The vendor's published CIDRs, normalized `a.b.c.d/n` (single addresses as `/32`). */
  cidrs: readonly string[];
}

/** Where a fact comes from: the vendor's own page and the day it was read. */
export interface FactSource {
  /** Which fact(s) this source backs, e.g. "egress IPs" or "setup SQL". */
  covers: string;
  /** The vendor documentation URL. */
  url: string;
  /** ISO date (YYYY-MM-DD) on which the page (or its source file) was read for this catalogue. */
  retrievedAt: string;
  /** ISO date the vendor last changed the page, when the vendor's docs repository shows it. */
  lastChanged?: string;
  /**
   * How `retrievedAt` was obtained when it is not the date of a docs-repository commit read directly, e.g.
   * the date the project's vendor reference was compiled. Absent when the page or repository was read that day.
   */
  retrievedVia?: string;
}

/**
 * A named variant of a preset that changes what the vendor writes (e.g. Census read-only mode, Hightouch
 * Lightning engine). Selected with the component's `mode` argument.
 */
export interface VendorMode {
  /** What the mode means, in the vendor's words. */
  description: string;
  /** Replaces the preset's `managedSchemas` when this mode is selected. */
  managedSchemas?: readonly string[];
  /** Replaces the preset's `databasePrivileges` when this mode is selected. */
  databasePrivileges?: readonly DatabasePrivilege[];
}

/** Logical-replication (CDC) facts for vendors that read changes from a replication slot. */
export interface VendorCdc {
  /** Output plugin the vendor decodes with. */
  plugin: "pgoutput" | "wal2json";
  /**
   * Slot name the vendor's guide uses. Absent when the vendor's own guide gives none: the `cdc.slotName`
   * argument is then required.
   */
  slotName?: string;
  /**
   * Publication name the vendor's guide uses (pgoutput only). Absent for pgoutput when the vendor's own
   * guide gives none: the `cdc.publicationName` argument is then required.
   */
  publicationName?: string;
  /** Source of these facts. */
  source: string;
  /** Where the user finds (or enters) the slot and publication names when the guide gives none. */
  namesNotPublished?: string;
}

export interface VendorPreset {
  /** Preset id, as passed in the component's `vendor` argument. */
  id: string;
  /** Product name, used in descriptions and messages. */
  displayName: string;
  /** The role (user) name the vendor's guide suggests, in its exact PostgreSQL spelling. */
  roleName: string;
  /**
   * Who chose `roleName`: `"vendor"` (the vendor's guide suggests it; the default when absent) or
   * `"catalogue"` (the guide leaves the name to the user, so this catalogue picked an obvious one; `notes` says so).
   */
  roleNameSource?: "vendor" | "catalogue";
  /** Privileges the guide grants on the database. CONNECT is always included so hardened databases work. */
  databasePrivileges: readonly DatabasePrivilege[];
  /** Privileges on existing and future objects of each read schema. */
  readPrivileges: ReadPrivileges;
  /**
   * Schemas the vendor itself writes to (bookkeeping/state tables), exact PostgreSQL spelling.
   * The component declares each one, owned by the vendor role.
   */
  managedSchemas: readonly string[];
  /** Optional variants (see {@link VendorMode}); the first key is not implied, `defaultMode` is. */
  modes?: Readonly<Record<string, VendorMode>>;
  /** Mode used when the `mode` argument is absent. */
  defaultMode?: string;
  /**
   * Region id -> the vendor's published CIDRs, normalized. Empty when the vendor publishes none;
   * network rules then need `extraCidrs`, and `cidrsNotPublished` says where the user finds them.
   */
  regions: Readonly<Record<string, readonly string[]>>;
  /** Labels and extra detail for each region id (same keys as `regions`). */
  regionDetails?: Readonly<Record<string, VendorRegion>>;
  /** Region used when `region` is absent and the preset has more than one (the vendor's documented default). */
  defaultRegion?: string;
  /** Explains, for the error message, where the user can find CIDRs the vendor does not publish here. */
  cidrsNotPublished?: string;
  /** Whether the vendor connects only over TLS. `unknown` when its docs do not say. */
  tls: "required" | "supported" | "unknown";
  /** Logical replication facts, for vendors that offer change data capture. */
  cdc?: VendorCdc;
  /** The vendor documentation URLs the facts come from. */
  sources: readonly string[];
  /** Per-fact provenance: URL and date read. */
  facts: readonly FactSource[];
  /** Documented pitfalls, surfaced in README and messages. */
  notes: readonly string[];
}
