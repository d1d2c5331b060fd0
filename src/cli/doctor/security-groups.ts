/** Security-group checks: rules admitting each vendor CIDR on the port (prefix lists expanded) and the rule quota. */
import { DescribeManagedPrefixListsCommand, EC2Client, paginateDescribeSecurityGroupRules, paginateGetManagedPrefixListEntries, type SecurityGroupRule } from "@aws-sdk/client-ec2";
import { SECURITY_GROUP_INBOUND_RULE_QUOTA } from "../../plan";
import { coverage, cidrRange, type AddressRange } from "./ip";
import { type DoctorFinding, type DoctorTarget } from "./types";
import { FILTER_CHUNK, aws } from "./aws";

export async function securityGroupRules(ec2: EC2Client, groupIds: string[]): Promise<SecurityGroupRule[]> {
  const rules: SecurityGroupRule[] = [];
  for (let i = 0; i < groupIds.length; i += FILTER_CHUNK) {
    const chunk = groupIds.slice(i, i + FILTER_CHUNK);
    await aws("ec2:DescribeSecurityGroupRules", async () => {
      for await (const page of paginateDescribeSecurityGroupRules({ client: ec2 }, { Filters: [{ Name: "group-id", Values: chunk }] })) {
        rules.push(...(page.SecurityGroupRules ?? []));
      }
    });
  }
  return rules.filter((r) => r.IsEgress !== true);
}

export interface PrefixListSize {
  maxEntries: number;
  family: "ipv4" | "ipv6";
}

/** Entries and max entries of every prefix list an inbound rule references. */
export async function expandPrefixLists(
  ec2: EC2Client,
  rules: SecurityGroupRule[],
): Promise<{ entries: Map<string, string[]>; maxEntries: Map<string, PrefixListSize> }> {
  const ids = [...new Set(rules.map((r) => r.PrefixListId).filter((p): p is string => !!p))].sort();
  const entries = new Map<string, string[]>();
  const maxEntries = new Map<string, PrefixListSize>();
  if (ids.length === 0) return { entries, maxEntries };
  for (const id of ids) {
    const cidrs: string[] = [];
    await aws("ec2:GetManagedPrefixListEntries", async () => {
      for await (const page of paginateGetManagedPrefixListEntries({ client: ec2 }, { PrefixListId: id })) {
        cidrs.push(...(page.Entries ?? []).map((e) => e.Cidr).filter((c): c is string => !!c));
      }
    });
    entries.set(id, cidrs);
  }
  await aws("ec2:DescribeManagedPrefixLists", async () => {
    let token: string | undefined;
    do {
      const page = await ec2.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: ids, ...(token ? { NextToken: token } : {}) }));
      for (const list of page.PrefixLists ?? []) {
        if (list.PrefixListId && list.MaxEntries !== undefined) {
          maxEntries.set(list.PrefixListId, { maxEntries: list.MaxEntries, family: list.AddressFamily === "IPv6" ? "ipv6" : "ipv4" });
        }
      }
      token = page.NextToken;
    } while (token);
  });
  return { entries, maxEntries };
}

export function securityGroupsFinding(target: DoctorTarget, rules: SecurityGroupRule[]): DoctorFinding {
  if (target.securityGroupIds.length === 0) {
    return { check: "security-groups", ok: false, severity: "error", detail: `${target.kind} ${target.id} has no active VPC security groups, so nothing admits ${target.vendorName}.` };
  }
  return {
    check: "security-groups",
    ok: true,
    severity: "info",
    detail: `${target.securityGroupIds.join(", ")}: ${rules.length} inbound rule${rules.length === 1 ? "" : "s"}.`,
  };
}

/** A rule's sources as address ranges (its CIDR, or every entry of its prefix list). */
export function ruleSources(rule: SecurityGroupRule, prefixLists: Map<string, string[]>): { range: AddressRange; via: string }[] {
  const out: { range: AddressRange; via: string }[] = [];
  for (const cidr of [rule.CidrIpv4, rule.CidrIpv6]) {
    const range = cidr ? cidrRange(cidr) : undefined;
    if (range) out.push({ range, via: cidr! });
  }
  if (rule.PrefixListId) {
    for (const entry of prefixLists.get(rule.PrefixListId) ?? []) {
      const range = cidrRange(entry);
      if (range) out.push({ range, via: `prefix list ${rule.PrefixListId} entry ${entry}` });
    }
  }
  return out;
}

