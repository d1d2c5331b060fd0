/**
 * The planner: arguments + vendor preset -> a normalized access plan. Pure data, no Pulumi: the component
 * maps it to children, the CLI prints it (and its SQL), tests assert on it.
 */
import type { PostgresVendorAccessArgs, ManagedSchemaOnDestroy } from "./args";
import { cidrKey, type NormalizedCidr } from "./cidr";
import { identifierKey } from "./names";
import {
  ArgumentError,
  validateArgumentKeys,
  validateCidrCoverage,
  validateCidrs,
  validateConnectionLimit,
  validateDatabase,
  validateDatabasePrivileges,
  validateMode,
  validatePassword,
  validatePort,
  validateRegion,
  validateRoleName,
  validateSchemaList,
  validateSecurityGroupId,
  validateTableOwners,
  validateVendor,
  validateCdc,
  type CdcSettings,
} from "./validate";
import { CUSTOM_VENDOR } from "./vendors";
import type { DatabasePrivilege, ReadObjectType, ReadPrivileges, VendorPreset } from "./vendors/types";

/** AWS's default quota of inbound rules per security group, counted separately for IPv4 and IPv6. */
export const SECURITY_GROUP_INBOUND_RULE_QUOTA = 60;

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

const DATABASE_PRIVILEGE_ORDER: readonly DatabasePrivilege[] = ["CONNECT", "CREATE", "TEMPORARY"];
const CUSTOM_READ_PRIVILEGES: ReadPrivileges = { table: ["SELECT"], sequence: ["SELECT"] };
const OBJECT_TYPE_PLURAL: Record<ReadObjectType, string> = { table: "tables", sequence: "sequences", function: "functions" };
const READ_OBJECT_TYPES: readonly ReadObjectType[] = ["table", "sequence", "function"];

