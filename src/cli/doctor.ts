/**
 * `pg-vendor-access doctor`: can the vendor reach this RDS instance or Aurora cluster over the network?
 *
 * Read-only AWS calls (AWS SDK for JavaScript v3, standard credential chain and region):
 * 1. resolve the target: DescribeDBInstances, or DescribeDBClusters + its member instances + its subnet group;
 * 2. publicly accessible, per instance (Aurora: per member) — if not, the vendor's documented alternatives;
 * 3. each vendor CIDR admitted on the DB port by an inbound rule of one of the DB's security groups
 *    (tcp with the port in range, or all protocols; prefix-list rules expanded; host bits masked locally);
 * 4. every subnet of the DB subnet group routes 0.0.0.0/0 (and ::/0 for IPv6 vendors) to an internet gateway
 *    (its own route table, else the VPC's main one);
 * 5. the network ACL of every such subnet admits each vendor CIDR on the DB port, and lets the replies out
 *    to ephemeral ports 1024-65535 (NACLs are stateless);
 * 6. the inbound rule quota of each security group, counting a prefix list as its max entries.
 */
import {
  DescribeManagedPrefixListsCommand,
  EC2Client,
  paginateDescribeNetworkAcls,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroupRules,
  paginateGetManagedPrefixListEntries,
  type NetworkAcl,
  type NetworkAclEntry,
  type RouteTable,
  type SecurityGroupRule,
} from "@aws-sdk/client-ec2";
import {
  DescribeDBClustersCommand,
  DescribeDBSubnetGroupsCommand,
  paginateDescribeDBInstances,
  RDSClient,
  type DBInstance,
} from "@aws-sdk/client-rds";
import { planVendorAccess, SECURITY_GROUP_INBOUND_RULE_QUOTA } from "../plan";
import { ArgumentError, validatePort, validateRegion, validateVendor, validateIdentifier } from "../validate";
import { CUSTOM_VENDOR, vendors } from "../vendors";
import { paint } from "./args";
import { alternativesFor } from "./doctor/alternatives";
import { coverage, rangeOf, cidrRange, subtractRange, type AddressRange } from "./doctor/ip";

export interface DoctorOptions {
  /** RDS DB instance identifier (exclusive with `cluster`). */
  instance?: string;
  /** Aurora DB cluster identifier (exclusive with `instance`). */
  cluster?: string;
  /** Preset id, or "custom" with `extraCidrs`. */
  vendor: string;
  /** The vendor's region (which published IP set), e.g. Segment's "us". */
  region?: string;
  /** More CIDRs the vendor connects from. */
  extraCidrs?: string[];
  /** Port to check; default: the DB's port. */
  port?: number;
  /** AWS region; default: the standard chain (AWS_REGION, profile). */
  awsRegion?: string;
  /** AWS endpoint override (moto in tests). */
  endpoint?: string;
}

export interface DoctorFinding {
  /**
   * Stable id: `publicly-accessible:<instance>`, `security-groups`, `ingress:<cidr>`, `rule-quota:<sg>:<ipv4|ipv6>`,
   * `route:<subnet>`, `nacl:<subnet>`.
   */
  check: string;
  ok: boolean;
  severity: "error" | "warning" | "info";
  detail: string;
}

/** One DB instance behind the target (the instance itself, or each Aurora member). */
export interface DoctorMember {
  id: string;
  publiclyAccessible: boolean;
  writer?: boolean;
}

export interface DoctorTarget {
  kind: "instance" | "cluster";
  id: string;
  awsRegion: string;
  engine?: string;
  endpoint?: string;
  port: number;
  vpcId?: string;
  subnetGroup?: string;
  securityGroupIds: string[];
  subnetIds: string[];
  members: DoctorMember[];
  vendor: string;
  vendorName: string;
  vendorRegion?: string;
  /** The vendor CIDRs checked, normalized. */
  cidrs: string[];
}

export interface DoctorReport {
  target: DoctorTarget;
  findings: DoctorFinding[];
  /** True when no finding of severity "error" failed. */
  ok: boolean;
}

