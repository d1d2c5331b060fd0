export { PostgresVendorAccess, type VendorConnection } from "./component";
export type { PostgresVendorAccessArgs, ManagedSchemaOnDestroy } from "./args";
export { vendors, CUSTOM_VENDOR } from "./vendors";
export type * from "./vendors/types";
export * from "./plan";
export * from "./validate";
export { parseCidr, cidrKey, type NormalizedCidr } from "./cidr";
export { identifierKey } from "./names";
export { planToSql, renderSqlScript, quoteIdent, quoteLiteral, PASSWORD_PLACEHOLDER, type PlannedSql, type PlanSqlOptions } from "./sql";
