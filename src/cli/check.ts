/**
 * `pg-vendor-access check`: connects with the vendor's own credentials and reports whether it has what the
 * plan gives it (CONNECT, USAGE, SELECT on every existing object, default privileges per table owner, a
 * writable managed schema, TLS) and what it has beyond that.
 *
 * Three layers: {@link collectFacts} reads the catalogs (a fixed number of queries per schema, never one
 * per table), {@link evaluateCheck} turns facts and plan into results (pure), {@link formatCheckReport}
 * renders them.
 */
import { Client, type ClientConfig } from "pg";
import type { PostgresVendorAccessArgs } from "../args";
import { planVendorAccess, type AccessPlan, type PlannedDefaultPrivileges, type PlannedGrant } from "../plan";
import { escapeUnsafe, maskSecrets, toSafeJson } from "../safe-text";
import { quoteIdent, quoteLiteral } from "../sql";
import { ArgumentError } from "../validate";
import { CUSTOM_VENDOR, vendors } from "../vendors";
import type { ReadObjectType } from "../vendors/types";
import { decideColor, paint, UsageError, type CheckOptions, type CliIo } from "./args";
import { checkConnectionUrl, checkEnvironmentSslMode } from "./input-safety";
import { fixes } from "./check-fixes";
import { describeVerification, tlsErrorHint, tlsSettings, type TlsSettings } from "./check-tls";
import { loadArgsFile } from "./plan";

export const checkHelp = `Usage: pg-vendor-access check [--url <postgres://...>] (--vendor <id> | --args-file <file>) [options]

Connects as the vendor (its own user and password) and reports whether it has what it needs, and nothing
more: CONNECT; USAGE on each read schema; SELECT on every existing table, view and sequence there; default
privileges for each table owner; create and write in its managed schema (in a rolled-back transaction);
TLS. Then what it has beyond that: write privileges on read schemas, other readable or writable schemas,
role attributes beyond LOGIN and role memberships.

Connection:
      --url <url>              Connection URL, e.g.
                               postgres://user:password@host:port/db?sslmode=verify-full&sslrootcert=ca.pem
                               (default: the PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE variables)
                               sslmode as in libpq: disable, allow, prefer (default), require (encrypted, not
                               verified), verify-ca, verify-full; sslrootcert (or PGSSLMODE, PGSSLROOTCERT):
                               a PEM file with the CA certificates, e.g. the RDS CA bundle
      --connect-timeout <s>    Seconds to wait for the connection (default 10)

What to expect (the component's arguments; flags override the file):
  -f, --args-file <path>       The component's arguments as JSON or YAML (as for "plan --file")
      --vendor <id>            Preset: ${["custom", ...Object.keys(vendors).sort()].join(", ")}
      --mode <mode>            Preset mode, where the preset has modes
      --role <name>            Vendor role name (default: the preset's)
      --database <name>        Database the plan is for (default: the connected one)
      --read-schema <name>     A schema the vendor reads (repeat for several)
      --table-owner <role>     A role that creates tables in the read schemas (repeat for several)
      --managed-schema <name>  A schema the vendor writes to (vendor "custom" only; repeat for several)

Verdict:
      --require-tls            Fail (instead of warn) when the connection is not encrypted
      --strict                 Fail (instead of warn) when the vendor has more than it needs
      --json                   Machine-readable report on stdout
      --color, --no-color      Force or disable colour (default: only on a terminal; NO_COLOR is honoured)
  -h, --help                   Show this help

Exit codes: 0 every required check passed, 1 a check failed, 2 usage or connection error.
The password is never printed.`;

export type CheckStatus = "pass" | "fail" | "warn";

/** One line of the verdict. */
export interface CheckResult {
  /** Stable id, e.g. `usage:public`, `select:public`, `defaults:app_owner:public:tables`, `managed:__x`, `tls`. */
  id: string;
  /** `required`: what the vendor needs; `extra`: what it has beyond that. */
  category: "required" | "extra";
  status: CheckStatus;
  /** One sentence. */
  detail: string;
  /** Objects missing a privilege (required checks) or holding one too many (extras). */
  objects?: string[];
  /** How to fix it (every result that is not a pass has one). */
  fix?: string;
}

export interface CheckReport {
  ok: boolean;
  target: { host?: string; port?: number; database: string; user: string };
  serverVersion: string;
  vendor: string;
  role: string;
  tls: boolean;
  checks: CheckResult[];
  durationMs: number;
}