/** An AWS call failed (credentials, permissions, network, throttling). The CLI exits 2 on it. */
export class DoctorError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "DoctorError";
  }
}

/** Filter values per DescribeSecurityGroupRules / DescribeRouteTables call. */
const FILTER_CHUNK = 200;

/** Runs every check; throws {@link ArgumentError} for bad options or unknown identifiers, {@link DoctorError} when AWS fails. */
export async function runDoctor(options: DoctorOptions, clients?: { ec2?: EC2Client; rds?: RDSClient }): Promise<DoctorReport> {
  const inputs = validateOptions(options);
  const config = {
    ...(options.awsRegion !== undefined ? { region: options.awsRegion } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
  const ec2 = clients?.ec2 ?? new EC2Client(config);
  const rds = clients?.rds ?? new RDSClient(config);
  try {
    const awsRegion = await resolveRegion(rds);
    const db = await resolveTarget(rds, inputs.instance, inputs.cluster, awsRegion);
    const port = options.port ?? db.port;
    if (port === undefined) {
      throw new ArgumentError("port", `could not be read from ${db.kind} ${JSON.stringify(db.id)} (no endpoint yet); pass it, e.g. 5432.`);
    }
    const target: DoctorTarget = {
      ...db,
      port,
      vendor: inputs.vendorId,
      vendorName: inputs.vendorName,
      ...(inputs.vendorRegion !== undefined ? { vendorRegion: inputs.vendorRegion } : {}),
      cidrs: inputs.cidrs.map((c) => c.cidr),
    };
    const findings: DoctorFinding[] = [];
    const anyPublic = target.members.some((m) => m.publiclyAccessible);
    findings.push(...publicAccessFindings(target));
    const rules = await securityGroupRules(ec2, target.securityGroupIds);
    const prefixLists = await expandPrefixLists(ec2, rules);
    findings.push(securityGroupsFinding(target, rules));
    const ingress = ingressFindings(target, rules, prefixLists.entries);
    findings.push(...ingress);
    const missing = inputs.cidrs.filter((c) => !ingress.find((f) => f.check === `ingress:${c.cidr}`)?.ok);
    findings.push(...quotaFindings(target, rules, prefixLists.maxEntries, missing));
    findings.push(...(await routeFindings(ec2, target, anyPublic, inputs.cidrs.some((c) => c.family === "ipv6"))));
    findings.push(...(await naclFindings(ec2, target, anyPublic)));
    return { target, findings, ok: findings.every((f) => f.ok || f.severity !== "error") };
  } finally {
    if (!clients?.ec2) ec2.destroy();
    if (!clients?.rds) rds.destroy();
  }
}

interface ValidatedInputs {
  instance?: string;
  cluster?: string;
  vendorId: string;
  vendorName: string;
  vendorRegion?: string;
  cidrs: { cidr: string; family: "ipv4" | "ipv6"; range: AddressRange }[];
}

function validateOptions(options: DoctorOptions): ValidatedInputs {
  if (options === null || typeof options !== "object") throw new ArgumentError("options", "must be an object.");
  if ((options.instance === undefined) === (options.cluster === undefined)) {
    throw new ArgumentError("instance", "give exactly one of instance (an RDS DB instance identifier) or cluster (an Aurora DB cluster identifier).");
  }
  const instance = options.instance === undefined ? undefined : identifier("instance", options.instance);
  const cluster = options.cluster === undefined ? undefined : identifier("cluster", options.cluster);
  if (options.port !== undefined) validatePort(options.port);
  if (options.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(options.endpoint)) {
    throw new ArgumentError("endpoint", `${JSON.stringify(options.endpoint)} is not an http(s) URL; use e.g. "http://127.0.0.1:5000".`);
  }
  if (options.awsRegion !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(options.awsRegion)) {
    throw new ArgumentError("awsRegion", `${JSON.stringify(options.awsRegion)} is not an AWS region name; use e.g. "us-east-1" or "eu-west-1".`);
  }
  const plan = planVendorAccess({
    vendor: options.vendor,
    database: "doctor",
    readSchemas: ["public"],
    ...(options.vendor === CUSTOM_VENDOR ? { roleName: "vendor" } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.extraCidrs !== undefined ? { extraCidrs: options.extraCidrs } : {}),
  });
  if (plan.cidrs.length === 0) {
    const preset = validateVendor(options.vendor);
    // A multi-region preset without a region: name the region argument and its choices.
    validateRegion(preset, options.region, true);
    const where = preset?.cidrsNotPublished ?? (preset ? `${preset.displayName} publishes no egress IPs in this catalogue.` : "");
    throw new ArgumentError("extraCidrs", `is needed: there are no CIDRs to check for ${plan.vendorName}. ${where}`.trim());
  }
  return {
    ...(instance !== undefined ? { instance } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    vendorId: plan.vendorId,
    vendorName: plan.vendorName,
    ...(plan.region !== undefined ? { vendorRegion: plan.region } : {}),
    cidrs: plan.cidrs.map((c) => ({ cidr: c.cidr, family: c.family, range: rangeOf({ cidr: c.cidr, family: c.family, prefix: Number(c.cidr.split("/")[1]) }) })),
  };
}

/** RDS identifiers: 1-63 letters, digits or hyphens, starting with a letter. */
function identifier(argument: "instance" | "cluster", value: unknown): string {
  const text = validateIdentifier(argument, value);
  if (!/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(text)) {
    throw new ArgumentError(argument, `${JSON.stringify(text)} is not an RDS identifier; use 1-63 letters, digits or hyphens, starting with a letter.`);
  }
  return text;
}

async function resolveRegion(client: RDSClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new ArgumentError("awsRegion", "is not set and the standard chain has none; pass --aws-region (e.g. us-east-1) or set AWS_REGION.");
  }
}

/** Wraps an AWS call so failures become one-line {@link DoctorError}s naming the call. */
async function aws<T>(call: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ArgumentError || e instanceof DoctorError) throw e;
    const err = e as Error & { name?: string; Code?: string; code?: string };
    const code = err.Code ?? (err.name && err.name !== "Error" ? err.name : undefined) ?? err.code ?? "Error";
    const message = (err.message ?? String(e)).split("\n")[0];
    let hint = "";
    if (code === "CredentialsProviderError") hint = " Configure AWS credentials (environment, profile, SSO or instance role).";
    else if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code)) hint = " Check network access to the AWS endpoint (and --endpoint, if given).";
    else if (/AccessDenied|UnauthorizedOperation/.test(code)) hint = ` Allow ${call} for these credentials (doctor needs read-only rds:Describe* and ec2:Describe*/ec2:GetManagedPrefixListEntries).`;
    throw new DoctorError(`${call} failed: ${code}: ${message}${hint}`, code);
  }
}

