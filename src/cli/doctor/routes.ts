/** Subnet checks: a route to an internet gateway, and network ACLs admitting the vendor and its replies. */
import { EC2Client, paginateDescribeNetworkAcls, paginateDescribeRouteTables, type NetworkAcl, type NetworkAclEntry, type RouteTable } from "@aws-sdk/client-ec2";
import { cidrRange, subtractRange, type AddressRange } from "./ip";
import { type DoctorFinding, type DoctorTarget } from "./types";
import { FILTER_CHUNK, aws } from "./aws";

export async function routeFindings(ec2: EC2Client, target: DoctorTarget, anyPublic: boolean, needIpv6: boolean): Promise<DoctorFinding[]> {
  const severity = anyPublic ? ("error" as const) : ("warning" as const);
  if (target.subnetIds.length === 0) {
    return [{ check: "routes", ok: false, severity: "warning", detail: `${target.kind} ${target.id} reports no DB subnet group subnets, so routing was not checked.` }];
  }
  const tables: RouteTable[] = [];
  for (let i = 0; i < target.subnetIds.length; i += FILTER_CHUNK) {
    const chunk = target.subnetIds.slice(i, i + FILTER_CHUNK);
    await aws("ec2:DescribeRouteTables", async () => {
      for await (const page of paginateDescribeRouteTables({ client: ec2 }, { Filters: [{ Name: "association.subnet-id", Values: chunk }] })) {
        tables.push(...(page.RouteTables ?? []));
      }
    });
  }
  let main: RouteTable | undefined;
  const needMain = target.subnetIds.some((s) => !tables.some((t) => t.Associations?.some((a) => a.SubnetId === s)));
  if (needMain && target.vpcId) {
    await aws("ec2:DescribeRouteTables", async () => {
      for await (const page of paginateDescribeRouteTables(
        { client: ec2 },
        { Filters: [{ Name: "vpc-id", Values: [target.vpcId!] }, { Name: "association.main", Values: ["true"] }] },
      )) {
        main ??= page.RouteTables?.[0];
      }
    });
  }
  const why = anyPublic ? "" : " (matters only if the database is made publicly accessible)";
  return target.subnetIds.map((subnet) => {
    const own = tables.find((t) => t.Associations?.some((a) => a.SubnetId === subnet));
    const table = own ?? main;
    const check = `route:${subnet}`;
    if (!table) return { check, ok: false, severity, detail: `no route table found for ${subnet}${why}.` };
    const which = own ? `route table ${table.RouteTableId}` : `the VPC's main route table ${table.RouteTableId}`;
    const toIgw = (destination: "v4" | "v6") =>
      (table.Routes ?? []).find(
        (r) =>
          (destination === "v4" ? r.DestinationCidrBlock === "0.0.0.0/0" : r.DestinationIpv6CidrBlock === "::/0") &&
          (r.GatewayId ?? "").startsWith("igw-") &&
          r.State !== "blackhole",
      );
    const missing: string[] = [];
    const v4 = toIgw("v4");
    if (!v4) missing.push("0.0.0.0/0");
    const v6 = needIpv6 ? toIgw("v6") : undefined;
    if (needIpv6 && !v6) missing.push("::/0");
    if (missing.length > 0) {
      return { check, ok: false, severity, detail: `${subnet} (${which}) has no ${missing.join(" or ")} route to an internet gateway${why}.` };
    }
    return { check, ok: true, severity, detail: `${subnet} routes 0.0.0.0/0${v6 ? " and ::/0" : ""} to ${v4!.GatewayId} (${which}).` };
  });
}

/** Ports the vendor's side of a connection may use; replies from the DB go there. */
export const EPHEMERAL_FROM = 1024;
export const EPHEMERAL_TO = 65535;
/** The rule number AWS shows for a NACL's final catch-all deny (`*`). */
export const NACL_DEFAULT_RULE = 32767;

