/**
 * The fix for each `check` result that is not a pass: one sentence saying what to change and what to run,
 * shown under the result in the human report and as `fix` in JSON. Pure.
 */
import { quoteIdent } from "../sql";

const REFRESH = "pulumi up --refresh";

export const fixes = {
  role: (roleName: string) => `connect with the vendor's own credentials (user ${quoteIdent(roleName)}, from the component's connection output)`,
  database: (database: string) => `connect to database ${quoteIdent(database)}, or pass --database with the database the component was deployed for`,
  databasePrivilege: (privilege: string, database: string) =>
    `run ${REFRESH}; the grant only takes effect when the Pulumi admin owns database ${quoteIdent(database)} (or is a member of its owner), see README "Admin prerequisites"`,
  schemaMissing: (schema: string) => `create schema ${quoteIdent(schema)}, or remove it from readSchemas`,
  usage: (schema: string) => `make sure ${quoteIdent(schema)} is in readSchemas and run ${REFRESH}`,
  /**
   * Objects the vendor cannot read: when their owners are not listed in tableOwners, that is the cause (the
   * tables were created after the deployment by a role the default privileges do not cover).
   */
  objects: (schema: string, unlistedOwners: readonly string[]) =>
    unlistedOwners.length > 0
      ? `they are owned by ${unlistedOwners.map(quoteIdent).join(", ")}, which ${unlistedOwners.length === 1 ? "is" : "are"} not in tableOwners: add ${unlistedOwners.length === 1 ? "it" : "them"} and run ${REFRESH} (the refresh grants the existing objects, the default privileges cover later ones)`
      : `run ${REFRESH} to grant the objects in ${quoteIdent(schema)} again`,
  ownerMissing: (owner: string) => `create role ${quoteIdent(owner)}, or remove it from tableOwners`,
  defaults: (owner: string) => `run ${REFRESH} to declare the default privileges for ${quoteIdent(owner)} again`,
  managedMissing: (schema: string) => `run pulumi up: the component creates ${quoteIdent(schema)} owned by the vendor role`,
  managedWrite: (schema: string, roleName: string) =>
    `the vendor must own ${quoteIdent(schema)}: run ${REFRESH} (or ALTER SCHEMA ${quoteIdent(schema)} OWNER TO ${quoteIdent(roleName)})`,
  tls: () => "connect with sslmode=verify-full and sslrootcert=<CA file> (for RDS the RDS CA bundle); enable TLS on the server if it is off",
  attributes: (roleName: string, attributes: readonly string[]) =>
    `ALTER ROLE ${quoteIdent(roleName)} ${attributes.map((a) => `NO${a}`).join(" ")}; then run ${REFRESH}`,
  memberships: (roleName: string, roles: readonly string[]) => `REVOKE ${roles.map(quoteIdent).join(", ")} FROM ${quoteIdent(roleName)}`,
  databaseCreate: (database: string, roleName: string) => `REVOKE CREATE ON DATABASE ${quoteIdent(database)} FROM ${quoteIdent(roleName)} (and FROM PUBLIC if granted there)`,
  schemaCreate: (schema: string, roleName: string) => `REVOKE CREATE ON SCHEMA ${quoteIdent(schema)} FROM ${quoteIdent(roleName)} (and FROM PUBLIC if granted there)`,
  writes: (schema: string, roleName: string, sequences: boolean) =>
    sequences
      ? `REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA ${quoteIdent(schema)} FROM ${quoteIdent(roleName)}, then run ${REFRESH}`
      : `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${quoteIdent(schema)} FROM ${quoteIdent(roleName)}, then run ${REFRESH}`,
  defaultWrites: (owner: string, schema: string | null, objectKeyword: string, privileges: readonly string[], roleName: string) =>
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(owner)}${schema === null ? "" : ` IN SCHEMA ${quoteIdent(schema)}`} REVOKE ${privileges.join(", ")} ON ${objectKeyword} FROM ${quoteIdent(roleName)}`,
  otherSchema: (schema: string, roleName: string) =>
    `REVOKE ALL ON SCHEMA ${quoteIdent(schema)} FROM ${quoteIdent(roleName)} (and FROM PUBLIC if granted there), or add it to readSchemas if the vendor should read it`,
};