/** Object counts and gaps in one read schema for one object type. */
export interface ObjectFacts {
  total: number;
  /** Objects lacking a planned privilege (`name` for relations, `name(args)` for functions). */
  missing: string[];
  /** Objects on which the vendor holds write privileges. */
  writable: string[];
  /** Owners of the objects in `missing` (sorted). */
  missingOwners?: string[];
}

export interface SchemaFacts {
  exists: boolean;
  owner?: string;
  usage: boolean;
  create: boolean;
}

/** What the catalogs say, as seen by the connected role. */
export interface CatalogFacts {
  user: string;
  database: string;
  serverVersion: string;
  ssl: boolean;
  sslVersion?: string;
  attributes: { superuser: boolean; createDatabase: boolean; createRole: boolean; replication: boolean; bypassRowLevelSecurity: boolean };
  memberOf: string[];
  databasePrivileges: { CONNECT: boolean; CREATE: boolean; TEMPORARY: boolean };
  schemas: Record<string, SchemaFacts>;
  /** schema -> object type -> facts (only the types the plan grants). */
  objects: Record<string, Partial<Record<ReadObjectType, ObjectFacts>>>;
  /** Default-ACL entries whose grantee is the vendor role; `schema` null for global entries. */
  defaultAcl: { owner: string; schema: string | null; objectType: string; privileges: string[] }[];
  /** Which of the plan's table owners exist. */
  existingRoles: string[];
  /** Managed schema -> write test outcome. */
  managedWrites: Record<string, { ok: boolean; error?: string }>;
  /** Schemas outside the plan where the vendor can read something or create objects. */
  otherSchemas: { name: string; create: boolean; readable: number }[];
}

const RELKINDS: Record<"table" | "sequence", string> = { table: "'r','p','v','m','f'", sequence: "'S'" };
const DEFAULT_ACL_TYPE: Record<ReadObjectType, string> = { table: "r", sequence: "S", function: "f" };
const PLURAL: Record<ReadObjectType, string> = { table: "tables", sequence: "sequences", function: "functions" };
const SINGULAR: Record<ReadObjectType, string> = { table: "table", sequence: "sequence", function: "function" };
/** The object keyword of ALTER DEFAULT PRIVILEGES per pg_default_acl object type code. */
const DEFAULT_ACL_KEYWORD: Record<string, string> = { r: "TABLES", S: "SEQUENCES", f: "FUNCTIONS", T: "TYPES", n: "SCHEMAS" };

/** "table" or "tables" as `n` requires. */
function count(n: number, type: ReadObjectType): string {
  return n === 1 ? SINGULAR[type] : PLURAL[type];
}
const TABLE_WRITE_PRIVILEGES = "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER";
const READ_PRIVILEGES = new Set(["SELECT", "USAGE", "EXECUTE"]);
const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema"];

/** A progress callback: one short phrase per step. */
export type Progress = (step: string) => void;

