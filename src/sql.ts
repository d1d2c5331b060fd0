/**
 * The access plan as SQL: the statements the `postgresql` provider runs for each planned resource, in plan
 * order, for review or for a DBA who applies changes by hand. Pure: built from the same {@link AccessPlan}
 * the component declares its children from, so the two cannot drift.
 */
import { networkComments } from "./network-commands";
import type { AccessPlan, PlannedPostgresResource } from "./plan";
import { escapeUnsafe } from "./safe-text";
import { membershipEpilogue, membershipPrologue } from "./sql-membership";
import type { ReadObjectType } from "./vendors/types";

/** The default password placeholder: a psql variable, set with `psql -v vendor_password=...`. */
export const PASSWORD_PLACEHOLDER = ":'vendor_password'";

/** One planned resource's statements. */
export interface PlannedSql {
  /** The plan item's key; the Pulumi child is named `<component name>-<key>`. */
  key: string;
  kind: PlannedPostgresResource["kind"];
  /** Statements in execution order, each ending with `;`. */
  statements: string[];
  /** False for statements PostgreSQL refuses inside a transaction that has written (replication slots). */
  transactional: boolean;
}

export interface PlanSqlOptions {
  /**
   * SQL expression put where the password goes. Default: the psql variable named by `passwordVariable`
   * ({@link PASSWORD_PLACEHOLDER}). Never a real secret in printed output; tests pass a quoted literal.
   */
  passwordSql?: string;
  /**
   * Name of the psql variable holding the password (letters, digits, `_`). Default `vendor_password`. A script
   * with several integrations gives each its own, so every vendor gets its own password.
   */
  passwordVariable?: string;
}

/** Options of {@link renderSqlScript} beyond the statements'. */
export interface SqlScriptOptions extends PlanSqlOptions {
  /**
   * Wrap each transaction in the temporary owner membership a non-superuser admin needs (see
   * `sql-membership.ts`). Default true; it does nothing when the script runs as a superuser.
   */
  adminMembership?: boolean;
  /** The security group the ingress rules go to, for the printed AWS CLI commands (default a placeholder). */
  securityGroupId?: string;
}

/** The psql variable name for an integration's password: `<name>_password`, reduced to letters, digits and `_`. */
export function passwordVariableFor(integrationName: string): string {
  const base = integrationName.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return `${base === "" ? "vendor" : /^[0-9]/.test(base) ? `v${base}` : base}_password`;
}

function passwordExpression(options: PlanSqlOptions): string {
  if (options.passwordSql !== undefined) return options.passwordSql;
  return options.passwordVariable === undefined ? PASSWORD_PLACEHOLDER : `:'${options.passwordVariable}'`;
}

/** Quotes an identifier like PostgreSQL's `quote_ident` when forced: double quotes, embedded ones doubled. */
export function quoteIdent(name: string): string {
  if (name.includes("\0")) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal the standard way (`standard_conforming_strings` on): single quotes doubled, no E prefix. */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new Error("string literal contains a NUL character");
  return `'${value.replace(/'/g, "''")}'`;
}

const PLURAL: Record<ReadObjectType, string> = { table: "TABLES", sequence: "SEQUENCES", function: "FUNCTIONS" };

/** The statements for each Postgres resource of the plan, in plan (= deployment) order. */
export function planToSql(plan: AccessPlan, options: PlanSqlOptions = {}): PlannedSql[] {
  const passwordSql = passwordExpression(options);
  const role = quoteIdent(plan.roleName);
  const database = quoteIdent(plan.database);
  return plan.postgres.map((item): PlannedSql => ({ transactional: true, ...statementsFor(item, plan, role, database, passwordSql) }));
}

