/**
 * The Postgres children of the plan, in deployment order (the component chains them in exactly this order):
 * the role, its managed schemas, the database grant, the read grants per schema, the default privileges per
 * creator and schema, then change data capture.
 */
import { identifierKey } from "./names";
import type { PlanInputs } from "./plan-inputs";
import type { PlannedGrant, PlannedDefaultPrivileges, PlannedPostgresResource, PlannedRole } from "./plan-types";
import type { DatabasePrivilege, ReadObjectType } from "./vendors/types";

const DATABASE_PRIVILEGE_ORDER: readonly DatabasePrivilege[] = ["CONNECT", "CREATE", "TEMPORARY"];
const OBJECT_TYPE_PLURAL: Record<ReadObjectType, string> = { table: "tables", sequence: "sequences", function: "functions" };
const READ_OBJECT_TYPES: readonly ReadObjectType[] = ["table", "sequence", "function"];

export function planPostgresResources(inputs: PlanInputs): PlannedPostgresResource[] {
  const readTypes = READ_OBJECT_TYPES.filter((t) => (inputs.readPrivileges[t]?.length ?? 0) > 0);
  return [
    planRole(inputs),
    ...inputs.managedSchemas.map((schema): PlannedPostgresResource => ({
      kind: "schema",
      key: `managed-schema-${identifierKey(schema)}`,
      name: schema,
      owner: inputs.roleName,
      onDestroy: inputs.onDestroy,
    })),
    {
      kind: "grant",
      key: "database",
      objectType: "database",
      privileges: DATABASE_PRIVILEGE_ORDER.filter((p) => p === "CONNECT" || inputs.databasePrivileges.includes(p)),
    },
    ...inputs.readSchemas.flatMap((schema) => planReadGrants(inputs, schema, readTypes)),
    ...inputs.tableOwners.flatMap((owner) => inputs.readSchemas.flatMap((schema) => planDefaultPrivileges(inputs, owner, schema, readTypes))),
    ...planCdc(inputs),
  ];
}

/** The login role: every attribute beyond LOGIN is off, REPLICATION only when CDC asks for the attribute. */
function planRole({ roleName, cdc, connectionLimit }: PlanInputs): PlannedRole {
  return {
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
  };
}

/** USAGE on the schema, then one grant per object type the vendor reads. */
function planReadGrants({ readPrivileges }: PlanInputs, schema: string, readTypes: readonly ReadObjectType[]): PlannedGrant[] {
  const s = identifierKey(schema);
  return [
    { kind: "grant", key: `schema-${s}`, objectType: "schema", schema, privileges: ["USAGE"] },
    ...readTypes.map((objectType): PlannedGrant => ({
      kind: "grant",
      key: `${OBJECT_TYPE_PLURAL[objectType]}-${s}`,
      objectType,
      schema,
      privileges: [...readPrivileges[objectType]!],
    })),
  ];
}

/** What `owner` creates later in `schema` is readable: one entry per object type. */
function planDefaultPrivileges(
  { readPrivileges }: PlanInputs,
  owner: string,
  schema: string,
  readTypes: readonly ReadObjectType[],
): PlannedDefaultPrivileges[] {
  return readTypes.map((objectType) => ({
    kind: "defaultPrivileges",
    key: `defaults-${identifierKey(owner)}-${identifierKey(schema)}-${OBJECT_TYPE_PLURAL[objectType]}`,
    owner,
    schema,
    objectType,
    privileges: [...readPrivileges[objectType]!],
  }));
}

/**
 * CDC last: the publication must exist before the slot (pgoutput looks publications up as of the slot's
 * start), and on destroy the privilege goes first, then the slot, then the publication.
 */
function planCdc({ cdc }: PlanInputs): PlannedPostgresResource[] {
  if (!cdc) return [];
  const out: PlannedPostgresResource[] = [];
  if (cdc.publicationName !== undefined) {
    out.push({ kind: "publication", key: "cdc-publication", name: cdc.publicationName, tables: [...cdc.tables] });
  }
  out.push({ kind: "replicationSlot", key: "cdc-slot", name: cdc.slotName, plugin: cdc.plugin });
  if (cdc.replicationPrivilege === "rds_replication") {
    out.push({ kind: "roleMembership", key: "cdc-rds-replication", grantRole: "rds_replication" });
  }
  return out;
}
