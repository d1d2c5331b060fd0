/**
 * `pg-vendor-access plan`: from the component's arguments (a JSON/YAML file or a root-stack config file),
 * prints the resources the component would declare and the equivalent SQL, without touching a database or
 * a cloud. Both come from {@link planVendorAccess}, the planner the component itself runs.
 */
import { parse as parseYaml } from "yaml";
import type { PostgresVendorAccessArgs } from "../args";
import { planVendorAccess, type AccessPlan } from "../plan";
import { passwordVariableFor, planToSql, renderSqlScript } from "../sql";
import { toSafeJson } from "../safe-text";
import { parseStackConfig } from "../stack-config";
import { ArgumentError, validateArgumentKeys } from "../validate";
import { decideColor, paint, UsageError, type CliIo, type PlanOptions } from "./args";
import { checkComponentName, readBoundedFile } from "./input-safety";

export const planHelp = `Usage: pg-vendor-access plan (--file <args.json|args.yaml> | --stack-file <Pulumi.<stack>.yaml>) [options]

Prints what the component would declare for these arguments (type, logical name, key inputs; secrets
masked) and the equivalent SQL statements in deployment order. Touches no database and no cloud.

Input:
  -f, --file <path>            The component's arguments as JSON or YAML (an optional "name" key names the
                               component; default: the vendor id)
      --stack-file <path>      A root-stack config file (Pulumi.<stack>.yaml): every integration in its config
      --integration <name>     With --stack-file: only this integration
      --name <name>            Component name used for logical names (<name>-<key>)

Output:
      --sql-only               Print only the SQL script (apply it with psql -v vendor_password=... -f -)
      --json                   Machine-readable output
      --color, --no-color      Force or disable colour (default: only on a terminal; NO_COLOR is honoured)
  -h, --help                   Show this help

The SQL takes the password from the psql variable :'vendor_password' (with several integrations, one variable
per integration: :'<name>_password'); no secret is ever printed. It runs as a superuser or as a non-superuser
admin that owns the database (the RDS master user): the script makes that admin a member of the owner roles it
needs for the transaction, as the provider does. The security-group rules are printed as comments with the
equivalent "aws ec2 authorize-security-group-ingress" commands.

Exit codes: 0 printed, 2 usage error or invalid arguments (the message names the argument).`;

/** One integration to plan: its component name and arguments. */
export interface Integration {
  name: string;
  args: PostgresVendorAccessArgs;
}

/** A resource the component would declare, for display. */
export interface ResourceView {
  type: string;
  name: string;
  /** Key inputs; secrets are replaced by {@link SECRET_MASK}. */
  inputs: Record<string, unknown>;
}

export const SECRET_MASK = "[secret]";

export const RESOURCE_TYPES = {
  component: "pg-vendor-access:index:PostgresVendorAccess",
  password: "random:index/randomPassword:RandomPassword",
  role: "postgresql:index/role:Role",
  schema: "postgresql:index/schema:Schema",
  grant: "postgresql:index/grant:Grant",
  defaultPrivileges: "postgresql:index/defaultPrivileges:DefaultPrivileges",
  publication: "postgresql:index/publication:Publication",
  replicationSlot: "postgresql:index/replicationSlot:ReplicationSlot",
  grantRole: "postgresql:index/grantRole:GrantRole",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
} as const;

/** Parses a JSON or YAML document, naming the file in errors. */
function readDocument(path: string, option: string): unknown {
  const text = readBoundedFile(path, option);
  try {
    return parseYaml(text);
  } catch (e) {
    throw new UsageError(`${option} ${JSON.stringify(path)} is not valid JSON or YAML: ${(e as Error).message.split("\n")[0]}`, undefined, false);
  }
}

/** Reads the component's arguments from a JSON/YAML file; a top-level `name` names the component. */
export function loadArgsFile(path: string, option = "--file"): { name?: string; args: PostgresVendorAccessArgs } {
  const doc = readDocument(path, option);
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new UsageError(`${option} ${JSON.stringify(path)} must hold one mapping of the component's arguments (vendor, database, readSchemas, ...).`, undefined, false);
  }
  try {
    validateArgumentKeys(doc, ["name"]);
  } catch (e) {
    if (e instanceof ArgumentError) throw new UsageError(`${option} ${JSON.stringify(path)}: ${e.message}`, undefined, false);
    throw e;
  }
  const { name, ...args } = doc as Record<string, unknown>;
  if (name !== undefined) checkComponentName(`${option} ${JSON.stringify(path)}: "name"`, name);
  return { ...(name !== undefined ? { name: name as string } : {}), args: args as unknown as PostgresVendorAccessArgs };
}