/** Reads everything the verdict needs from the catalogs, as the connected role. */
export async function collectFacts(client: Client, plan: AccessPlan, progress: Progress = () => {}): Promise<CatalogFacts> {
  progress("role and connection");
  const identity = (
    await client.query<{
      user: string; database: string; server_version: string; ssl: boolean | null; ssl_version: string | null;
      rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; rolreplication: boolean; rolbypassrls: boolean;
      member_of: string[]; can_connect: boolean; can_create: boolean; can_temp: boolean;
    }>(
      `SELECT current_user AS "user", current_database() AS database, current_setting('server_version') AS server_version,
              s.ssl, s.version AS ssl_version,
              r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
              ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                    WHERE m.member = r.oid ORDER BY 1) AS member_of,
              has_database_privilege(current_database(), 'CONNECT') AS can_connect,
              has_database_privilege(current_database(), 'CREATE') AS can_create,
              has_database_privilege(current_database(), 'TEMPORARY') AS can_temp
         FROM pg_roles r LEFT JOIN pg_stat_ssl s ON s.pid = pg_backend_pid()
        WHERE r.rolname = current_user`,
    )
  ).rows[0]!;

  const planned = [...plan.readSchemas, ...plan.managedSchemas];
  progress("schemas");
  const schemaRows = (
    await client.query<{ name: string; exists: boolean; owner: string | null; usage: boolean | null; create: boolean | null }>(
      `SELECT s.name, n.oid IS NOT NULL AS exists, pg_get_userbyid(n.nspowner)::text AS owner,
              CASE WHEN n.oid IS NOT NULL THEN has_schema_privilege(n.oid, 'USAGE') END AS usage,
              CASE WHEN n.oid IS NOT NULL THEN has_schema_privilege(n.oid, 'CREATE') END AS "create"
         FROM unnest($1::text[]) AS s(name) LEFT JOIN pg_namespace n ON n.nspname = s.name`,
      [planned],
    )
  ).rows;
  const schemas: Record<string, SchemaFacts> = {};
  for (const row of schemaRows) {
    schemas[row.name] = { exists: row.exists, ...(row.owner !== null ? { owner: row.owner } : {}), usage: row.usage === true, create: row.create === true };
  }

  const objects: CatalogFacts["objects"] = {};
  for (const schema of plan.readSchemas) {
    objects[schema] = {};
    if (!schemas[schema]?.exists) continue;
    progress(`objects in ${quoteIdent(schema)}`);
    const grants = plan.postgres.filter((p): p is PlannedGrant => p.kind === "grant" && p.schema === schema);
    const table = grants.find((g) => g.objectType === "table");
    const sequence = grants.find((g) => g.objectType === "sequence");
    const fn = grants.find((g) => g.objectType === "function");
    if (table || sequence) {
      // One pass over pg_class for the schema: counts, and only the names that lack a privilege or hold a write one.
      const tableNeeds = (table?.privileges ?? []).map((p) => `has_table_privilege(c.oid, ${quoteLiteral(p)})`).join(" AND ") || "true";
      const sequenceNeeds = (sequence?.privileges ?? []).map((p) => `has_sequence_privilege(c.oid, ${quoteLiteral(p)})`).join(" AND ") || "true";
      const kinds = [table ? RELKINDS.table : "", sequence ? RELKINDS.sequence : ""].filter(Boolean).join(",");
      const row = (
        await client.query<{
          tables: string; sequences: string; tables_missing: string[] | null; sequences_missing: string[] | null;
          tables_writable: string[] | null; sequences_writable: string[] | null; tables_owners: string[] | null; sequences_owners: string[] | null;
        }>(
          `SELECT count(*) FILTER (WHERE NOT is_seq) AS tables,
                  count(*) FILTER (WHERE is_seq) AS sequences,
                  array_agg(relname ORDER BY relname) FILTER (WHERE NOT is_seq AND NOT ok) AS tables_missing,
                  array_agg(relname ORDER BY relname) FILTER (WHERE is_seq AND NOT ok) AS sequences_missing,
                  array_agg(relname ORDER BY relname) FILTER (WHERE NOT is_seq AND writes) AS tables_writable,
                  array_agg(relname ORDER BY relname) FILTER (WHERE is_seq AND writes) AS sequences_writable,
                  array_agg(DISTINCT owner ORDER BY owner) FILTER (WHERE NOT is_seq AND NOT ok) AS tables_owners,
                  array_agg(DISTINCT owner ORDER BY owner) FILTER (WHERE is_seq AND NOT ok) AS sequences_owners
             FROM (SELECT c.relname::text AS relname, c.relkind = 'S' AS is_seq, pg_get_userbyid(c.relowner)::text AS owner,
                          CASE WHEN c.relkind = 'S' THEN ${sequenceNeeds} ELSE ${tableNeeds} END AS ok,
                          CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'UPDATE')
                               ELSE has_table_privilege(c.oid, '${TABLE_WRITE_PRIVILEGES}') END AS writes
                     FROM pg_class c
                    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
                      AND c.relkind IN (${kinds})) AS o`,
          [schema],
        )
      ).rows[0]!;
      if (table) {
        objects[schema]!.table = { total: Number(row.tables), missing: row.tables_missing ?? [], writable: row.tables_writable ?? [], missingOwners: row.tables_owners ?? [] };
      }
      if (sequence) {
        objects[schema]!.sequence = {
          total: Number(row.sequences), missing: row.sequences_missing ?? [], writable: row.sequences_writable ?? [], missingOwners: row.sequences_owners ?? [],
        };
      }
    }
    if (fn) {
      const needs = fn.privileges.map((p) => `has_function_privilege(p.oid, ${quoteLiteral(p)})`).join(" AND ") || "true";
      const row = (
        await client.query<{ total: string; missing: string[] | null; owners: string[] | null }>(
          `SELECT count(*) AS total,
                  array_agg(signature ORDER BY signature) FILTER (WHERE NOT ok) AS missing,
                  array_agg(DISTINCT owner ORDER BY owner) FILTER (WHERE NOT ok) AS owners
             FROM (SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS signature, ${needs} AS ok,
                          pg_get_userbyid(p.proowner)::text AS owner
                     FROM pg_proc p
                    WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
                      AND p.prokind IN ('f', 'a', 'w')) AS f`,
          [schema],
        )
      ).rows[0]!;
      objects[schema]!.function = { total: Number(row.total), missing: row.missing ?? [], writable: [], missingOwners: row.owners ?? [] };
    }
  }

  progress("default privileges");
  const defaultAcl = (
    await client.query<{ owner: string; schema: string | null; object_type: string; privileges: string[] }>(
      `SELECT pg_get_userbyid(d.defaclrole)::text AS owner, n.nspname::text AS schema, d.defaclobjtype::text AS object_type,
              array_agg(a.privilege_type::text ORDER BY a.privilege_type) AS privileges
         FROM pg_default_acl d
         LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
         CROSS JOIN LATERAL aclexplode(d.defaclacl) AS a
        WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = current_user)
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3`,
    )
  ).rows.map((r) => ({ owner: r.owner, schema: r.schema, objectType: r.object_type, privileges: r.privileges }));
  const existingRoles = (
    await client.query<{ rolname: string }>(`SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1::text[]) ORDER BY 1`, [plan.tableOwners])
  ).rows.map((r) => r.rolname);

  const managedWrites: CatalogFacts["managedWrites"] = {};
  for (const schema of plan.managedSchemas) {
    progress(`write test in ${quoteIdent(schema)}`);
    managedWrites[schema] = await writeTest(client, schema);
  }

  progress("other schemas");
  const otherSchemas = (
    await client.query<{ name: string; create: boolean; readable: string }>(
      `SELECT n.nspname::text AS name, has_schema_privilege(n.oid, 'CREATE') AS "create",
              (SELECT count(*) FROM pg_class c
                WHERE c.relnamespace = n.oid AND c.relkind IN ('r','p','v','m','f')
                  AND has_table_privilege(c.oid, 'SELECT')) AS readable
         FROM pg_namespace n
        WHERE NOT (n.nspname = ANY($1::text[]))
          AND n.nspname <> ALL($2::text[])
          AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
          AND has_schema_privilege(n.oid, 'USAGE')
        ORDER BY 1`,
      [planned, SYSTEM_SCHEMAS],
    )
  ).rows
    .map((r) => ({ name: r.name, create: r.create, readable: Number(r.readable) }))
    .filter((r) => r.create || r.readable > 0);

  return {
    user: identity.user,
    database: identity.database,
    serverVersion: identity.server_version,
    ssl: identity.ssl === true,
    ...(identity.ssl_version ? { sslVersion: identity.ssl_version } : {}),
    attributes: {
      superuser: identity.rolsuper,
      createDatabase: identity.rolcreatedb,
      createRole: identity.rolcreaterole,
      replication: identity.rolreplication,
      bypassRowLevelSecurity: identity.rolbypassrls,
    },
    memberOf: identity.member_of,
    databasePrivileges: { CONNECT: identity.can_connect, CREATE: identity.can_create, TEMPORARY: identity.can_temp },
    schemas,
    objects,
    defaultAcl,
    existingRoles,
    managedWrites,
    otherSchemas,
  };
}

