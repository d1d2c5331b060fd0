import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { PostgresVendorAccessArgs } from "./args";
import { declareIngressRules, reserveIngressRules } from "./children/network";
import { declarePostgresChildren } from "./children/postgres";
import { planVendorAccess, type AccessPlan } from "./plan";
import { validateConnectionLimit, validatePassword, validateSecurityGroupId } from "./validate";

/** What the vendor's connection form needs. Exported only as a secret. */
export interface VendorConnection {
  host?: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/**
 * Everything a SaaS data vendor needs to work with one PostgreSQL database, as one deployable unit: its
 * login role and secret password, database and schema grants, SELECT on tables and sequences, default
 * privileges for every table-creating role, the schemas the vendor writes to, and security-group ingress
 * for the vendor's published CIDRs.
 *
 * Children use the `postgresql`, `aws` and `random` providers passed in `opts.providers`.
 */
export class PostgresVendorAccess extends pulumi.ComponentResource {
  /** Type token of the component. */
  static readonly __pulumiType = "pg-vendor-access:index:PostgresVendorAccess";

  /** The normalized plan the children were declared from (plain data, no secrets). */
  public readonly plan!: AccessPlan;
  /** The vendor's login role name. */
  public readonly roleName!: pulumi.Output<string>;
  /** The vendor role's password (secret). */
  public readonly password!: pulumi.Output<string>;
  /** Vendor-writable schemas the component declared, e.g. `["__segment_reverse_etl"]`; empty for read-only vendors. */
  public readonly managedSchemas!: pulumi.Output<string[]>;
  /** IDs of the security-group ingress rules (empty without `securityGroupId`). */
  public readonly ingressRuleIds!: pulumi.Output<string[]>;
  /** Host (when given), port, database, user and password for the vendor's form (secret). */
  public readonly connection!: pulumi.Output<VendorConnection>;
  /** The role resource, for `dependsOn` in programs that grant it more. */
  public readonly role!: postgresql.Role;
  /** The ingress rule resources. */
  public readonly ingressRules!: aws.vpc.SecurityGroupIngressRule[];

  constructor(name: string, args: PostgresVendorAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate and plan before registering anything: bad input must not leave a half-declared component.
    const plan = planVendorAccess(args);
    const networkWarnings = reserveIngressRules(name, plan, args.securityGroupId);
    super(PostgresVendorAccess.__pulumiType, name, {}, opts);
    this.plan = plan;
    for (const warning of [...plan.warnings, ...networkWarnings]) pulumi.log.warn(warning, this);

    const password =
      args.password === undefined
        ? new random.RandomPassword(
            `${name}-password`,
            // Letters, digits and URL-safe symbols only: no backslash (the provider doubles it), nothing
            // that needs escaping in a connection URL.
            { length: 40, special: true, overrideSpecial: "-_.~", minLower: 2, minUpper: 2, minNumeric: 2 },
            { parent: this },
          ).result
        : pulumi.output(args.password).apply(validatePassword);
    const secretPassword = pulumi.secret(password);
    // Plain values were validated by the planner; Outputs are validated when they resolve, as the password
    // is, so a bad value fails the deployment with the argument named instead of reaching the provider.
    const connectionLimit =
      args.connectionLimit === undefined || typeof args.connectionLimit === "number"
        ? args.connectionLimit
        : pulumi.output(args.connectionLimit).apply((limit) => validateConnectionLimit(limit) ?? -1);
    const securityGroupId =
      args.securityGroupId === undefined || typeof args.securityGroupId === "string"
        ? args.securityGroupId
        : pulumi.output(args.securityGroupId).apply((id) => validateSecurityGroupId(id, true));

    const postgresChildren = declarePostgresChildren(name, plan, { password: secretPassword, connectionLimit }, this);
    const ingressRules = securityGroupId === undefined ? [] : declareIngressRules(name, plan, securityGroupId, this);

    this.role = postgresChildren.role;
    this.ingressRules = ingressRules;
    this.roleName = postgresChildren.role.name;
    this.password = secretPassword;
    this.managedSchemas = pulumi.output(postgresChildren.managedSchemas.map((s) => s.name));
    this.ingressRuleIds = pulumi.output(ingressRules.map((r) => r.id));
    this.connection = pulumi.secret(
      pulumi.all([args.host, postgresChildren.role.name, secretPassword]).apply(([host, user, pw]) => ({
        ...(host ? { host } : {}),
        port: plan.port,
        database: plan.database,
        user,
        password: pw,
      })),
    );

    this.registerOutputs({
      roleName: this.roleName,
      password: this.password,
      managedSchemas: this.managedSchemas,
      ingressRuleIds: this.ingressRuleIds,
      connection: this.connection,
    });
  }
}
