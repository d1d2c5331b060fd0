/**
 * Airbyte Cloud reading an existing Amazon RDS for PostgreSQL instance with change data capture: a CDC reader.
 *
 * Declares Airbyte's login role (generated password), USAGE and SELECT on the configured schemas with
 * default privileges, the publication `airbyte_publication` of the configured tables, the logical
 * replication slot `airbyte_slot` (pgoutput), membership of `rds_replication` for the role, and one
 * ingress rule per Airbyte egress IP. The instance must already run with `rds.logical_replication = 1`.
 */
import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { PostgresVendorAccess, type ReplicationPrivilege } from "pg-vendor-access";

const config = new pulumi.Config();
// The component takes the port as a plain number (its rule names derive from it); the provider below checks
// it against the port the instance really listens on.
const port = config.getNumber("port") ?? 5432;
const database = config.get("database") || "analytics";

const awsProvider = new aws.Provider("aws", { region: new pulumi.Config("aws").require("region") as aws.Region });
const db = aws.rds.getInstanceOutput({ dbInstanceIdentifier: config.require("dbInstanceIdentifier") }, { provider: awsProvider });

// Slots exist only on the primary: refuse a read replica early.
db.replicateSourceDb.apply((source) => {
  if (source) {
    throw new Error(`dbInstanceIdentifier: the instance is a read replica of ${source}; Airbyte CDC must connect to the primary.`);
  }
});

// Airbyte Cloud cannot disable SSL. superuser: false because the RDS master user (rds_superuser) is not a
// PostgreSQL superuser; it can still grant rds_replication and create slots.
const pg = new postgresql.Provider("analytics", {
  host: db.address,
  // dbInstancePort is the instance's listener (`port` is meant for Aurora cluster endpoints).
  port: db.dbInstancePort.apply((actual) => {
    if (actual !== port) throw new Error(`port: the instance listens on ${actual}, but the stack says ${port}; run \`pulumi config set port ${actual}\`.`);
    return actual;
  }),
  database,
  username: config.get("adminUser") || db.masterUsername,
  password: config.requireSecret("adminPassword"),
  sslmode: "require",
  superuser: false,
});

const securityGroupId: pulumi.Input<string> =
  config.get("securityGroupId") ||
  db.vpcSecurityGroups.apply((groups) => {
    if (groups.length !== 1) {
      throw new Error(`securityGroupId: the instance has ${groups.length} security groups (${groups.join(", ")}); set the one for Airbyte with \`pulumi config set securityGroupId sg-...\`.`);
    }
    return groups[0];
  });

const airbyte = new PostgresVendorAccess(
  "airbyte",
  {
    vendor: "airbyte",
    region: config.get("airbyteRegion") || "us",
    database,
    readSchemas: config.getObject<string[]>("readSchemas") ?? ["public"],
    tableOwners: config.getObject<string[]>("tableOwners") ?? [],
    securityGroupId,
    host: db.address,
    port,
    connectionLimit: 10,
    cdc: {
      replicationPrivilege: (config.get("replicationPrivilege") || "rds_replication") as ReplicationPrivilege,
      tables: config.requireObject<string[]>("cdcTables"),
      // slotName and publicationName default to Airbyte's documented airbyte_slot / airbyte_publication.
    },
  },
  { providers: { postgresql: pg, aws: awsProvider } },
);

/** Paste into Airbyte's Postgres source form: `pulumi stack output airbyteConnection --show-secrets`. */
export const airbyteConnection = airbyte.connection;
export const airbyteRole = airbyte.roleName;
/** Replication method "Read Changes using Write-Ahead Log (CDC)": enter these two names. */
export const airbyteReplicationSlot = airbyte.plan.cdc?.slotName;
export const airbytePublication = airbyte.plan.cdc?.publicationName;
export const airbyteIngressRuleIds = airbyte.ingressRuleIds;
