/**
 * Segment Reverse ETL reading an existing Amazon RDS for PostgreSQL instance.
 *
 * Declares Segment's login role (generated password), CONNECT and CREATE on the database, its bookkeeping
 * schema `__segment_reverse_etl`, read grants and default privileges on the configured schemas, and one
 * ingress rule per Segment egress CIDR on the database's security group. Exports what Segment's
 * "Add Postgres source" form asks for.
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

// The existing instance, looked up by identifier: address, port, master user and security groups.
const db = aws.rds.getInstanceOutput({ dbInstanceIdentifier: config.require("dbInstanceIdentifier") }, { provider: awsProvider });

// Segment connects over the internet and only with TLS: the instance must be publicly accessible.
db.publiclyAccessible.apply((isPublic) => {
  if (!isPublic) {
    void pulumi.log.warn("The RDS instance is not publicly accessible; Segment cannot reach it until it is (modify the instance, then check its subnets' routes).");
  }
});

// Explicit provider: TLS, and superuser false because the RDS master user is not a PostgreSQL superuser.
// It connects to the application database, where role deletion (REASSIGN/DROP OWNED) must run.
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

// An explicit group is safer than the instance's list: a change in that list would replace every rule.
const securityGroupId: pulumi.Input<string> =
  config.get("securityGroupId") ||
  db.vpcSecurityGroups.apply((groups) => {
    if (groups.length !== 1) {
      throw new Error(`securityGroupId: the instance has ${groups.length} security groups (${groups.join(", ")}); set the one for Segment with \`pulumi config set securityGroupId sg-...\`.`);
    }
    return groups[0];
  });

const segment = new PostgresVendorAccess(
  "segment",
  {
    vendor: "segment",
    region: config.get("segmentRegion") || "us",
    database,
    readSchemas: config.getObject<string[]>("readSchemas") ?? ["public"],
    tableOwners: config.getObject<string[]>("tableOwners") ?? [],
    securityGroupId,
    host: db.address,
    port,
    connectionLimit: 10,
  },
  { providers: { postgresql: pg, aws: awsProvider } },
);

/** Paste into Segment's Postgres source form: `pulumi stack output segmentConnection --show-secrets`. */
export const segmentConnection = segment.connection;
export const segmentRole = segment.roleName;
export const segmentManagedSchemas = segment.managedSchemas;
export const segmentIngressRuleIds = segment.ingressRuleIds;
