/**
 * Three vendors on one existing Amazon RDS for PostgreSQL database, one component each:
 *
 * - Census (reverse ETL, a writer): role `census`, bookkeeping schema `census`, SELECT and EXECUTE;
 * - Airbyte Cloud (ELT with CDC, a reader): role `airbyte`, SELECT, publication + pgoutput slot, rds_replication;
 * - Metabase Cloud (BI, a reader): role `metabase`, SELECT.
 *
 * Every vendor gets its own login role and password, so each can be revoked alone. All ingress rules go to one
 * dedicated security group (2 + 9 + 3 rules), attached to the instance. The components chain their PostgreSQL
 * changes one after another per database, so grants on the same schemas never run concurrently.
 */
import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "pg-vendor-access";

const config = new pulumi.Config();
// The component takes the port as a plain number (its rule names derive from it); the provider below checks
// it against the port the instance really listens on.
const port = config.getNumber("port") ?? 5432;
const database = config.get("database") || "analytics";
const readSchemas = config.getObject<string[]>("readSchemas") ?? ["public"];
const tableOwners = config.getObject<string[]>("tableOwners") ?? [];

const awsProvider = new aws.Provider("aws", { region: new pulumi.Config("aws").require("region") as aws.Region });
const db = aws.rds.getInstanceOutput({ dbInstanceIdentifier: config.require("dbInstanceIdentifier") }, { provider: awsProvider });
const subnetGroup = aws.rds.getSubnetGroupOutput({ name: db.dbSubnetGroup }, { provider: awsProvider });

// One group for all vendor ingress, without inline rules (the components add standalone rules).
const vendorAccess = new aws.ec2.SecurityGroup(
  "vendor-access",
  {
    vpcId: subnetGroup.vpcId,
    description: "SaaS data vendors to PostgreSQL (managed by pg-vendor-access)",
    tags: { "managed-by": "pg-vendor-access" },
  },
  { provider: awsProvider },
);

// TLS (Census and Airbyte require it); superuser false because the RDS master user is not a superuser.
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

const providers = { providers: { postgresql: pg, aws: awsProvider } };
const common: Omit<PostgresVendorAccessArgs, "vendor"> = {
  database,
  readSchemas,
  tableOwners,
  securityGroupId: vendorAccess.id,
  host: db.address,
  port,
  connectionLimit: 10,
};

const census = new PostgresVendorAccess("census", { ...common, vendor: "census", region: config.get("censusRegion") || "us-east-1" }, providers);

const airbyte = new PostgresVendorAccess(
  "airbyte",
  {
    ...common,
    vendor: "airbyte",
    region: config.get("airbyteRegion") || "us",
    cdc: { replicationPrivilege: "rds_replication", tables: config.requireObject<string[]>("cdcTables") },
  },
  providers,
);

const metabase = new PostgresVendorAccess("metabase", { ...common, vendor: "metabase", region: config.get("metabaseRegion") || "us-east-1" }, providers);

/** One connection per vendor form: `pulumi stack output connections --show-secrets`. */
export const connections = { census: census.connection, airbyte: airbyte.connection, metabase: metabase.connection };
export const airbyteCdc = airbyte.plan.cdc;
export const censusBookkeepingSchemas = census.managedSchemas;
/** Add this group to the instance's security groups. */
export const vendorSecurityGroupId = vendorAccess.id;
export const ingressRuleCount = pulumi
  .all([census.ingressRuleIds, airbyte.ingressRuleIds, metabase.ingressRuleIds])
  .apply((lists) => lists.reduce((n, ids) => n + ids.length, 0));