export async function naclFindings(ec2: EC2Client, target: DoctorTarget, anyPublic: boolean): Promise<DoctorFinding[]> {
  if (target.subnetIds.length === 0) return [];
  const severity = anyPublic ? ("error" as const) : ("warning" as const);
  const acls: NetworkAcl[] = [];
  for (let i = 0; i < target.subnetIds.length; i += FILTER_CHUNK) {
    const chunk = target.subnetIds.slice(i, i + FILTER_CHUNK);
    await aws("ec2:DescribeNetworkAcls", async () => {
      for await (const page of paginateDescribeNetworkAcls({ client: ec2 }, { Filters: [{ Name: "association.subnet-id", Values: chunk }] })) {
        acls.push(...(page.NetworkAcls ?? []));
      }
    });
  }
  let defaultAcl: NetworkAcl | undefined;
  const needDefault = target.subnetIds.some((s) => !acls.some((a) => a.Associations?.some((x) => x.SubnetId === s)));
  if (needDefault && target.vpcId) {
    await aws("ec2:DescribeNetworkAcls", async () => {
      for await (const page of paginateDescribeNetworkAcls(
        { client: ec2 },
        { Filters: [{ Name: "vpc-id", Values: [target.vpcId!] }, { Name: "default", Values: ["true"] }] },
      )) {
        defaultAcl ??= page.NetworkAcls?.[0];
      }
    });
  }
  const why = anyPublic ? "" : " (matters only if the database is made publicly accessible)";
  return target.subnetIds.map((subnet) => {
    const acl = acls.find((a) => a.Associations?.some((x) => x.SubnetId === subnet)) ?? defaultAcl;
    const check = `nacl:${subnet}`;
    if (!acl) return { check, ok: false, severity: "warning" as const, detail: `no network ACL found for ${subnet}, so it was not checked.` };
    const problems: string[] = [];
    for (const cidr of target.cidrs) {
      const range = cidrRange(cidr)!;
      const inbound = evaluateNacl(acl.Entries ?? [], false, range, (e) => naclPortMatch(e, target.port, target.port, "allow-all"));
      if (inbound.denied > 0n) {
        problems.push(`inbound tcp ${target.port} from ${cidr} is denied for ${inbound.denied} of ${size(range)} addresses (${ruleList(inbound.rules)})`);
      }
      const outbound = evaluateNacl(acl.Entries ?? [], true, range, (e) =>
        naclPortMatch(e, EPHEMERAL_FROM, EPHEMERAL_TO, e.RuleAction === "allow" ? "allow-all" : "deny-any"),
      );
      if (outbound.denied > 0n) {
        problems.push(
          `outbound replies to ${cidr} on tcp ${EPHEMERAL_FROM}-${EPHEMERAL_TO} are not fully allowed for ${outbound.denied} of ${size(range)} addresses (${ruleList(outbound.rules)})`,
        );
      }
    }
    const which = `network ACL ${acl.NetworkAclId}${acl.IsDefault ? " (the VPC's default)" : ""}`;
    if (problems.length > 0) return { check, ok: false, severity, detail: `${which} of ${subnet}: ${problems.join("; ")}${why}.` };
    return {
      check,
      ok: true,
      severity,
      detail: `${which} of ${subnet} admits every vendor CIDR on tcp ${target.port} and lets replies out to ports ${EPHEMERAL_FROM}-${EPHEMERAL_TO}.`,
    };
  });
}

export function size(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

export function ruleList(rules: Set<number | "*">): string {
  const sorted = [...rules].sort((a, b) => (a === "*" ? 1 : b === "*" ? -1 : a - b));
  return `${sorted.length === 1 ? "rule" : "rules"} ${sorted.join(", ")}`;
}

/**
 * Whether a NACL entry applies to traffic on ports `from`-`to` (tcp). An allow entry must cover the whole
 * range (`allow-all`); a deny entry applies if it touches any of it (`deny-any`): some connections then fail.
 */
export function naclPortMatch(entry: NetworkAclEntry, from: number, to: number, mode: "allow-all" | "deny-any"): boolean {
  const protocol = entry.Protocol ?? "";
  if (protocol === "-1" || protocol.toLowerCase() === "all") return true;
  if (protocol !== "6" && protocol.toLowerCase() !== "tcp") return false;
  const lo = entry.PortRange?.From ?? 0;
  const hi = entry.PortRange?.To ?? 65535;
  return mode === "allow-all" ? lo <= from && to <= hi : lo <= to && from <= hi;
}

/**
 * Evaluates NACL entries in rule-number order, first match wins, per address: how many addresses of
 * `target` end up denied, and which rules (or the final `*`) denied them.
 */
export function evaluateNacl(
  entries: NetworkAclEntry[],
  egress: boolean,
  target: AddressRange,
  applies: (entry: NetworkAclEntry) => boolean,
): { denied: bigint; rules: Set<number | "*"> } {
  let undecided: AddressRange[] = [target];
  let denied = 0n;
  const rules = new Set<number | "*">();
  const ordered = entries.filter((e) => (e.Egress === true) === egress).sort((a, b) => (a.RuleNumber ?? 0) - (b.RuleNumber ?? 0));
  for (const entry of ordered) {
    if (undecided.length === 0) break;
    const range = cidrRange(entry.CidrBlock ?? entry.Ipv6CidrBlock ?? "");
    if (!range || range.family !== target.family || !applies(entry)) continue;
    const next: AddressRange[] = [];
    for (const piece of undecided) {
      const { inside, outside } = subtractRange(piece, range);
      next.push(...outside);
      if (inside > 0n && entry.RuleAction !== "allow") {
        denied += inside;
        rules.add(entry.RuleNumber === NACL_DEFAULT_RULE ? "*" : (entry.RuleNumber ?? "*"));
      }
    }
    undecided = next;
  }
  for (const piece of undecided) {
    denied += size(piece);
    rules.add("*");
  }
  return { denied, rules };
}
