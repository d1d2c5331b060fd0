/**
 * The planner: arguments + vendor preset -> a normalized access plan. Pure data, no Pulumi: the component
 * maps it to children, the CLI prints it (and its SQL), tests assert on it. The steps live by concern in
 * plan-inputs (validation and normalization), plan-postgres and plan-network; the types in plan-types.
 */
import type { PostgresVendorAccessArgs } from "./args";
import { resolvePlanInputs, type PlanInputs } from "./plan-inputs";
import { ingressQuotaWarnings, planIngressRules } from "./plan-network";
import { planPostgresResources } from "./plan-postgres";
import type { AccessPlan } from "./plan-types";
import { CUSTOM_VENDOR } from "./vendors";

export * from "./plan-types";
export { SECURITY_GROUP_INBOUND_RULE_QUOTA, ruleDescription } from "./plan-network";

/** Builds the access plan, validating every argument first. Throws {@link ArgumentError}. */
export function planVendorAccess(args: PostgresVendorAccessArgs): AccessPlan {
  const inputs = resolvePlanInputs(args);
  const ingress = planIngressRules(inputs);
  return {
    vendorId: inputs.preset?.id ?? CUSTOM_VENDOR,
    vendorName: inputs.vendorName,
    database: inputs.database,
    roleName: inputs.roleName,
    ...(inputs.mode !== undefined ? { mode: inputs.mode } : {}),
    ...(inputs.region !== undefined ? { region: inputs.region } : {}),
    port: inputs.port,
    readSchemas: inputs.readSchemas,
    tableOwners: inputs.tableOwners,
    managedSchemas: inputs.managedSchemas,
    ...(inputs.cdc !== undefined ? { cdc: inputs.cdc } : {}),
    postgres: planPostgresResources(inputs),
    cidrs: inputs.cidrs,
    ingress,
    warnings: [...tableOwnerWarnings(inputs), ...ingressQuotaWarnings(ingress)],
  };
}

/** Without creators listed, tables made after the deployment stay unreadable until the next one. */
function tableOwnerWarnings({ readSchemas, tableOwners, roleName }: PlanInputs): string[] {
  if (readSchemas.length === 0 || tableOwners.length > 0) return [];
  return [
    `tableOwners is empty: tables created later in ${readSchemas.map((s) => JSON.stringify(s)).join(", ")} will not be readable by ${JSON.stringify(roleName)} until the next deployment. List the roles that create them.`,
  ];
}