/** Characters AWS accepts in a security-group rule description (the VPC guide's list, without `&`). */
const DESCRIPTION_DISALLOWED = /[^A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/g;

/** Makes a rule description AWS accepts: allowed characters only, at most 255. */
export function ruleDescription(text: string): string {
  return text.replace(DESCRIPTION_DISALLOWED, " ").replace(/\s+/g, " ").trim().slice(0, 255);
}

/** Builds the access plan, validating every argument first. Throws {@link ArgumentError}. */
export function planVendorAccess(args: PostgresVendorAccessArgs): AccessPlan {
  if (args === null || typeof args !== "object") throw new ArgumentError("args", "must be an object.");
  validateArgumentKeys(args);
  const preset = validateVendor(args.vendor);
  const vendorName = preset?.displayName ?? "Custom vendor";
  const database = validateDatabase(args.database);

  if (!preset && args.roleName === undefined) {
    throw new ArgumentError("roleName", `is required with vendor "${CUSTOM_VENDOR}": no preset suggests a role name.`);
  }
  const roleName = validateRoleName(args.roleName ?? preset!.roleName);
  const mode = validateMode(preset, args.mode);
  const modeSpec = mode && preset?.modes ? preset.modes[mode] : undefined;

  if (preset && args.databasePrivileges !== undefined) {
    throw new ArgumentError("databasePrivileges", `only applies to vendor "${CUSTOM_VENDOR}"; the ${preset.displayName} preset sets its own.`);
  }
  if (preset && args.managedSchemas !== undefined) {
    const hint = preset.modes ? ` Choose a mode instead: ${Object.keys(preset.modes).map((m) => JSON.stringify(m)).join(", ")}.` : "";
    throw new ArgumentError("managedSchemas", `only applies to vendor "${CUSTOM_VENDOR}"; the ${preset.displayName} preset sets its own.${hint}`);
  }

  const databasePrivileges = preset
    ? (modeSpec?.databasePrivileges ?? preset.databasePrivileges)
    : args.databasePrivileges === undefined
      ? (["CONNECT"] as DatabasePrivilege[])
      : validateDatabasePrivileges(args.databasePrivileges);
  const managedSchemas = preset
    ? [...(modeSpec?.managedSchemas ?? preset.managedSchemas)]
    : validateSchemaList("managedSchemas", args.managedSchemas);
  // Sorted, so that reordering the arguments yields the same plan (and the same dependency chain).
  const readSchemas = validateSchemaList("readSchemas", args.readSchemas).sort(byCodePoint);
  const tableOwners = validateTableOwners(args.tableOwners, roleName).sort(byCodePoint);

  for (const schema of readSchemas) {
    if (managedSchemas.includes(schema)) {
      throw new ArgumentError(
        "readSchemas",
        `lists ${JSON.stringify(schema)}, which is the vendor's own managed schema (it owns it, so it can already read it); remove it from readSchemas.`,
      );
    }
  }
  if (readSchemas.length === 0 && managedSchemas.length === 0) {
    throw new ArgumentError("readSchemas", `is empty, so ${vendorName} would have nothing to read; list the schemas it needs, e.g. ["public"].`);
  }

  const cdc = validateCdc(preset, args.cdc, readSchemas);

  const port = validatePort(args.port);
  // Inputs that may be Outputs (or promises) are validated here when plain, and by the component when they resolve.
  const connectionLimit = isPlain(args.connectionLimit) ? validateConnectionLimit(args.connectionLimit) : undefined;
  if (isPlain(args.password) && args.password !== undefined) validatePassword(args.password);
  if (args.managedSchemaOnDestroy !== undefined && args.managedSchemaOnDestroy !== "retain" && args.managedSchemaOnDestroy !== "drop") {
    throw new ArgumentError("managedSchemaOnDestroy", `${JSON.stringify(args.managedSchemaOnDestroy)} is not valid; use "retain" (default) or "drop".`);
  }
  const onDestroy: ManagedSchemaOnDestroy = args.managedSchemaOnDestroy ?? "retain";

  if (isPlain(args.securityGroupId) && args.securityGroupId !== undefined) validateSecurityGroupId(args.securityGroupId);
  const networkRequested = args.securityGroupId !== undefined;
  const region = validateRegion(preset, args.region, networkRequested);
  const cidrs = collectCidrs(preset, region, args.extraCidrs);
  if (networkRequested && cidrs.length === 0) {
    const where = preset?.cidrsNotPublished ?? (preset ? `${preset.displayName} publishes no egress IPs in this catalogue.` : "");
    throw new ArgumentError(
      "extraCidrs",
      `is needed: securityGroupId is set but there are no CIDRs to allow for ${vendorName}. ${where}`.trim(),
    );
  }

  const postgres: PlannedPostgresResource[] = [
    {
      kind: "role",
      key: "role",
      name: roleName,
      login: true,
      superuser: false,
      createDatabase: false,
      createRole: false,
      replication: cdc?.replicationPrivilege === "replication-attribute",
      bypassRowLevelSecurity: false,
      ...(connectionLimit !== undefined ? { connectionLimit } : {}),
    },
  ];
  for (const schema of managedSchemas) {
    postgres.push({ kind: "schema", key: `managed-schema-${identifierKey(schema)}`, name: schema, owner: roleName, onDestroy });
  }
  const dbPrivileges = DATABASE_PRIVILEGE_ORDER.filter((p) => p === "CONNECT" || databasePrivileges.includes(p));
  postgres.push({ kind: "grant", key: "database", objectType: "database", privileges: [...dbPrivileges] });

  const readPrivileges = preset?.readPrivileges ?? CUSTOM_READ_PRIVILEGES;
  const readTypes = READ_OBJECT_TYPES.filter((t) => (readPrivileges[t]?.length ?? 0) > 0);
  for (const schema of readSchemas) {
    const s = identifierKey(schema);
    postgres.push({ kind: "grant", key: `schema-${s}`, objectType: "schema", schema, privileges: ["USAGE"] });
    for (const objectType of readTypes) {
      postgres.push({
        kind: "grant",
        key: `${OBJECT_TYPE_PLURAL[objectType]}-${s}`,
        objectType,
        schema,
        privileges: [...readPrivileges[objectType]!],
      });
    }
  }
  for (const owner of tableOwners) {
    for (const schema of readSchemas) {
      for (const objectType of readTypes) {
        postgres.push({
          kind: "defaultPrivileges",
          key: `defaults-${identifierKey(owner)}-${identifierKey(schema)}-${OBJECT_TYPE_PLURAL[objectType]}`,
          owner,
          schema,
          objectType,
          privileges: [...readPrivileges[objectType]!],
        });
      }
    }
  }

  // CDC last: the publication must exist before the slot (pgoutput looks publications up as of the slot's
  // start), and on destroy the privilege goes first, then the slot, then the publication.
  if (cdc) {
    if (cdc.publicationName !== undefined) {
      postgres.push({ kind: "publication", key: "cdc-publication", name: cdc.publicationName, tables: [...cdc.tables] });
    }
    postgres.push({ kind: "replicationSlot", key: "cdc-slot", name: cdc.slotName, plugin: cdc.plugin });
    if (cdc.replicationPrivilege === "rds_replication") {
      postgres.push({ kind: "roleMembership", key: "cdc-rds-replication", grantRole: "rds_replication" });
    }
  }

  const ingress: PlannedIngressRule[] = networkRequested
    ? cidrs.map((c) => ({
        ...c,
        key: `ingress-${port}-${cidrKey(c.cidr)}`,
        port,
        description: ruleDescription(
          `${vendorName} (${c.source === "extraCidrs" ? "extraCidrs" : `region ${c.source}`}) to PostgreSQL port ${port}`,
        ),
      }))
    : [];

  const warnings: string[] = [];
  if (readSchemas.length > 0 && tableOwners.length === 0) {
    warnings.push(
      `tableOwners is empty: tables created later in ${readSchemas.map((s) => JSON.stringify(s)).join(", ")} will not be readable by ${JSON.stringify(roleName)} until the next deployment. List the roles that create them.`,
    );
  }
  for (const family of ["ipv4", "ipv6"] as const) {
    const count = ingress.filter((r) => r.family === family).length;
    if (count > SECURITY_GROUP_INBOUND_RULE_QUOTA) {
      warnings.push(
        `${count} ${family === "ipv4" ? "IPv4" : "IPv6"} ingress rules exceed AWS's default quota of ${SECURITY_GROUP_INBOUND_RULE_QUOTA} inbound rules per security group; request an increase (quota L-0EA8095F) or use a dedicated security group.`,
      );
    }
  }

  return {
    vendorId: preset?.id ?? CUSTOM_VENDOR,
    vendorName,
    database,
    roleName,
    ...(mode !== undefined ? { mode } : {}),
    ...(region !== undefined ? { region } : {}),
    port,
    readSchemas,
    tableOwners,
    managedSchemas,
    ...(cdc !== undefined ? { cdc } : {}),
    postgres,
    cidrs,
    ingress,
    warnings,
  };
}

/** A plain value, not a `pulumi.Output` or a promise (told apart by their `apply` / `then` methods). */
function isPlain(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  const candidate = value as { apply?: unknown; then?: unknown };
  return typeof candidate.apply !== "function" && typeof candidate.then !== "function";
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The preset region's CIDRs followed by extraCidrs, normalized and de-duplicated (first source wins); the
 * whole set must stay within the breadth limits (validateCidrCoverage).
 */
function collectCidrs(preset: VendorPreset | undefined, region: string | undefined, extraCidrs: unknown): PlannedCidr[] {
  const out = new Map<string, PlannedCidr>();
  const parsed: NormalizedCidr[] = [];
  const add = (list: NormalizedCidr[], source: string) => {
    for (const c of list) {
      if (out.has(c.cidr)) continue;
      out.set(c.cidr, { cidr: c.cidr, family: c.family, source });
      parsed.push(c);
    }
  };
  if (preset && region !== undefined) add(validateCidrs(`vendors.${preset.id}.regions.${region}`, preset.regions[region]), region);
  add(validateCidrs("extraCidrs", extraCidrs), "extraCidrs");
  validateCidrCoverage("extraCidrs", parsed);
  return [...out.values()];
}
