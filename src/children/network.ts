import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../validate";
import { SECURITY_GROUP_INBOUND_RULE_QUOTA, type AccessPlan } from "../plan";

/** Rules declared so far per known security-group id, across components: `${port}|${cidr}` -> component name. */
const rulesBySecurityGroup = new Map<string, Map<string, string>>();

/** Forgets declared rules; for tests that build several programs in one process. */
export function resetDeclaredRules(): void {
  rulesBySecurityGroup.clear();
}

/**
 * Records the plan's rules against the other components of the program when the security group id is a
 * plain string: AWS refuses a duplicate rule (same CIDR and port) and counts every component's rules
 * against the group's quota. Throws on a duplicate; returns quota warnings. Runs before anything is
 * registered.
 */
export function reserveIngressRules(name: string, plan: AccessPlan, securityGroupId: pulumi.Input<string> | undefined): string[] {
  if (typeof securityGroupId !== "string" || plan.ingress.length === 0) return [];
  const declared = rulesBySecurityGroup.get(securityGroupId) ?? new Map<string, string>();
  for (const rule of plan.ingress) {
    const other = declared.get(`${rule.port}|${rule.cidr}`);
    if (other !== undefined) {
      throw new ArgumentError(
        "securityGroupId",
        `${securityGroupId} already allows ${rule.cidr} on port ${rule.port} through component "${other}"; AWS refuses duplicate rules. Give each vendor its own security group, or remove the CIDR from one of them.`,
      );
    }
  }
  for (const rule of plan.ingress) declared.set(`${rule.port}|${rule.cidr}`, name);
  rulesBySecurityGroup.set(securityGroupId, declared);
  const warnings: string[] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const total = [...declared.keys()].filter((k) => k.includes(":") === (family === "ipv6")).length;
    const own = plan.ingress.filter((r) => r.family === family).length;
    // A component over the quota on its own was already warned about by the planner.
    if (total > SECURITY_GROUP_INBOUND_RULE_QUOTA && own > 0 && own <= SECURITY_GROUP_INBOUND_RULE_QUOTA) {
      warnings.push(
        `Security group ${securityGroupId} would hold ${total} ${family === "ipv4" ? "IPv4" : "IPv6"} inbound rules from pg-vendor-access components, over AWS's default quota of ${SECURITY_GROUP_INBOUND_RULE_QUOTA}; request an increase (quota L-0EA8095F) or give vendors a dedicated security group.`,
      );
    }
  }
  return warnings;
}

/** One `aws.vpc.SecurityGroupIngressRule` per planned rule, named from its port and CIDR. */
export function declareIngressRules(
  name: string,
  plan: AccessPlan,
  securityGroupId: pulumi.Input<string>,
  parent: pulumi.Resource,
): aws.vpc.SecurityGroupIngressRule[] {
  return plan.ingress.map(
    (rule) =>
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${rule.key}`,
        {
          securityGroupId,
          ipProtocol: "tcp",
          fromPort: rule.port,
          toPort: rule.port,
          ...(rule.family === "ipv4" ? { cidrIpv4: rule.cidr } : { cidrIpv6: rule.cidr }),
          description: rule.description,
          tags: { "managed-by": "pg-vendor-access", vendor: plan.vendorId },
        },
        { parent },
      ),
  );
}