export function admitsPort(rule: SecurityGroupRule, port: number): boolean {
  const protocol = (rule.IpProtocol ?? "").toLowerCase();
  if (protocol === "-1" || protocol === "all") return true;
  if (protocol !== "tcp" && protocol !== "6") return false;
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

export function describePorts(rule: SecurityGroupRule): string {
  const protocol = (rule.IpProtocol ?? "").toLowerCase();
  if (protocol === "-1" || protocol === "all") return "all traffic";
  const ports = rule.FromPort === rule.ToPort ? `port ${rule.FromPort}` : `ports ${rule.FromPort}-${rule.ToPort}`;
  return `${protocol === "6" ? "tcp" : protocol} ${ports}`;
}

export function ingressFindings(target: DoctorTarget, rules: SecurityGroupRule[], prefixLists: Map<string, string[]>): DoctorFinding[] {
  const onPort = rules.filter((r) => admitsPort(r, target.port));
  const otherPorts = rules.filter((r) => !admitsPort(r, target.port));
  return target.cidrs.map((cidr) => {
    const range = cidrRange(cidr)!;
    const matching = onPort.flatMap((rule) =>
      ruleSources(rule, prefixLists)
        .filter((s) => coverage(range, [s.range]).coverage !== "none")
        .map((s) => ({ rule, ...s })),
    );
    const result = coverage(range, matching.map((m) => m.range));
    const check = `ingress:${cidr}`;
    const by = matching
      .map((m) => `${m.rule.SecurityGroupRuleId ?? "rule"} on ${m.rule.GroupId} (${describePorts(m.rule)} from ${m.via})`)
      .join("; ");
    if (result.coverage === "full") {
      return { check, ok: true, severity: "error", detail: `${cidr} is admitted on port ${target.port} by ${by}.` };
    }
    const total = range.last - range.first + 1n;
    const wrongPort = otherPorts
      .flatMap((rule) => ruleSources(rule, prefixLists).filter((s) => coverage(range, [s.range]).coverage !== "none").map((s) => ({ rule, ...s })))
      .map((m) => `${m.rule.SecurityGroupRuleId ?? "rule"} on ${m.rule.GroupId} admits it on ${describePorts(m.rule)} only`);
    const hint = wrongPort.length > 0 ? ` Wrong port: ${wrongPort.join("; ")}.` : "";
    if (result.coverage === "partial") {
      return {
        check,
        ok: false,
        severity: "error",
        detail: `${cidr} is only partly admitted on port ${target.port}: ${result.covered} of ${total} addresses, by ${by}.${hint}`,
      };
    }
    return {
      check,
      ok: false,
      severity: "error",
      detail: `no inbound rule of ${target.securityGroupIds.join(", ") || "the DB's security groups"} admits ${cidr} on tcp port ${target.port}.${hint}`,
    };
  });
}

/** Inbound rule slots per security group and family: a CIDR or SG reference counts 1, a prefix list its max entries. */
export function quotaFindings(
  target: DoctorTarget,
  rules: SecurityGroupRule[],
  maxEntries: Map<string, PrefixListSize>,
  missing: { cidr: string; family: "ipv4" | "ipv6" }[],
): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  for (const group of target.securityGroupIds) {
    for (const family of ["ipv4", "ipv6"] as const) {
      const own = rules.filter((r) => r.GroupId === group);
      let used = 0;
      const weighted: string[] = [];
      for (const rule of own) {
        if (rule.PrefixListId) {
          // A prefix list holds one address family and counts as its max entries against that family.
          const size = maxEntries.get(rule.PrefixListId) ?? { maxEntries: 1, family: "ipv4" };
          if (size.family === family) {
            used += size.maxEntries;
            weighted.push(`${rule.PrefixListId} counts as its ${size.maxEntries} max entries`);
          }
        } else if (rule.CidrIpv6) {
          if (family === "ipv6") used += 1;
        } else if (family === "ipv4") {
          used += 1;
        }
      }
      const needed = target.securityGroupIds.length === 1 ? missing.filter((c) => c.family === family).length : 0;
      if (used === 0 && needed === 0) continue;
      const label = family === "ipv4" ? "IPv4" : "IPv6";
      const total = used + needed;
      const ok = total <= SECURITY_GROUP_INBOUND_RULE_QUOTA;
      const parts = [`${group} uses ${used} of ${SECURITY_GROUP_INBOUND_RULE_QUOTA} inbound ${label} rule slots (default quota L-0EA8095F)`];
      if (weighted.length > 0) parts.push(`; ${weighted.join(", ")}`);
      if (needed > 0) parts.push(`; the ${needed} missing vendor CIDR${needed === 1 ? "" : "s"} would need ${needed} more`);
      parts.push(ok ? "." : `, over the quota: request an increase or use a dedicated security group for vendor access.`);
      findings.push({ check: `rule-quota:${group}:${family}`, ok, severity: "warning", detail: parts.join("") });
    }
  }
  return findings;
}