/** Creates a table, writes, reads and drops it in the managed schema, inside a transaction that is rolled back. */
async function writeTest(client: Client, schema: string): Promise<{ ok: boolean; error?: string }> {
  const table = `${quoteIdent(schema)}.${quoteIdent(`pg_vendor_access_check_${process.pid}`)}`;
  await client.query("BEGIN");
  try {
    await client.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, note text)`);
    await client.query(`INSERT INTO ${table} VALUES (1, 'check')`);
    await client.query(`UPDATE ${table} SET note = 'checked' WHERE id = 1`);
    await client.query(`DELETE FROM ${table} WHERE id = 1`);
    await client.query(`DROP TABLE ${table}`);
    return { ok: true };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    await client.query("ROLLBACK");
  }
}

function list(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => quoteIdent(n)).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** The verdict: plan + facts -> results. Pure. */
export function evaluateCheck(plan: AccessPlan, facts: CatalogFacts, options: { requireTls: boolean; strict: boolean; tls?: TlsSettings }): CheckResult[] {
  const results: CheckResult[] = [];
  const required = (id: string, ok: boolean, detail: string, fix: string, objects?: string[]) =>
    results.push({
      id, category: "required", status: ok ? "pass" : "fail", detail, ...(objects && objects.length > 0 ? { objects } : {}), ...(ok ? {} : { fix }),
    });
  const extra = (id: string, detail: string, fix: string, objects?: string[]) =>
    results.push({ id, category: "extra", status: options.strict ? "fail" : "warn", detail, ...(objects && objects.length > 0 ? { objects } : {}), fix });
  const role = plan.roleName;

  required(
    "role",
    facts.user === plan.roleName,
    facts.user === plan.roleName
      ? `connected as the vendor role ${quoteIdent(plan.roleName)}`
      : `connected as ${quoteIdent(facts.user)}, but the vendor role is ${quoteIdent(plan.roleName)}`,
    fixes.role(role),
  );
  if (facts.database !== plan.database) {
    required("database", false, `connected to database ${quoteIdent(facts.database)}, but the plan is for ${quoteIdent(plan.database)}`, fixes.database(plan.database));
  }

  const dbGrant = plan.postgres.find((p): p is PlannedGrant => p.kind === "grant" && p.objectType === "database");
  for (const privilege of dbGrant?.privileges ?? ["CONNECT"]) {
    const has = facts.databasePrivileges[privilege as keyof CatalogFacts["databasePrivileges"]] === true;
    required(
      `database:${privilege}`,
      has,
      has ? `${privilege} on database ${quoteIdent(facts.database)}` : `missing ${privilege} on database ${quoteIdent(facts.database)}`,
      fixes.databasePrivilege(privilege, facts.database),
    );
  }

  for (const schema of plan.readSchemas) {
    const s = facts.schemas[schema];
    if (!s?.exists) {
      required(`usage:${schema}`, false, `read schema ${quoteIdent(schema)} does not exist`, fixes.schemaMissing(schema));
      continue;
    }
    required(`usage:${schema}`, s.usage, s.usage ? `USAGE on schema ${quoteIdent(schema)}` : `missing USAGE on schema ${quoteIdent(schema)}`, fixes.usage(schema));
    for (const [type, f] of Object.entries(facts.objects[schema] ?? {}) as [ReadObjectType, ObjectFacts][]) {
      const grant = plan.postgres.find((p): p is PlannedGrant => p.kind === "grant" && p.schema === schema && p.objectType === type);
      const privileges = grant?.privileges.join(", ") ?? "";
      const id = `${privileges.includes("EXECUTE") ? "execute" : "select"}:${schema}:${PLURAL[type]}`;
      required(
        id,
        f.missing.length === 0,
        f.missing.length === 0
          ? `${privileges} on ${f.total === 1 ? "the" : f.total === 0 ? "all" : `all ${f.total}`} ${count(f.total, type)} in ${quoteIdent(schema)}`
          : `missing ${privileges} on ${f.missing.length} of ${f.total} ${count(f.total, type)} in ${quoteIdent(schema)}: ${list(f.missing)}`,
        fixes.objects(schema, (f.missingOwners ?? []).filter((o) => !plan.tableOwners.includes(o))),
        f.missing,
      );
    }
  }

  const defaults = plan.postgres.filter((p): p is PlannedDefaultPrivileges => p.kind === "defaultPrivileges");
  for (const d of defaults) {
    const id = `defaults:${d.owner}:${d.schema}:${PLURAL[d.objectType]}`;
    if (!facts.existingRoles.includes(d.owner)) {
      required(id, false, `table owner ${quoteIdent(d.owner)} does not exist, so nothing it creates is covered`, fixes.ownerMissing(d.owner));
      continue;
    }
    const code = DEFAULT_ACL_TYPE[d.objectType];
    const held = new Set(
      facts.defaultAcl
        .filter((a) => a.owner === d.owner && a.objectType === code && (a.schema === d.schema || a.schema === null))
        .flatMap((a) => a.privileges),
    );
    const missing = d.privileges.filter((p) => !held.has(p));
    required(
      id,
      missing.length === 0,
      missing.length === 0
        ? `default privileges: ${PLURAL[d.objectType]} ${quoteIdent(d.owner)} creates in ${quoteIdent(d.schema)} will be readable (${d.privileges.join(", ")})`
        : `missing default privileges: ${PLURAL[d.objectType]} ${quoteIdent(d.owner)} creates later in ${quoteIdent(d.schema)} will not get ${missing.join(", ")}`,
      fixes.defaults(d.owner),
    );
  }

  for (const schema of plan.managedSchemas) {
    const s = facts.schemas[schema];
    const write = facts.managedWrites[schema];
    const id = `managed:${schema}`;
    if (!s?.exists) {
      required(id, false, `managed schema ${quoteIdent(schema)} does not exist`, fixes.managedMissing(schema));
    } else if (!write?.ok) {
      required(id, false, `cannot create and write tables in managed schema ${quoteIdent(schema)}: ${write?.error ?? "not tested"}`, fixes.managedWrite(schema, role));
    } else {
      const owner = s.owner === plan.roleName ? "owned by the vendor" : `owned by ${quoteIdent(s.owner ?? "?")}`;
      required(id, true, `can create, write and drop tables in managed schema ${quoteIdent(schema)} (${owner}; rolled back)`, "");
    }
  }

  const verification = options.tls ? `; ${describeVerification(options.tls)}` : "";
  results.push({
    id: "tls",
    category: "required",
    status: facts.ssl ? "pass" : options.requireTls ? "fail" : "warn",
    detail: facts.ssl ? `connection encrypted (${facts.sslVersion ?? "TLS"}${verification})` : "connection is not encrypted (TLS off)",
    ...(facts.ssl ? {} : { fix: fixes.tls() }),
  });

  // Beyond what the vendor needs.
  const roleItem = plan.postgres.find((p) => p.kind === "role");
  const plannedMemberships = plan.postgres.flatMap((p) => (p.kind === "roleMembership" ? [p.grantRole] : []));
  const attrs = Object.entries({
    SUPERUSER: facts.attributes.superuser,
    CREATEDB: facts.attributes.createDatabase,
    CREATEROLE: facts.attributes.createRole,
    // The REPLICATION attribute is planned for CDC on self-managed servers.
    REPLICATION: facts.attributes.replication && !(roleItem?.kind === "role" && roleItem.replication),
    BYPASSRLS: facts.attributes.bypassRowLevelSecurity,
  })
    .filter(([, on]) => on)
    .map(([name]) => name);
  if (attrs.length > 0) extra("extra:attributes", `role has attributes beyond LOGIN: ${attrs.join(", ")}`, fixes.attributes(role, attrs));
  const memberships = facts.memberOf.filter((r) => !plannedMemberships.includes(r));
  if (memberships.length > 0) extra("extra:memberships", `role is a member of ${list(memberships)} and holds their privileges`, fixes.memberships(role, memberships), memberships);
  for (const privilege of ["CREATE"] as const) {
    if (facts.databasePrivileges[privilege] && !(dbGrant?.privileges ?? []).includes(privilege)) {
      extra(`extra:database:${privilege}`, `${privilege} on database ${quoteIdent(facts.database)} (can create schemas), which the plan does not grant`, fixes.databaseCreate(facts.database, role));
    }
  }
  for (const schema of plan.readSchemas) {
    if (facts.schemas[schema]?.create) extra(`extra:create:${schema}`, `CREATE on read schema ${quoteIdent(schema)} (can add objects there)`, fixes.schemaCreate(schema, role));
    for (const [type, f] of Object.entries(facts.objects[schema] ?? {}) as [ReadObjectType, ObjectFacts][]) {
      if (f.writable.length > 0) {
        extra(
          `extra:write:${schema}:${PLURAL[type]}`,
          `write privileges on ${f.writable.length} ${count(f.writable.length, type)} in read schema ${quoteIdent(schema)}: ${list(f.writable)}`,
          fixes.writes(schema, role, type === "sequence"),
          f.writable,
        );
      }
    }
  }
  for (const acl of facts.defaultAcl) {
    const writes = acl.privileges.filter((p) => !READ_PRIVILEGES.has(p));
    if (writes.length > 0) {
      const where = acl.schema === null ? "in every schema" : `in ${quoteIdent(acl.schema)}`;
      extra(
        `extra:defaults:${acl.owner}:${acl.schema ?? "*"}:${acl.objectType}`,
        `default privileges give ${writes.join(", ")} on objects ${quoteIdent(acl.owner)} creates ${where}`,
        fixes.defaultWrites(acl.owner, acl.schema, DEFAULT_ACL_KEYWORD[acl.objectType] ?? "TABLES", writes, role),
      );
    }
  }
  for (const other of facts.otherSchemas) {
    const what = [other.readable > 0 ? `can read ${other.readable} relation${other.readable === 1 ? "" : "s"}` : "", other.create ? "can create objects" : ""]
      .filter(Boolean)
      .join(" and ");
    extra(`extra:schema:${other.name}`, `schema ${quoteIdent(other.name)} is not in the plan, but the vendor ${what} there`, fixes.otherSchema(other.name, role));
  }
  return results;
}

/** Whether every check passed (warnings allowed). */
export function checksPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status !== "fail");
}

/** Human-readable report: one line per check, extras after the required ones, then the verdict. */
export function formatCheckReport(report: CheckReport, color: boolean): string {
  const mark = (s: CheckStatus) => (s === "pass" ? paint(color, "green", "ok  ") : s === "fail" ? paint(color, "red", "FAIL") : paint(color, "yellow", "warn"));
  const t = report.target;
  const where = `${t.user}@${t.host ?? "localhost"}${t.port ? `:${t.port}` : ""}/${t.database}`;
  const lines = [paint(color, "bold", escapeUnsafe(`pg-vendor-access check: ${report.vendor} as ${where} (PostgreSQL ${report.serverVersion})`))];
  const required = report.checks.filter((c) => c.category === "required");
  const extras = report.checks.filter((c) => c.category === "extra");
  // Details and fixes carry object names from the database, which anyone who can create a table chooses: escaped.
  const line = (c: CheckResult) => {
    lines.push(`  ${mark(c.status)}  ${escapeUnsafe(c.detail)}`);
    if (c.fix !== undefined && c.status !== "pass") lines.push(paint(color, "dim", `        fix: ${escapeUnsafe(c.fix)}`));
  };
  required.forEach(line);
  lines.push(extras.length === 0 ? "Beyond what it needs: nothing." : "Beyond what it needs:");
  extras.forEach(line);
  const failed = report.checks.filter((c) => c.status === "fail").length;
  const warned = report.checks.filter((c) => c.status === "warn").length;
  lines.push(
    report.ok
      ? paint(color, "green", `PASS: all required checks passed${warned ? ` (${warned} warning${warned === 1 ? "" : "s"})` : ""} in ${report.durationMs} ms`)
      : paint(color, "red", `FAIL: ${failed} check${failed === 1 ? "" : "s"} failed in ${report.durationMs} ms`),
  );
  return lines.join("\n") + "\n";
}

/** Builds the component arguments `check` expects: the args file, overridden by flags. */
export function checkArgs(options: CheckOptions): PostgresVendorAccessArgs {
  const base: Partial<PostgresVendorAccessArgs> = options.argsFile !== undefined ? loadArgsFile(options.argsFile, "--args-file").args : {};
  const args: Record<string, unknown> = { ...base };
  if (options.vendor !== undefined) args.vendor = options.vendor;
  if (options.mode !== undefined) args.mode = options.mode;
  if (options.roleName !== undefined) args.roleName = options.roleName;
  if (options.database !== undefined) args.database = options.database;
  if (options.readSchemas.length > 0) args.readSchemas = options.readSchemas;
  if (options.tableOwners.length > 0) args.tableOwners = options.tableOwners;
  if (options.managedSchemas.length > 0) args.managedSchemas = options.managedSchemas;
  if (args.vendor === undefined) {
    throw new UsageError(`check needs --vendor <id> (one of ${[CUSTOM_VENDOR, ...Object.keys(vendors).sort()].map((v) => JSON.stringify(v)).join(", ")}) or --args-file <file>.`, "check");
  }
  // Network arguments play no part in a database check.
  delete args.securityGroupId;
  delete args.password;
  return args as unknown as PostgresVendorAccessArgs;
}

/**
 * Connection settings from --url or the PG* environment, with TLS as libpq means `sslmode` (see
 * `check-tls.ts`); the password is never logged.
 */
export function connectionConfig(options: CheckOptions, env: NodeJS.ProcessEnv): { config: ClientConfig; tls: TlsSettings } {
  const config: ClientConfig = {
    application_name: "pg-vendor-access check",
    connectionTimeoutMillis: options.connectTimeout * 1000,
    statement_timeout: 60_000,
  };
  if (options.url !== undefined) {
    checkConnectionUrl(options.url);
  } else if (!env.PGHOST && !env.PGUSER && !env.PGDATABASE) {
    throw new UsageError("check needs --url <postgres://...> or the PGHOST / PGPORT / PGUSER / PGPASSWORD / PGDATABASE variables.", "check");
  } else {
    checkEnvironmentSslMode(env);
  }
  const { url, tls } = tlsSettings(options.url, env);
  if (url !== undefined) config.connectionString = url;
  config.ssl = tls.ssl;
  return { config, tls };
}

/** Removes every secret we know of from a message (see maskSecrets); first line only. */
function scrub(message: string, secrets: (string | undefined)[]): string {
  return maskSecrets(message.split("\n")[0]!, secrets);
}

function passwordFromUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const m = /^[a-z]+:\/\/[^:@/]*:([^@/]*)@/i.exec(url);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

/** Runs `check`; returns the exit code. Usage and connection errors throw {@link UsageError} / {@link CheckConnectionError}. */
export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  if (options.help) {
    io.stdout(checkHelp + "\n");
    return 0;
  }
  const started = Date.now();
  const args = checkArgs(options);
  // Validate before connecting (the database name may still come from the connection).
  planVendorAccess({ ...args, database: args.database ?? "postgres" });
  const { config, tls } = connectionConfig(options, io.env);
  const secrets = [options.url, passwordFromUrl(options.url), options.url === undefined ? io.env.PGPASSWORD : undefined];
  const color = decideColor(options.color, { isTTY: io.stdoutIsTTY }, io.env);
  const showProgress = io.stderrIsTTY && !options.json;
  const progress: Progress = showProgress ? (step) => io.stderr(`\r\u001b[Kchecking ${step}...`) : () => {};

  let client = new Client(config);
  client.on("error", () => {});
  try {
    try {
      await client.connect();
    } catch (e) {
      // sslmode=prefer/allow: a server without TLS gets a plain connection, as with libpq.
      if (!tls.plainFallback || !/does not support SSL/i.test((e as Error).message)) throw e;
      client = new Client({ ...config, ssl: false });
      client.on("error", () => {});
      await client.connect();
    }
  } catch (e) {
    const message = scrub((e as Error).message, secrets);
    const hint = tlsErrorHint(message, tls);
    throw new CheckConnectionError(`cannot connect to ${describeTarget(client)}: ${message}${hint ? `; fix: ${hint}` : ""}`);
  }
  try {
    const database = args.database ?? (await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db;
    const plan = planVendorAccess({ ...args, database });
    const facts = await collectFacts(client, plan, progress);
    if (showProgress) io.stderr("\r\u001b[K");
    const checks = evaluateCheck(plan, facts, { ...options, tls });
    const report: CheckReport = {
      ok: checksPassed(checks),
      target: {
        ...(client.host ? { host: client.host } : {}),
        ...(client.port ? { port: client.port } : {}),
        database: facts.database,
        user: facts.user,
      },
      serverVersion: facts.serverVersion,
      vendor: plan.vendorId,
      role: plan.roleName,
      tls: facts.ssl,
      checks,
      durationMs: Date.now() - started,
    };
    io.stdout(options.json ? toSafeJson(report) + "\n" : formatCheckReport(report, color));
    return report.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof ArgumentError || e instanceof UsageError) throw e;
    throw new CheckConnectionError(`check could not finish against ${describeTarget(client)}: ${scrub((e as Error).message, secrets)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A connection (or server) error during `check`: exit 2. */
export class CheckConnectionError extends Error {
  constructor(message: string) {
    // Server messages echo names (databases, roles) the caller chose: shown escaped, never raw.
    super(escapeUnsafe(message));
    this.name = "CheckConnectionError";
  }
}

function describeTarget(client: Client): string {
  return `${client.user ?? "?"}@${client.host ?? "localhost"}:${client.port ?? 5432}/${client.database ?? "?"}`;
}