type ResolvedDb = Omit<DoctorTarget, "port" | "vendor" | "vendorName" | "vendorRegion" | "cidrs"> & { port?: number };

async function resolveTarget(rds: RDSClient, instance: string | undefined, cluster: string | undefined, awsRegion: string): Promise<ResolvedDb> {
  if (instance !== undefined) {
    const found = await describeInstances(rds, { DBInstanceIdentifier: instance }, "instance", instance, awsRegion);
    const db = found[0];
    if (!db) throw notFound("instance", instance, awsRegion);
    const port = db.Endpoint?.Port ?? (db.DbInstancePort ? db.DbInstancePort : undefined);
    return {
      kind: "instance",
      id: db.DBInstanceIdentifier ?? instance,
      awsRegion,
      ...(db.Engine !== undefined ? { engine: db.Engine } : {}),
      ...(db.Endpoint?.Address !== undefined ? { endpoint: db.Endpoint.Address } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(db.DBSubnetGroup?.VpcId !== undefined ? { vpcId: db.DBSubnetGroup.VpcId } : {}),
      ...(db.DBSubnetGroup?.DBSubnetGroupName !== undefined ? { subnetGroup: db.DBSubnetGroup.DBSubnetGroupName } : {}),
      securityGroupIds: activeGroups(db.VpcSecurityGroups),
      subnetIds: subnetIdsOf(db.DBSubnetGroup?.Subnets),
      members: [{ id: db.DBInstanceIdentifier ?? instance, publiclyAccessible: db.PubliclyAccessible === true }],
    };
  }
  const id = cluster!;
  const clusters = await aws("rds:DescribeDBClusters", async () => {
    try {
      return (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters ?? [];
    } catch (e) {
      if ((e as Error).name === "DBClusterNotFoundFault") throw notFound("cluster", id, awsRegion);
      throw e;
    }
  });
  const db = clusters[0];
  if (!db) throw notFound("cluster", id, awsRegion);
  const instances = await describeInstances(rds, { Filters: [{ Name: "db-cluster-id", Values: [id] }] }, "cluster", id, awsRegion);
  const byId = new Map(instances.map((i) => [i.DBInstanceIdentifier, i]));
  const memberIds = (db.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).filter((m): m is string => !!m);
  const members: DoctorMember[] = memberIds.map((memberId) => ({
    id: memberId,
    publiclyAccessible: byId.get(memberId)?.PubliclyAccessible === true,
    writer: db.DBClusterMembers!.find((m) => m.DBInstanceIdentifier === memberId)?.IsClusterWriter === true,
  }));
  let vpcId: string | undefined;
  let subnetIds: string[] = [];
  if (db.DBSubnetGroup) {
    const groups = await aws("rds:DescribeDBSubnetGroups", async () =>
      (await rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: db.DBSubnetGroup }))).DBSubnetGroups ?? [],
    );
    vpcId = groups[0]?.VpcId;
    subnetIds = subnetIdsOf(groups[0]?.Subnets);
  }
  return {
    kind: "cluster",
    id: db.DBClusterIdentifier ?? id,
    awsRegion,
    ...(db.Engine !== undefined ? { engine: db.Engine } : {}),
    ...(db.Endpoint !== undefined ? { endpoint: db.Endpoint } : {}),
    ...(db.Port !== undefined ? { port: db.Port } : {}),
    ...(vpcId !== undefined ? { vpcId } : {}),
    ...(db.DBSubnetGroup !== undefined ? { subnetGroup: db.DBSubnetGroup } : {}),
    securityGroupIds: activeGroups(db.VpcSecurityGroups),
    subnetIds,
    members,
  };
}

