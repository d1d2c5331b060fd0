/**
 * The network part of a plan in words a DBA can act on: the security-group ingress rules the component
 * declares, as equivalent `aws ec2 authorize-security-group-ingress` commands in SQL comment lines (the SQL
 * script cannot open a port), or, without a security group, the CIDRs the vendor connects from.
 */
import type { AccessPlan } from "./plan";

/** Placeholder when the security group id is not known as plain text (e.g. a Pulumi output). */
export const SECURITY_GROUP_PLACEHOLDER = "<security-group-id>";

/** Keeps text from breaking out of a `--` comment line or a shell word. */
function commentSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._:/-]/g, "_");
}

/** One `aws ec2 authorize-security-group-ingress` command per planned rule. */
export function ingressCommands(plan: AccessPlan, securityGroupId: string | undefined): string[] {
  const group = securityGroupId === undefined ? SECURITY_GROUP_PLACEHOLDER : commentSafe(securityGroupId);
  return plan.ingress.map((rule) => {
    const range = rule.family === "ipv4" ? `IpRanges=[{CidrIp=${rule.cidr}}]` : `Ipv6Ranges=[{CidrIpv6=${rule.cidr}}]`;
    return `aws ec2 authorize-security-group-ingress --group-id ${group} --ip-permissions 'IpProtocol=tcp,FromPort=${rule.port},ToPort=${rule.port},${range}'`;
  });
}

/** The network section of the SQL script: comment lines only. */
export function networkComments(plan: AccessPlan, securityGroupId: string | undefined): string[] {
  if (plan.ingress.length > 0) {
    const n = plan.ingress.length;
    return [
      `-- Network (not done by this SQL): the component also declares ${n} security-group ingress rule${n === 1 ? "" : "s"}.`,
      "-- Equivalent AWS CLI commands:",
      ...ingressCommands(plan, securityGroupId).map((c) => `--   ${c}`),
    ];
  }
  if (plan.cidrs.length === 0) return ["-- Network: no vendor CIDRs and no security-group rules."];
  return [
    `-- Network: no security-group rules (securityGroupId is not set); allow the vendor's CIDRs on port ${plan.port} yourself:`,
    ...plan.cidrs.map((c) => `--   ${c.cidr}`),
  ];
}
