/**
 * Whaly BI reading an existing Amazon RDS for PostgreSQL instance, read-only.
 *
 * Declares Whaly's login role `whaly_bi` (generated password), CONNECT on the database, USAGE and SELECT
 * on the configured schemas (tables, views, sequences) with default privileges for later tables, and a
 * dedicated security group holding one ingress rule per Whaly CIDR. Whaly publishes 36 CIDRs: more than
 * half of AWS's default quota of 60 inbound rules per group, so they get a group of their own instead of
 * crowding the database's group. Attach that group to the instance (see README).
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

// The existing instance and its VPC (through its subnet group).
const db = aws.rds.getInstanceOutput({ dbInstanceIdentifier: config.require("dbInstanceIdentifier") }, { provider: awsProvider });
const subnetGroup = aws.rds.getSubnetGroupOutput({ name: db.dbSubnetGroup }, { provider: awsProvider });

// The dedicated group: no inline rules (the component adds one standalone rule per CIDR; mixing both
// styles on one group makes them fight).
const whalyAccess = new aws.ec2.SecurityGroup(
  "whaly-access",
  {
    vpcId: subnetGroup.vpcId,
    description: "Whaly BI egress IPs to PostgreSQL (managed by pg-vendor-access)",
    tags: { "managed-by": "pg-vendor-access", vendor: "whaly" },
  },
  { provider: awsProvider },
);

// Explicit provider: TLS, and superuser false because the RDS master user is not a PostgreSQL superuser.
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

const whaly = new PostgresVendorAccess(
  "whaly",
  {
    vendor: "whaly",
    database,
    readSchemas: config.getObject<string[]>("readSchemas") ?? ["public"],
    tableOwners: config.getObject<string[]>("tableOwners") ?? [],
    securityGroupId: whalyAccess.id,
    host: db.address,
    port,
    connectionLimit: 5,
  },
  { providers: { postgresql: pg, aws: awsProvider } },
);

/** Paste into Whaly's Postgres warehouse form: `pulumi stack output whalyConnection --show-secrets`. */
export const whalyConnection = whaly.connection;
export const whalyRole = whaly.roleName;
export const whalyIngressRuleIds = whaly.ingressRuleIds;
/** Add this group to the instance's security groups. */
export const whalySecurityGroupId = whalyAccess.id;
export const instanceSecurityGroupIds = db.vpcSecurityGroups;