async function describeInstances(
  rds: RDSClient,
  input: { DBInstanceIdentifier?: string; Filters?: { Name: string; Values: string[] }[] },
  argument: "instance" | "cluster",
  id: string,
  awsRegion: string,
): Promise<DBInstance[]> {
  return aws("rds:DescribeDBInstances", async () => {
    const out: DBInstance[] = [];
    try {
      for await (const page of paginateDescribeDBInstances({ client: rds }, input)) out.push(...(page.DBInstances ?? []));
    } catch (e) {
      if ((e as Error).name === "DBInstanceNotFoundFault") throw notFound(argument, id, awsRegion);
      throw e;
    }
    return out;
  });
}

function notFound(argument: "instance" | "cluster", id: string, awsRegion: string): ArgumentError {
  const what = argument === "instance" ? "RDS DB instance" : "Aurora DB cluster";
  const other = argument === "instance" ? "use cluster for an Aurora cluster identifier" : "use instance for a single DB instance";
  return new ArgumentError(argument, `${what} ${JSON.stringify(id)} was not found in ${awsRegion}; check the identifier and the AWS region (${other}).`);
}

function subnetIdsOf(subnets: { SubnetIdentifier?: string }[] | undefined): string[] {
  return [...new Set((subnets ?? []).map((s) => s.SubnetIdentifier).filter((s): s is string => !!s))].sort();
}

function activeGroups(groups: { VpcSecurityGroupId?: string; Status?: string }[] | undefined): string[] {
  return [...new Set((groups ?? []).filter((g) => g.Status !== "inactive" && g.VpcSecurityGroupId).map((g) => g.VpcSecurityGroupId!))].sort();
}