/** Reads `Pulumi.<stack>.yaml` and turns its `config:` map into integrations (via {@link parseStackConfig}). */
export function loadStackFile(path: string): { integrations: Integration[]; warnings: string[] } {
  const doc = readDocument(path, "--stack-file");
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new UsageError(`--stack-file ${JSON.stringify(path)} must be a stack config file (Pulumi.<stack>.yaml) with a "config:" mapping.`, undefined, false);
  }
  const config = (doc as Record<string, unknown>).config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new UsageError(`--stack-file ${JSON.stringify(path)} has no "config:" mapping; expected a Pulumi.<stack>.yaml file.`, undefined, false);
  }
  const parsed = parseStackConfig(config as Record<string, unknown>);
  return {
    integrations: parsed.integrations.map(({ name, ...args }) => ({ name, args: args as PostgresVendorAccessArgs })),
    warnings: parsed.warnings,
  };
}

/** The resources the component declares for `plan`, in declaration order, with key inputs. */
export function describeResources(name: string, plan: AccessPlan, args: PostgresVendorAccessArgs): ResourceView[] {
  const out: ResourceView[] = [
    { type: RESOURCE_TYPES.component, name, inputs: { vendor: plan.vendorId, database: plan.database } },
  ];
  if (args.password === undefined) {
    out.push({ type: RESOURCE_TYPES.password, name: `${name}-password`, inputs: { length: 40, special: true, overrideSpecial: "-_.~" } });
  }
  for (const item of plan.postgres) {
    const logicalName = `${name}-${item.key}`;
    switch (item.kind) {
      case "role":
        out.push({
          type: RESOURCE_TYPES.role,
          name: logicalName,
          inputs: {
            name: item.name,
            login: true,
            password: SECRET_MASK,
            superuser: false,
            createDatabase: false,
            createRole: false,
            replication: item.replication,
            bypassRowLevelSecurity: false,
            ...(args.connectionLimit !== undefined ? { connectionLimit: item.connectionLimit ?? "(computed)" } : {}),
          },
        });
        break;
      case "schema":
        out.push({
          type: RESOURCE_TYPES.schema,
          name: logicalName,
          inputs: { name: item.name, database: plan.database, owner: item.owner, dropCascade: item.onDestroy === "drop", retainOnDelete: item.onDestroy === "retain" },
        });
        break;
      case "grant":
        out.push({
          type: RESOURCE_TYPES.grant,
          name: logicalName,
          inputs: {
            database: plan.database,
            role: plan.roleName,
            objectType: item.objectType,
            ...(item.schema !== undefined ? { schema: item.schema } : {}),
            privileges: item.privileges,
          },
        });
        break;
      case "defaultPrivileges":
        out.push({
          type: RESOURCE_TYPES.defaultPrivileges,
          name: logicalName,
          inputs: {
            database: plan.database,
            owner: item.owner,
            role: plan.roleName,
            schema: item.schema,
            objectType: item.objectType,
            privileges: item.privileges,
          },
        });
        break;
      case "publication":
        out.push({ type: RESOURCE_TYPES.publication, name: logicalName, inputs: { name: item.name, database: plan.database, tables: item.tables } });
        break;
      case "replicationSlot":
        out.push({ type: RESOURCE_TYPES.replicationSlot, name: logicalName, inputs: { name: item.name, database: plan.database, plugin: item.plugin } });
        break;
      case "roleMembership":
        out.push({ type: RESOURCE_TYPES.grantRole, name: logicalName, inputs: { role: plan.roleName, grantRole: item.grantRole, withAdminOption: false } });
        break;
    }
  }
  for (const rule of plan.ingress) {
    out.push({
      type: RESOURCE_TYPES.ingressRule,
      name: `${name}-${rule.key}`,
      inputs: {
        securityGroupId: typeof args.securityGroupId === "string" ? args.securityGroupId : "(computed)",
        ipProtocol: "tcp",
        fromPort: rule.port,
        toPort: rule.port,
        [rule.family === "ipv4" ? "cidrIpv4" : "cidrIpv6"]: rule.cidr,
      },
    });
  }
  return out;
}

/** Everything `plan` prints for one integration. */
export interface IntegrationPlanView {
  name: string;
  vendor: string;
  database: string;
  role: string;
  resources: ResourceView[];
  /** Statements in execution order (the password as the psql variable :'vendor_password'). */
  sql: string[];
  warnings: string[];
}

export function planIntegration(integration: Integration): { view: IntegrationPlanView; plan: AccessPlan } {
  const plan = planVendorAccess(integration.args);
  return {
    plan,
    view: {
      name: integration.name,
      vendor: plan.vendorId,
      database: plan.database,
      role: plan.roleName,
      resources: describeResources(integration.name, plan, integration.args),
      sql: planToSql(plan).flatMap((s) => s.statements),
      warnings: [...plan.warnings],
    },
  };
}

