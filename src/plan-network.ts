/**
 * The network part of the plan: one security-group ingress rule per vendor CIDR (when a security group is
 * given), each with a description a human can read in the AWS console, and the quota warning.
 */
import { cidrKey } from "./cidr";
import type { PlanInputs } from "./plan-inputs";
import type { PlannedIngressRule } from "./plan-types";

/** AWS's default quota of inbound rules per security group, counted separately for IPv4 and IPv6. */
export const SECURITY_GROUP_INBOUND_RULE_QUOTA = 60;

/** Characters AWS accepts in a security-group rule description (the VPC guide's list, without `&`). */
const DESCRIPTION_DISALLOWED = /[^A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/g;

/** Makes a rule description AWS accepts: allowed characters only, at most 255. */
export function ruleDescription(text: string): string {
  return text.replace(DESCRIPTION_DISALLOWED, " ").replace(/\s+/g, " ").trim().slice(0, 255);
}

/** Rules keyed by port and CIDR (never by position), present only when a security group was given. */
export function planIngressRules({ networkRequested, cidrs, port, vendorName }: PlanInputs): PlannedIngressRule[] {
  if (!networkRequested) return [];
  return cidrs.map((c) => ({
    ...c,
    key: `ingress-${port}-${cidrKey(c.cidr)}`,
    port,
    description: ruleDescription(`${vendorName} (${c.source === "extraCidrs" ? "extraCidrs" : `region ${c.source}`}) to PostgreSQL port ${port}`),
  }));
}

/** A warning per address family whose rules exceed AWS's default quota. */
export function ingressQuotaWarnings(ingress: PlannedIngressRule[]): string[] {
  return (["ipv4", "ipv6"] as const).flatMap((family) => {
    const count = ingress.filter((r) => r.family === family).length;
    return count > SECURITY_GROUP_INBOUND_RULE_QUOTA
      ? [
          `${count} ${family === "ipv4" ? "IPv4" : "IPv6"} ingress rules exceed AWS's default quota of ${SECURITY_GROUP_INBOUND_RULE_QUOTA} inbound rules per security group; request an increase (quota L-0EA8095F) or use a dedicated security group.`,
        ]
      : [];
  });
}