function publicAccessFindings(target: DoctorTarget): DoctorFinding[] {
  if (target.members.length === 0) {
    return [{ check: "publicly-accessible", ok: false, severity: "error", detail: `cluster ${target.id} has no DB instances, so there is nothing to connect to.` }];
  }
  const alternatives = alternativesFor(target.vendor)
    .map((a) => `${a.method}: ${a.detail}${a.url ? ` (${a.url})` : ""}`)
    .join(" ");
  return target.members.map((m) => {
    const role = target.kind === "cluster" ? (m.writer ? " (writer)" : " (reader)") : "";
    return m.publiclyAccessible
      ? { check: `publicly-accessible:${m.id}`, ok: true, severity: "error" as const, detail: `instance ${m.id}${role} is publicly accessible.` }
      : {
          check: `publicly-accessible:${m.id}`,
          ok: false,
          severity: "error" as const,
          detail:
            `instance ${m.id}${role} is not publicly accessible, so ${target.vendorName} cannot connect to it from the internet. ` +
            `Set PubliclyAccessible (subnets routing to an internet gateway), or use an alternative — ${alternatives}`,
        };
  });
}

async function securityGroupRules(ec2: EC2Client, groupIds: string[]): Promise<SecurityGroupRule[]> {
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

interface PrefixListSize {
  maxEntries: number;
  family: "ipv4" | "ipv6";
}

/** Entries and max entries of every prefix list an inbound rule references. */
async function expandPrefixLists(
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

function securityGroupsFinding(target: DoctorTarget, rules: SecurityGroupRule[]): DoctorFinding {
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
function ruleSources(rule: SecurityGroupRule, prefixLists: Map<string, string[]>): { range: AddressRange; via: string }[] {
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

function admitsPort(rule: SecurityGroupRule, port: number): boolean {
  const protocol = (rule.IpProtocol ?? "").toLowerCase();
  if (protocol === "-1" || protocol === "all") return true;
  if (protocol !== "tcp" && protocol !== "6") return false;
  const from = rule.FromPort ?? -1;
  const to = rule.ToPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

function describePorts(rule: SecurityGroupRule): string {
  const protocol = (rule.IpProtocol ?? "").toLowerCase();
  if (protocol === "-1" || protocol === "all") return "all traffic";
  const ports = rule.FromPort === rule.ToPort ? `port ${rule.FromPort}` : `ports ${rule.FromPort}-${rule.ToPort}`;
  return `${protocol === "6" ? "tcp" : protocol} ${ports}`;
}

function ingressFindings(target: DoctorTarget, rules: SecurityGroupRule[], prefixLists: Map<string, string[]>): DoctorFinding[] {
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
function quotaFindings(
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

async function routeFindings(ec2: EC2Client, target: DoctorTarget, anyPublic: boolean, needIpv6: boolean): Promise<DoctorFinding[]> {
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
const EPHEMERAL_FROM = 1024;
const EPHEMERAL_TO = 65535;
/** The rule number AWS shows for a NACL's final catch-all deny (`*`). */
const NACL_DEFAULT_RULE = 32767;

async function naclFindings(ec2: EC2Client, target: DoctorTarget, anyPublic: boolean): Promise<DoctorFinding[]> {
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

function size(range: AddressRange): bigint {
  return range.last - range.first + 1n;
}

function ruleList(rules: Set<number | "*">): string {
  const sorted = [...rules].sort((a, b) => (a === "*" ? 1 : b === "*" ? -1 : a - b));
  return `${sorted.length === 1 ? "rule" : "rules"} ${sorted.join(", ")}`;
}

/**
 * Whether a NACL entry applies to traffic on ports `from`-`to` (tcp). An allow entry must cover the whole
 * range (`allow-all`); a deny entry applies if it touches any of it (`deny-any`): some connections then fail.
 */
function naclPortMatch(entry: NetworkAclEntry, from: number, to: number, mode: "allow-all" | "deny-any"): boolean {
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
function evaluateNacl(
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

/** Human-readable report; `color` only when the CLI decided the stream supports it. */
export function formatDoctorReport(report: DoctorReport, opts: { color: boolean }): string {
  const t = report.target;
  const c = opts.color;
  const lines: string[] = [];
  const what = t.kind === "instance" ? "RDS instance" : "Aurora cluster";
  lines.push(
    paint(c, "bold", `${what} ${t.id}`) +
      ` (${[t.engine, `port ${t.port}`, t.awsRegion, t.vpcId].filter(Boolean).join(", ")})` +
      ` — ${t.vendorName}${t.vendorRegion ? ` region ${t.vendorRegion}` : ""}, ${t.cidrs.length} CIDR${t.cidrs.length === 1 ? "" : "s"}`,
  );
  for (const f of report.findings) {
    const mark =
      f.severity === "info" ? paint(c, "dim", "info") : f.ok ? paint(c, "green", "ok  ") : f.severity === "error" ? paint(c, "red", "FAIL") : paint(c, "yellow", "warn");
    lines.push(`${mark} ${f.check}: ${f.detail}`);
  }
  const failed = report.findings.filter((f) => !f.ok && f.severity === "error").length;
  const warned = report.findings.filter((f) => !f.ok && f.severity !== "error").length;
  const warnText = warned > 0 ? `, ${warned} warning${warned === 1 ? "" : "s"}` : "";
  lines.push(
    report.ok
      ? paint(c, "green", `${t.vendorName} can reach ${t.id} on port ${t.port}${warnText}.`)
      : paint(c, "red", `${t.vendorName} cannot reach ${t.id}: ${failed} check${failed === 1 ? "" : "s"} failed${warnText}.`),
  );
  return lines.join("\n") + "\n";
}

export const doctorHelp = `Usage: pg-vendor-access doctor (--instance <id> | --cluster <id>) --vendor <preset> [options]

Checks, with read-only AWS calls, whether a vendor can reach an RDS instance or Aurora cluster:
  - publicly accessible (each Aurora member); if not, the vendor's alternatives (SSH tunnel, PrivateLink)
  - each vendor CIDR admitted on the DB port by an inbound rule of one of the DB's security groups
    (tcp with the port in range or all traffic; prefix-list rules expanded)
  - every subnet of the DB subnet group routes 0.0.0.0/0 to an internet gateway
  - each such subnet's network ACL admits the vendor CIDRs on the port and lets replies out (1024-65535)
  - inbound rule quota per security group (a prefix list counts as its max entries)

Options:
  --instance <id>        RDS DB instance identifier
  --cluster <id>         Aurora DB cluster identifier (checks every member instance)
  --vendor <preset>      vendor preset id (${[CUSTOM_VENDOR, ...Object.keys(vendors).sort()].join(", ")}); "custom" needs --extra-cidr
  --region <region>      the vendor's published IP set, e.g. "us" or "eu" for Segment
  --extra-cidr <cidr>    another CIDR the vendor connects from (repeatable)
  --port <port>          port to check (default: the database's port)
  --aws-region <region>  AWS region (default: AWS_REGION / profile, the standard chain)
  --endpoint <url>       AWS endpoint override, e.g. a local moto_server
  --json                 print the report as JSON
  --color, --no-color    force or disable colour (default: only on a terminal)
  -h, --help             show this help

Credentials come from the standard AWS chain (environment, profile, SSO, instance role); doctor needs
rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBSubnetGroups, ec2:DescribeSecurityGroupRules,
ec2:GetManagedPrefixListEntries, ec2:DescribeManagedPrefixLists, ec2:DescribeRouteTables and ec2:DescribeNetworkAcls.

Exit codes: 0 the vendor can reach the database, 1 a check failed, 2 usage, unknown identifier or AWS error.

Examples:
  pg-vendor-access doctor --instance analytics-db --vendor segment --region us
  pg-vendor-access doctor --cluster warehouse --vendor whaly --aws-region eu-west-1 --json
`;
