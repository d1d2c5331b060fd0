/**
 * Census reverse ETL reading an existing Amazon RDS for PostgreSQL instance: a writer vendor.
 *
 * Declares Census's login role `census` (generated password), its private bookkeeping schema `census`
 * owned by that role (where Census writes 2 or 3 tables per sync), USAGE, SELECT on tables and EXECUTE on
 * functions of the configured schemas with default privileges for later objects, and one ingress rule per
 * Census egress IP of the chosen region. `censusMode: read-only` skips the bookkeeping schema.
 */
import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { PostgresVendorAccess } from "pg-vendor-access";

const config = new pulumi.Config();
// The component takes the port as a plain number (its rule names derive from it); the provider below checks
// it against the port the instance really listens on.
const port = config.getNumber("port") ?? 5432;
const database = config.get("database") || "analytics";

const awsProvider = new aws.Provider("aws", { region: new pulumi.Config("aws").require("region") as aws.Region });
const db = aws.rds.getInstanceOutput({ dbInstanceIdentifier: config.require("dbInstanceIdentifier") }, { provider: awsProvider });

// Census refuses to connect without TLS; the provider uses it too. superuser: false because the RDS master
// user is not a PostgreSQL superuser.
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
      throw new Error(`securityGroupId: the instance has ${groups.length} security groups (${groups.join(", ")}); set the one for Census with \`pulumi config set securityGroupId sg-...\`.`);
    }
    return groups[0];
  });

const census = new PostgresVendorAccess(
  "census",
  {
    vendor: "census",
    mode: config.get("censusMode") || "standard",
    region: config.get("censusRegion") || "us-east-1",
    database,
    readSchemas: config.getObject<string[]>("readSchemas") ?? ["public"],
    tableOwners: config.getObject<string[]>("tableOwners") ?? [],
    securityGroupId,
    host: db.address,
    port,
    connectionLimit: 10,
    // Keep Census's sync state if the integration is torn down and set up again.
    managedSchemaOnDestroy: "retain",
  },
  { providers: { postgresql: pg, aws: awsProvider } },
);

/** Paste into Census's PostgreSQL source form: `pulumi stack output censusConnection --show-secrets`. */
export const censusConnection = census.connection;
export const censusRole = census.roleName;
export const censusBookkeepingSchemas = census.managedSchemas;
export const censusIngressRuleIds = census.ingressRuleIds;