function formatInputs(inputs: Record<string, unknown>): string {
  return Object.entries(inputs)
    .map(([k, v]) => `${k}=${typeof v === "string" ? (v === SECRET_MASK || v === "(computed)" ? v : JSON.stringify(v)) : JSON.stringify(v)}`)
    .join(" ");
}

/**
 * The SQL script of each integration. With several, each gets its own psql password variable
 * (`<name>_password`), so no two vendors share a password; a lone integration keeps `vendor_password`.
 */
export function sqlScripts(integrations: readonly Integration[], planned: readonly { view: IntegrationPlanView; plan: AccessPlan }[]): string[] {
  const variables = passwordVariables(integrations.map((i) => i.name));
  return planned.map(({ plan, view }, i) => {
    const securityGroupId = integrations[i]!.args.securityGroupId;
    return renderSqlScript(plan, view.name, {
      passwordVariable: variables[i]!,
      ...(typeof securityGroupId === "string" ? { securityGroupId } : {}),
    });
  });
}

/** One distinct psql variable per integration name (a numeric suffix when two names reduce to the same). */
export function passwordVariables(names: readonly string[]): string[] {
  if (names.length === 1) return ["vendor_password"];
  const used = new Set<string>();
  return names.map((name) => {
    const base = passwordVariableFor(name);
    let variable = base;
    for (let n = 2; used.has(variable); n++) variable = base.replace(/_password$/, `_${n}_password`);
    used.add(variable);
    return variable;
  });
}

/** Runs `plan`; returns the exit code. */
export async function runPlan(options: PlanOptions, io: CliIo): Promise<number> {
  if (options.help) {
    io.stdout(planHelp + "\n");
    return 0;
  }
  const color = decideColor(options.color, { isTTY: io.stdoutIsTTY }, io.env);
  let integrations: Integration[];
  let stackWarnings: string[] = [];
  if (options.name !== undefined) checkComponentName("--name", options.name);
  if (options.file !== undefined) {
    const { name, args } = loadArgsFile(options.file);
    const fallback = typeof args.vendor === "string" && args.vendor !== "" ? args.vendor : "vendor";
    integrations = [{ name: options.name ?? name ?? fallback, args }];
  } else {
    ({ integrations, warnings: stackWarnings } = loadStackFile(options.stackFile!));
    if (options.integration !== undefined) {
      const names = integrations.map((i) => i.name);
      integrations = integrations.filter((i) => i.name === options.integration);
      if (integrations.length === 0) {
        throw new UsageError(
          `--integration ${JSON.stringify(options.integration)} is not in ${options.stackFile}; integrations: ${names.map((n) => JSON.stringify(n)).join(", ") || "(none)"}.`,
          undefined,
          false,
        );
      }
    }
    if (options.name !== undefined) {
      if (integrations.length !== 1) throw new UsageError("--name only applies when exactly one integration is planned; use --integration to pick one.");
      integrations = [{ ...integrations[0]!, name: options.name }];
    }
    if (integrations.length === 0) throw new UsageError(`--stack-file ${options.stackFile} declares no integrations.`, undefined, false);
  }

  // Stack files were validated (and planned) by parseStackConfig; an args file is validated here.
  const planned = integrations.map(planIntegration);

  if (options.json) {
    io.stdout(toSafeJson({ integrations: planned.map((p) => p.view), warnings: stackWarnings }) + "\n");
    return 0;
  }
  const scripts = sqlScripts(integrations, planned);
  if (options.sqlOnly) {
    io.stdout(scripts.join("\n"));
    return 0;
  }
  const out: string[] = [];
  const fromStack = options.stackFile !== undefined;
  // The stack's warnings already carry each integration's, prefixed with its config key.
  for (const w of stackWarnings) out.push(paint(color, "yellow", `warning: ${w}`));
  if (stackWarnings.length > 0) out.push("");
  for (const [index, { view, plan }] of planned.entries()) {
    out.push(paint(color, "bold", `${view.name}: ${plan.vendorName} -> role ${JSON.stringify(view.role)} in database ${JSON.stringify(view.database)}`));
    if (!fromStack) for (const w of view.warnings) out.push(paint(color, "yellow", `warning: ${w}`));
    out.push("", `Resources (${view.resources.length}):`);
    for (const r of view.resources) {
      out.push(`  ${r.type}  ${paint(color, "bold", r.name)}`);
      out.push(paint(color, "dim", `      ${formatInputs(r.inputs)}`));
    }
    out.push("", "SQL:", scripts[index]!);
  }
  io.stdout(out.join("\n"));
  return 0;
}