function statementsFor(
  item: PlannedPostgresResource,
  plan: AccessPlan,
  role: string,
  database: string,
  passwordSql: string,
): Omit<PlannedSql, "transactional"> & { transactional?: boolean } {
  switch (item.kind) {
    case "role": {
      // Mirrors the provider's CREATE ROLE: every attribute spelled out, VALID UNTIL always present.
      const attributes = [
        `PASSWORD ${passwordSql}`,
        "VALID UNTIL 'infinity'",
        `CONNECTION LIMIT ${item.connectionLimit ?? -1}`,
        "NOSUPERUSER",
        "NOCREATEDB",
        "NOCREATEROLE",
        "INHERIT",
        "LOGIN",
        "NOBYPASSRLS",
        item.replication ? "REPLICATION" : "NOREPLICATION",
      ];
      return {
        key: item.key,
        kind: item.kind,
        statements: [
          `CREATE ROLE ${quoteIdent(item.name)} WITH ${attributes.join(" ")};`,
          `ALTER ROLE ${quoteIdent(item.name)} SET search_path TO DEFAULT;`,
        ],
      };
    }
    case "schema": {
      // The provider adopts an existing schema by changing its owner; the ALTER does the same here.
      const schema = quoteIdent(item.name);
      return {
        key: item.key,
        kind: item.kind,
        statements: [
          `CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${quoteIdent(item.owner)};`,
          `ALTER SCHEMA ${schema} OWNER TO ${quoteIdent(item.owner)};`,
        ],
      };
    }
    case "grant": {
      const privileges = item.privileges.join(", ");
      let target: string;
      if (item.objectType === "database") target = `DATABASE ${database}`;
      else if (item.objectType === "schema") target = `SCHEMA ${quoteIdent(item.schema!)}`;
      else target = `ALL ${PLURAL[item.objectType]} IN SCHEMA ${quoteIdent(item.schema!)}`;
      // The provider revokes everything first, so the grant leaves exactly the planned set.
      const statements = [`REVOKE ALL PRIVILEGES ON ${target} FROM ${role};`];
      if (item.privileges.length > 0) statements.push(`GRANT ${privileges} ON ${target} TO ${role};`);
      return { key: item.key, kind: item.kind, statements };
    }
    case "defaultPrivileges": {
      const prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(item.owner)} IN SCHEMA ${quoteIdent(item.schema)}`;
      const on = PLURAL[item.objectType];
      const statements = [`${prefix} REVOKE ALL ON ${on} FROM ${role};`];
      if (item.privileges.length > 0) statements.push(`${prefix} GRANT ${item.privileges.join(", ")} ON ${on} TO ${role};`);
      return { key: item.key, kind: item.kind, statements };
    }
    case "publication": {
      // The provider writes the publication name unquoted (validateCdc allows only plain lower-case names).
      const tables = item.tables.map((t) => t.split(".").map(quoteIdent).join(".")).join(", ");
      return { key: item.key, kind: item.kind, statements: [`CREATE PUBLICATION ${item.name} FOR TABLE ${tables};`] };
    }
    case "replicationSlot": {
      // Must run outside a transaction that has written anything.
      const statement = `SELECT pg_create_logical_replication_slot(${quoteLiteral(item.name)}, ${quoteLiteral(item.plugin)});`;
      return { key: item.key, kind: item.kind, statements: [statement], transactional: false };
    }
    case "roleMembership": {
      const granted = quoteIdent(item.grantRole);
      return { key: item.key, kind: item.kind, statements: [`REVOKE ${granted} FROM ${role};`, `GRANT ${granted} TO ${role};`] };
    }
  }
}

/**
 * The plan as one psql script: a header saying where and how to run it, then every statement in order inside
 * one transaction (with the temporary owner membership a non-superuser admin needs), each resource introduced
 * by a comment with its logical name, then the network part as comments.
 */
export function renderSqlScript(plan: AccessPlan, componentName: string, options: SqlScriptOptions = {}): string {
  const variable = options.passwordSql === undefined ? (options.passwordVariable ?? "vendor_password") : undefined;
  const membership = options.adminMembership ?? true;
  const lines = [
    comment(`pg-vendor-access: ${plan.vendorName}, role ${quoteIdent(plan.roleName)}, component "${componentName}"`),
    comment(`Run as an administrator connected to database ${quoteIdent(plan.database)}: a superuser, or one that owns the`),
    "-- database and may be granted the owner roles (the RDS master user; see README, Admin prerequisites).",
  ];
  if (variable !== undefined) {
    lines.push(comment(`The password is a psql variable: psql -v ${variable}='...' -v ON_ERROR_STOP=1 -f <this file>`));
  }
  let open = false;
  let roleCreated = false;
  let granted = false;
  const close = () => {
    if (granted) lines.push(...membershipEpilogue());
    lines.push("COMMIT;");
    open = granted = false;
  };
  for (const item of planToSql(plan, options)) {
    if (!item.transactional && open) close();
    if (item.transactional && !open) {
      lines.push("BEGIN;");
      open = true;
      if (membership && roleCreated) {
        lines.push(...membershipPrologue(plan));
        granted = true;
      }
    }
    lines.push(comment(`${componentName}-${item.key}${item.transactional ? "" : " (outside a transaction: PostgreSQL refuses it after writes)"}`));
    lines.push(...item.statements);
    // The vendor role must exist before the admin can be made a member of it (managed schemas).
    if (item.kind === "role" && open && membership && !granted) {
      lines.push(...membershipPrologue(plan));
      granted = true;
    }
    if (item.kind === "role") roleCreated = true;
  }
  if (open) close();
  lines.push(...networkComments(plan, options.securityGroupId));
  return lines.join("\n") + "\n";
}

/**
 * A `--` comment line. Names reach it unquoted by SQL rules, so a line break in one would end the comment
 * and run the rest as SQL or as a psql `\!` shell command: every control character is written escaped
 * (validation refuses them in names already; this holds even for a plan built without validation).
 */
export function comment(text: string): string {
  return `-- ${escapeUnsafe(text)}`;
}
