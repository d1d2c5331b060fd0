/**
 * The planner's first step: every argument validated and normalized, with the preset's choices applied,
 * in a fixed order (so that the first error reported for several bad arguments is always the same one).
 */
import type { ManagedSchemaOnDestroy, PostgresVendorAccessArgs } from "./args";
import type { NormalizedCidr } from "./cidr";
import type { PlannedCidr } from "./plan-types";
import {
  ArgumentError,
  validateArgumentKeys,
  validateCdc,
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
  type CdcSettings,
} from "./validate";
import { CUSTOM_VENDOR } from "./vendors";
import type { DatabasePrivilege, ReadPrivileges, VendorPreset } from "./vendors/types";

/** Who the vendor is and which login it gets. */
export interface VendorIdentity {
  preset?: VendorPreset;
  vendorName: string;
  database: string;
  roleName: string;
  mode?: string;
}

/** What the vendor may do in the database and its schemas. */
export interface SchemaAccess {
  databasePrivileges: readonly DatabasePrivilege[];
  /** Sorted by code point, so that reordering the arguments changes nothing. */
  readSchemas: string[];
  /** Sorted by code point. */
  tableOwners: string[];
  managedSchemas: string[];
  readPrivileges: ReadPrivileges;
}

/** Settings of the role and its managed schemas. */
export interface RoleSettings {
  cdc?: CdcSettings;
  port: number;
  /** Known only when given as a plain number. */
  connectionLimit?: number;
  onDestroy: ManagedSchemaOnDestroy;
}

/** Where the vendor connects from, and whether rules are requested. */
export interface NetworkAccess {
  region?: string;
  networkRequested: boolean;
  cidrs: PlannedCidr[];
}

export type PlanInputs = VendorIdentity & SchemaAccess & RoleSettings & NetworkAccess;

const CUSTOM_READ_PRIVILEGES: ReadPrivileges = { table: ["SELECT"], sequence: ["SELECT"] };

/** Validates and normalizes the arguments. Throws {@link ArgumentError}. */
export function resolvePlanInputs(args: PostgresVendorAccessArgs): PlanInputs {
  if (args === null || typeof args !== "object") throw new ArgumentError("args", "must be an object.");
  validateArgumentKeys(args);
  const identity = resolveIdentity(args);
  const access = resolveSchemaAccess(args, identity);
  const settings = resolveRoleSettings(args, identity.preset, access.readSchemas);
  const network = resolveNetwork(args, identity);
  return { ...identity, ...access, ...settings, ...network };
}

function resolveIdentity(args: PostgresVendorAccessArgs): VendorIdentity {
  const preset = validateVendor(args.vendor);
  const vendorName = preset?.displayName ?? "Custom vendor";
  const database = validateDatabase(args.database);
  if (!preset && args.roleName === undefined) {
    throw new ArgumentError("roleName", `is required with vendor "${CUSTOM_VENDOR}": no preset suggests a role name.`);
  }
  const roleName = validateRoleName(args.roleName ?? preset!.roleName);
  const mode = validateMode(preset, args.mode);
  return { ...(preset ? { preset } : {}), vendorName, database, roleName, ...(mode !== undefined ? { mode } : {}) };
}

function resolveSchemaAccess(args: PostgresVendorAccessArgs, { preset, vendorName, roleName, mode }: VendorIdentity): SchemaAccess {
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
  const readPrivileges = preset?.readPrivileges ?? CUSTOM_READ_PRIVILEGES;
  return { databasePrivileges, readSchemas, tableOwners, managedSchemas, readPrivileges };
}

function resolveRoleSettings(args: PostgresVendorAccessArgs, preset: VendorPreset | undefined, readSchemas: string[]): RoleSettings {
  const cdc = validateCdc(preset, args.cdc, readSchemas);
  const port = validatePort(args.port);
  // Inputs that may be Outputs (or promises) are validated here when plain, and by the component when they resolve.
  const connectionLimit = isPlain(args.connectionLimit) ? validateConnectionLimit(args.connectionLimit) : undefined;
  if (isPlain(args.password) && args.password !== undefined) validatePassword(args.password);
  if (args.managedSchemaOnDestroy !== undefined && args.managedSchemaOnDestroy !== "retain" && args.managedSchemaOnDestroy !== "drop") {
    throw new ArgumentError("managedSchemaOnDestroy", `${JSON.stringify(args.managedSchemaOnDestroy)} is not valid; use "retain" (default) or "drop".`);
  }
  return {
    ...(cdc !== undefined ? { cdc } : {}),
    port,
    ...(connectionLimit !== undefined ? { connectionLimit } : {}),
    onDestroy: args.managedSchemaOnDestroy ?? "retain",
  };
}

function resolveNetwork(args: PostgresVendorAccessArgs, { preset, vendorName }: VendorIdentity): NetworkAccess {
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
  return { ...(region !== undefined ? { region } : {}), networkRequested, cidrs };
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
