/**
 * `runDoctor` with SDK client mocks, for what moto 5.2.1 does not emulate (see reference aws.md §4.3):
 * pagination (moto ignores MaxResults), a prefix list weighing its max entries in the rule quota (moto
 * counts 1), AWS errors (permissions, credentials), blackhole routes; plus option validation (no AWS call
 * at all) and the text report.
 */
import {
  DescribeManagedPrefixListsCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  type NetworkAcl,
  type NetworkAclEntry,
  type RouteTable,
  type SecurityGroupRule,
} from "@aws-sdk/client-ec2";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient, type DBInstance } from "@aws-sdk/client-rds";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DoctorError, formatDoctorReport, runDoctor, doctorHelp, type DoctorOptions, type DoctorReport } from "../../src/cli/doctor";
import { ArgumentError } from "../../src/validate";
import { vendors } from "../../src/vendors";

const PRESET_LIST = ["custom", ...Object.keys(vendors).sort()];

const SG = "sg-0123456789abcdef0";
const SUBNETS = ["subnet-aaa", "subnet-bbb"];

let ec2: EC2Client;
let rds: RDSClient;
let ec2Mock: AwsClientStub<EC2Client>;
let rdsMock: AwsClientStub<RDSClient>;

beforeEach(() => {
  ec2 = new EC2Client({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  rds = new RDSClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  ec2Mock = mockClient(ec2);
  rdsMock = mockClient(rds);
  ec2Mock.on(DescribeNetworkAclsCommand).resolves({ NetworkAcls: [defaultAcl] });
});

afterEach(() => {
  ec2Mock.restore();
  rdsMock.restore();
  ec2.destroy();
  rds.destroy();
});

function dbInstance(overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: "analytics",
    Engine: "postgres",
    Endpoint: { Address: "analytics.abc.eu-west-1.rds.amazonaws.com", Port: 5432 },
    PubliclyAccessible: true,
    VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: "active" }],
    DBSubnetGroup: { DBSubnetGroupName: "db", VpcId: "vpc-1", Subnets: SUBNETS.map((s) => ({ SubnetIdentifier: s })) },
    ...overrides,
  };
}

const cidrRule = (id: string, cidr: string, port = 5432, group = SG): SecurityGroupRule => ({
  SecurityGroupRuleId: id,
  GroupId: group,
  IsEgress: false,
  IpProtocol: "tcp",
  FromPort: port,
  ToPort: port,
  CidrIpv4: cidr,
});

/** A VPC's default network ACL as AWS creates it: allow everything (rule 100), then the final deny (`*`). */
const defaultAcl: NetworkAcl = {
  NetworkAclId: "acl-default",
  IsDefault: true,
  VpcId: "vpc-1",
  Associations: SUBNETS.map((s) => ({ SubnetId: s, NetworkAclId: "acl-default" })),
  Entries: [false, true].flatMap((egress) => [
    { RuleNumber: 100, Protocol: "-1", RuleAction: "allow" as const, Egress: egress, CidrBlock: "0.0.0.0/0" },
    { RuleNumber: 32767, Protocol: "-1", RuleAction: "deny" as const, Egress: egress, CidrBlock: "0.0.0.0/0" },
  ]),
};

const publicTable: RouteTable = {
  RouteTableId: "rtb-public",
  VpcId: "vpc-1",
  Associations: SUBNETS.map((s) => ({ SubnetId: s, Main: false })),
  Routes: [
    { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
    { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" },
  ],
};

/** An instance whose SG admits both Segment US CIDRs, in public subnets. */
function happyPath(rules: SecurityGroupRule[] = [cidrRule("sgr-1", "52.25.130.38/32"), cidrRule("sgr-2", "34.223.203.0/28")]): void {
  rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance()] });
  ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules });
  ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });
}

const segment: DoctorOptions = { instance: "analytics", vendor: "segment", region: "us" };

function finding(report: DoctorReport, check: string) {
  const found = report.findings.find((f) => f.check === check);
  if (!found) throw new Error(`no finding ${check}; have ${report.findings.map((f) => f.check).join(", ")}`);
  return found;
}

describe("pagination", () => {
  test("follows NextToken for security-group rules and prefix-list entries, Marker for cluster members", async () => {
    rdsMock.on(DescribeDBClustersCommand).resolves({
      DBClusters: [
        {
          DBClusterIdentifier: "warehouse",
          Engine: "aurora-postgresql",
          Port: 5432,
          DBSubnetGroup: "db",
          VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: "active" }],
          DBClusterMembers: [
            { DBInstanceIdentifier: "w-1", IsClusterWriter: true },
            { DBInstanceIdentifier: "w-2", IsClusterWriter: false },
          ],
        },
      ],
    });
    // Paginators reuse one input object, so the calls are recorded as copies.
    const seen: { instances: unknown[]; rules: unknown[]; entries: unknown[] } = { instances: [], rules: [], entries: [] };
    const instancePages = [
      { DBInstances: [dbInstance({ DBInstanceIdentifier: "w-1" })], Marker: "m1" },
      { DBInstances: [dbInstance({ DBInstanceIdentifier: "w-2" })] },
    ];
    rdsMock.on(DescribeDBInstancesCommand).callsFake((input) => {
      seen.instances.push(structuredClone(input));
      return instancePages[seen.instances.length - 1];
    });
    rdsMock.on(DescribeDBSubnetGroupsCommand).resolves({
      DBSubnetGroups: [{ DBSubnetGroupName: "db", VpcId: "vpc-1", Subnets: SUBNETS.map((s) => ({ SubnetIdentifier: s })) }],
    });
    const rulePages = [
      { SecurityGroupRules: [cidrRule("sgr-1", "52.25.130.38/32")], NextToken: "page2" },
      {
        SecurityGroupRules: [{ SecurityGroupRuleId: "sgr-2", GroupId: SG, IsEgress: false, IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, PrefixListId: "pl-1" }],
      },
    ];
    ec2Mock.on(DescribeSecurityGroupRulesCommand).callsFake((input) => {
      seen.rules.push(structuredClone(input));
      return rulePages[seen.rules.length - 1];
    });
    const entryPages = [{ Entries: [{ Cidr: "10.0.0.0/8" }], NextToken: "e2" }, { Entries: [{ Cidr: "34.223.203.0/28" }] }];
    ec2Mock.on(GetManagedPrefixListEntriesCommand).callsFake((input) => {
      seen.entries.push(structuredClone(input));
      return entryPages[seen.entries.length - 1];
    });
    ec2Mock.on(DescribeManagedPrefixListsCommand).resolves({ PrefixLists: [{ PrefixListId: "pl-1", MaxEntries: 5, AddressFamily: "IPv4" }] });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });

    const report = await runDoctor({ cluster: "warehouse", vendor: "segment", region: "us" }, { ec2, rds });

    expect(report.ok).toBe(true);
    expect(report.target.members).toEqual([
      { id: "w-1", publiclyAccessible: true, writer: true },
      { id: "w-2", publiclyAccessible: true, writer: false },
    ]);
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `34.223.203.0/28 is admitted on port 5432 by sgr-2 on ${SG} (tcp port 5432 from prefix list pl-1 entry 34.223.203.0/28).`,
    );
    const tokens = (calls: unknown[], key: string) => calls.map((c) => (c as Record<string, unknown>)[key]);
    expect(seen.rules).toHaveLength(2);
    expect(tokens(seen.rules, "NextToken")).toEqual([undefined, "page2"]);
    expect(tokens(seen.rules, "Filters")).toEqual([[{ Name: "group-id", Values: [SG] }], [{ Name: "group-id", Values: [SG] }]]);
    expect(tokens(seen.entries, "NextToken")).toEqual([undefined, "e2"]);
    expect(tokens(seen.entries, "PrefixListId")).toEqual(["pl-1", "pl-1"]);
    expect(tokens(seen.instances, "Marker")).toEqual([undefined, "m1"]);
    expect(tokens(seen.instances, "Filters")).toEqual([[{ Name: "db-cluster-id", Values: ["warehouse"] }], [{ Name: "db-cluster-id", Values: ["warehouse"] }]]);
  });

  test("more than 200 security groups are queried in chunks of 200", async () => {
    const groups = Array.from({ length: 201 }, (_, i) => ({ VpcSecurityGroupId: `sg-${String(i).padStart(3, "0")}`, Status: "active" }));
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance({ VpcSecurityGroups: groups })] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });
    await runDoctor(segment, { ec2, rds });
    const sizes = ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand).map((c) => c.args[0].input.Filters![0]!.Values!.length);
    expect(sizes).toEqual([200, 1]);
  });
});

describe("rule quota: a prefix list weighs its max entries (moto counts 1)", () => {
  test("50 CIDR rules + a list of max 20 entries exceed 60: warning, not failure", async () => {
    const filler = Array.from({ length: 48 }, (_, i) => cidrRule(`sgr-f${i}`, `10.1.${i}.0/24`));
    happyPath([
      ...filler,
      cidrRule("sgr-1", "52.25.130.38/32"),
      cidrRule("sgr-2", "34.223.203.0/28"),
      { SecurityGroupRuleId: "sgr-pl", GroupId: SG, IsEgress: false, IpProtocol: "tcp", FromPort: 443, ToPort: 443, PrefixListId: "pl-big" },
    ]);
    ec2Mock.on(GetManagedPrefixListEntriesCommand).resolves({ Entries: [{ Cidr: "192.0.2.0/24" }] });
    ec2Mock.on(DescribeManagedPrefixListsCommand).resolves({ PrefixLists: [{ PrefixListId: "pl-big", MaxEntries: 20, AddressFamily: "IPv4" }] });

    const report = await runDoctor(segment, { ec2, rds });

    expect(finding(report, `rule-quota:${SG}:ipv4`)).toEqual({
      check: `rule-quota:${SG}:ipv4`,
      ok: false,
      severity: "warning",
      detail:
        `${SG} uses 70 of 60 inbound IPv4 rule slots (default quota L-0EA8095F); pl-big counts as its 20 max entries, ` +
        "over the quota: request an increase or use a dedicated security group for vendor access.",
    });
    expect(report.ok).toBe(true);
  });

  test("missing vendor CIDRs that would not fit are counted", async () => {
    happyPath(Array.from({ length: 59 }, (_, i) => cidrRule(`sgr-f${i}`, `10.1.${i}.0/24`)));
    const report = await runDoctor(segment, { ec2, rds });
    expect(finding(report, `rule-quota:${SG}:ipv4`).detail).toBe(
      `${SG} uses 59 of 60 inbound IPv4 rule slots (default quota L-0EA8095F); the 2 missing vendor CIDRs would need 2 more, ` +
        "over the quota: request an increase or use a dedicated security group for vendor access.",
    );
    expect(report.ok).toBe(false);
  });

  test("an IPv6 prefix list counts against the IPv6 quota only", async () => {
    happyPath([
      cidrRule("sgr-1", "52.25.130.38/32"),
      cidrRule("sgr-2", "34.223.203.0/28"),
      { SecurityGroupRuleId: "sgr-pl", GroupId: SG, IsEgress: false, IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, PrefixListId: "pl-v6" },
    ]);
    ec2Mock.on(GetManagedPrefixListEntriesCommand).resolves({ Entries: [{ Cidr: "2001:db8::/32" }] });
    ec2Mock.on(DescribeManagedPrefixListsCommand).resolves({ PrefixLists: [{ PrefixListId: "pl-v6", MaxEntries: 30, AddressFamily: "IPv6" }] });
    const report = await runDoctor(segment, { ec2, rds });
    expect(finding(report, `rule-quota:${SG}:ipv4`).detail).toBe(`${SG} uses 2 of 60 inbound IPv4 rule slots (default quota L-0EA8095F).`);
    expect(finding(report, `rule-quota:${SG}:ipv6`).detail).toBe(
      `${SG} uses 30 of 60 inbound IPv6 rule slots (default quota L-0EA8095F); pl-v6 counts as its 30 max entries.`,
    );
  });
});

describe("rules and routes AWS reports that moto does not produce", () => {
  test("egress rules, other protocols and SG references never admit; inactive SGs are ignored", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [dbInstance({ VpcSecurityGroups: [{ VpcSecurityGroupId: SG, Status: "active" }, { VpcSecurityGroupId: "sg-old", Status: "inactive" }] })],
    });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        { ...cidrRule("sgr-egress", "52.25.130.38/32"), IsEgress: true },
        { ...cidrRule("sgr-udp", "34.223.203.0/28"), IpProtocol: "udp" },
        { SecurityGroupRuleId: "sgr-ref", GroupId: SG, IsEgress: false, IpProtocol: "-1", ReferencedGroupInfo: { GroupId: "sg-app" } },
      ],
    });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });

    const report = await runDoctor(segment, { ec2, rds });

    expect(report.target.securityGroupIds).toEqual([SG]);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: "group-id", Values: [SG] }]);
    expect(finding(report, "ingress:52.25.130.38/32").detail).toBe(`no inbound rule of ${SG} admits 52.25.130.38/32 on tcp port 5432.`);
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `no inbound rule of ${SG} admits 34.223.203.0/28 on tcp port 5432. Wrong port: sgr-udp on ${SG} admits it on udp port 5432 only.`,
    );
    expect(finding(report, "security-groups").detail).toBe(`${SG}: 2 inbound rules.`);
  });

  test("a blackhole IGW route or a NAT-gateway default route is not a route to an internet gateway", async () => {
    happyPath();
    ec2Mock.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        { RouteTableId: "rtb-a", Associations: [{ SubnetId: "subnet-aaa" }], Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "blackhole" }] },
        { RouteTableId: "rtb-b", Associations: [{ SubnetId: "subnet-bbb" }], Routes: [{ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-1", State: "active" }] },
      ],
    });
    const report = await runDoctor(segment, { ec2, rds });
    expect(report.findings.filter((f) => !f.ok)).toEqual([
      { check: "route:subnet-aaa", ok: false, severity: "error", detail: "subnet-aaa (route table rtb-a) has no 0.0.0.0/0 route to an internet gateway." },
      { check: "route:subnet-bbb", ok: false, severity: "error", detail: "subnet-bbb (route table rtb-b) has no 0.0.0.0/0 route to an internet gateway." },
    ]);
  });

  test("a DB without security groups fails; PubliclyAccessible absent counts as not public", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance({ VpcSecurityGroups: [], PubliclyAccessible: undefined })] });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });
    const report = await runDoctor(segment, { ec2, rds });
    expect(ec2Mock.commandCalls(DescribeSecurityGroupRulesCommand)).toHaveLength(0);
    expect(finding(report, "security-groups")).toEqual({
      check: "security-groups",
      ok: false,
      severity: "error",
      detail: "instance analytics has no active VPC security groups, so nothing admits Segment Reverse ETL.",
    });
    expect(finding(report, "publicly-accessible:analytics").ok).toBe(false);
    expect(finding(report, "ingress:52.25.130.38/32").detail).toBe("no inbound rule of the DB's security groups admits 52.25.130.38/32 on tcp port 5432.");
  });

  test("an instance without endpoint or port needs the port option", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance({ Endpoint: undefined, DbInstancePort: 0 })] });
    await expect(runDoctor(segment, { ec2, rds })).rejects.toThrow(
      `[port] could not be read from instance "analytics" (no endpoint yet); pass it, e.g. 5432.`,
    );
  });
});

describe("network ACLs", () => {
  function acl(entries: NetworkAclEntry[]): NetworkAcl {
    return { NetworkAclId: "acl-custom", IsDefault: false, VpcId: "vpc-1", Associations: [{ SubnetId: "subnet-aaa" }], Entries: entries };
  }
  const rule = (RuleNumber: number, RuleAction: "allow" | "deny", Egress: boolean, CidrBlock: string, ports?: [number, number]): NetworkAclEntry => ({
    RuleNumber,
    RuleAction,
    Egress,
    CidrBlock,
    Protocol: ports ? "6" : "-1",
    ...(ports ? { PortRange: { From: ports[0], To: ports[1] } } : {}),
  });

  async function naclDetail(entries: NetworkAclEntry[]): Promise<{ ok: boolean; detail: string; otherSubnet: string }> {
    happyPath();
    const seen: unknown[] = [];
    ec2Mock.on(DescribeNetworkAclsCommand).callsFake((input: { Filters?: { Name?: string }[] }) => {
      seen.push(structuredClone(input));
      // subnet-aaa has its own ACL; subnet-bbb falls back to the VPC's default one.
      return input.Filters?.[0]?.Name === "association.subnet-id" ? { NetworkAcls: [acl(entries)] } : { NetworkAcls: [defaultAcl] };
    });
    const report = await runDoctor(segment, { ec2, rds });
    expect(seen).toEqual([
      { Filters: [{ Name: "association.subnet-id", Values: SUBNETS }] },
      { Filters: [{ Name: "vpc-id", Values: ["vpc-1"] }, { Name: "default", Values: ["true"] }] },
    ]);
    const f = finding(report, "nacl:subnet-aaa");
    return { ok: f.ok, detail: f.detail, otherSubnet: finding(report, "nacl:subnet-bbb").detail };
  }

  test("an earlier allow wins over a later deny; the other subnet uses the default ACL", async () => {
    const result = await naclDetail([
      rule(10, "allow", false, "34.223.203.0/28", [5432, 5432]),
      rule(10, "allow", false, "52.25.130.0/24", [5000, 6000]),
      rule(20, "deny", false, "0.0.0.0/0"),
      rule(10, "allow", true, "0.0.0.0/0", [1024, 65535]),
    ]);
    expect(result.ok).toBe(true);
    expect(result.otherSubnet).toBe(
      "network ACL acl-default (the VPC's default) of subnet-bbb admits every vendor CIDR on tcp 5432 and lets replies out to ports 1024-65535.",
    );
  });

  test("an earlier deny wins; a deny touching part of the ephemeral range blocks replies; unmatched addresses hit *", async () => {
    const result = await naclDetail([
      rule(5, "deny", false, "52.25.130.38/32", [5432, 5432]),
      rule(10, "allow", false, "0.0.0.0/0"),
      rule(5, "deny", true, "34.223.203.0/30", [30000, 30010]),
      rule(10, "allow", true, "34.223.203.0/29", [1024, 65535]),
    ]);
    expect(result).toMatchObject({
      ok: false,
      detail:
        "network ACL acl-custom of subnet-aaa: inbound tcp 5432 from 52.25.130.38/32 is denied for 1 of 1 addresses (rule 5); " +
        "outbound replies to 52.25.130.38/32 on tcp 1024-65535 are not fully allowed for 1 of 1 addresses (rule *); " +
        "outbound replies to 34.223.203.0/28 on tcp 1024-65535 are not fully allowed for 12 of 16 addresses (rules 5, *).",
    });
  });
});

describe("AWS errors become one-line DoctorErrors naming the call", () => {
  test("UnauthorizedOperation on DescribeSecurityGroupRules names the permission", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance()] });
    const denied = Object.assign(new Error("You are not authorized to perform this operation."), { name: "UnauthorizedOperation" });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).rejects(denied);
    const error = await runDoctor(segment, { ec2, rds }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DoctorError);
    expect((error as DoctorError).code).toBe("UnauthorizedOperation");
    expect((error as DoctorError).message).toBe(
      "ec2:DescribeSecurityGroupRules failed: UnauthorizedOperation: You are not authorized to perform this operation. " +
        "Allow ec2:DescribeSecurityGroupRules for these credentials (doctor needs read-only rds:Describe* and ec2:Describe*/ec2:GetManagedPrefixListEntries).",
    );
  });

  test("missing credentials say how to configure them", async () => {
    const noCredentials = Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    rdsMock.on(DescribeDBInstancesCommand).rejects(noCredentials);
    const error = await runDoctor(segment, { ec2, rds }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DoctorError);
    expect((error as DoctorError).message).toBe(
      "rds:DescribeDBInstances failed: CredentialsProviderError: Could not load credentials from any providers Configure AWS credentials (environment, profile, SSO or instance role).",
    );
  });

  test("a throttling error on the prefix-list call is reported with its code", async () => {
    happyPath([{ SecurityGroupRuleId: "sgr-pl", GroupId: SG, IsEgress: false, IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, PrefixListId: "pl-1" }]);
    ec2Mock.on(GetManagedPrefixListEntriesCommand).rejects(Object.assign(new Error("Rate exceeded\nmore"), { name: "RequestLimitExceeded" }));
    await expect(runDoctor(segment, { ec2, rds })).rejects.toThrow(
      "ec2:GetManagedPrefixListEntries failed: RequestLimitExceeded: Rate exceeded",
    );
  });

  test("no AWS region anywhere is an awsRegion argument error", async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
    const noRegion = new RDSClient({});
    try {
      await expect(runDoctor(segment, { ec2, rds: noRegion })).rejects.toThrow(
        new ArgumentError("awsRegion", "is not set and the standard chain has none; pass --aws-region (e.g. us-east-1) or set AWS_REGION."),
      );
    } finally {
      noRegion.destroy();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe("option validation (no AWS call)", () => {
  test.each<[string, Partial<DoctorOptions>, string]>([
    ["neither target", { instance: undefined }, "[instance] give exactly one of instance (an RDS DB instance identifier) or cluster (an Aurora DB cluster identifier)."],
    ["both targets", { cluster: "warehouse" }, "[instance] give exactly one of instance (an RDS DB instance identifier) or cluster (an Aurora DB cluster identifier)."],
    ["bad identifier", { instance: "1db;drop" }, `[instance] "1db;drop" is not an RDS identifier; use 1-63 letters, digits or hyphens, starting with a letter.`],
    ["unknown vendor", { vendor: "acme" }, `[vendor] "acme" is not a known preset; valid presets: ${PRESET_LIST.map((v) => JSON.stringify(v)).join(", ")}.`],
    ["segment without region", { region: undefined }, `[region] is required for Segment Reverse ETL network rules: it publishes one IP set per region; choose one of "us", "eu".`],
    ["unknown region", { region: "apac" }, `[region] "apac" is not a Segment Reverse ETL region; known regions: "us", "eu".`],
    ["custom without CIDRs", { vendor: "custom", region: undefined }, "[extraCidrs] is needed: there are no CIDRs to check for Custom vendor."],
    ["world-open CIDR", { extraCidrs: ["0.0.0.0/0"] }, `[extraCidrs[0]] "0.0.0.0/0" would open the database port to the whole internet`],
    ["port out of range", { port: 70000 }, "[port] 70000 is not a TCP port; use an integer from 1 to 65535"],
    ["endpoint not a URL", { endpoint: "localhost:5000" }, `[endpoint] "localhost:5000" is not an http(s) URL; use e.g. "http://127.0.0.1:5000".`],
    ["bad AWS region", { awsRegion: "Europe" }, `[awsRegion] "Europe" is not an AWS region name; use e.g. "us-east-1" or "eu-west-1".`],
  ])("%s", async (_name, overrides, message) => {
    const error = await runDoctor({ ...segment, ...overrides } as DoctorOptions, { ec2, rds }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect(rdsMock.calls()).toHaveLength(0);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  test("custom vendor with extra CIDRs is checked against those only", async () => {
    happyPath([cidrRule("sgr-9", "198.51.100.0/24")]);
    const report = await runDoctor({ instance: "analytics", vendor: "custom", extraCidrs: ["198.51.100.7/32"] }, { ec2, rds });
    expect(report.target.cidrs).toEqual(["198.51.100.7/32"]);
    expect(report.target.vendorName).toBe("Custom vendor");
    expect(report.ok).toBe(true);
    expect(report.findings.find((f) => f.check.startsWith("publicly-accessible"))!.detail).toBe("instance analytics is publicly accessible.");
  });

  test("an unknown vendor's private DB gets the generic alternatives", async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [dbInstance({ PubliclyAccessible: false })] });
    ec2Mock.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    ec2Mock.on(DescribeRouteTablesCommand).resolves({ RouteTables: [publicTable] });
    const report = await runDoctor({ instance: "analytics", vendor: "custom", extraCidrs: ["198.51.100.7"] }, { ec2, rds });
    const detail = finding(report, "publicly-accessible:analytics").detail;
    expect(detail).toContain("SSH tunnel: a bastion host in a public subnet");
    expect(detail).toContain("AWS PrivateLink: a VPC endpoint service");
  });
});

describe("formatDoctorReport", () => {
  test("text from AWS (ids, engine, details) is escaped: a terminal escape or bidi override in it stays inert", () => {
    const report: DoctorReport = {
      target: {
        kind: "instance",
        id: "db\u001b[2J",
        awsRegion: "eu-west-1",
        engine: "postgres\u009b31m",
        port: 5432,
        vpcId: "vpc-\u202e1",
        securityGroupIds: [],
        subnetIds: [],
        members: [],
        vendor: "whaly",
        vendorName: "Whaly",
        cidrs: [],
      },
      findings: [{ check: "security-groups\r", severity: "info", ok: true, detail: "rule \"x\u0007\u2028y\"" } as DoctorReport["findings"][number]],
      ok: true,
    };
    expect(formatDoctorReport(report, { color: false })).toBe(
      [
        "RDS instance db\\u001b[2J (postgres\\u009b31m, port 5432, eu-west-1, vpc-\\u202e1) — Whaly, 0 CIDRs",
        'info security-groups\\r: rule "x\\u0007\\u2028y"',
        "Whaly can reach db\\u001b[2J on port 5432.",
        "",
      ].join("\n"),
    );
  });

  test("plain text: one line per finding and a verdict; ANSI only with color", async () => {
    happyPath([cidrRule("sgr-1", "52.25.130.38/32")]);
    const report = await runDoctor(segment, { ec2, rds });
    const text = formatDoctorReport(report, { color: false });
    expect(text).toBe(
      [
        "RDS instance analytics (postgres, port 5432, eu-west-1, vpc-1) — Segment Reverse ETL region us, 2 CIDRs",
        "ok   publicly-accessible:analytics: instance analytics is publicly accessible.",
        `info security-groups: ${SG}: 1 inbound rule.`,
        `ok   ingress:52.25.130.38/32: 52.25.130.38/32 is admitted on port 5432 by sgr-1 on ${SG} (tcp port 5432 from 52.25.130.38/32).`,
        `FAIL ingress:34.223.203.0/28: no inbound rule of ${SG} admits 34.223.203.0/28 on tcp port 5432.`,
        `ok   rule-quota:${SG}:ipv4: ${SG} uses 1 of 60 inbound IPv4 rule slots (default quota L-0EA8095F); the 1 missing vendor CIDR would need 1 more.`,
        "ok   route:subnet-aaa: subnet-aaa routes 0.0.0.0/0 to igw-1 (route table rtb-public).",
        "ok   route:subnet-bbb: subnet-bbb routes 0.0.0.0/0 to igw-1 (route table rtb-public).",
        "ok   nacl:subnet-aaa: network ACL acl-default (the VPC's default) of subnet-aaa admits every vendor CIDR on tcp 5432 and lets replies out to ports 1024-65535.",
        "ok   nacl:subnet-bbb: network ACL acl-default (the VPC's default) of subnet-bbb admits every vendor CIDR on tcp 5432 and lets replies out to ports 1024-65535.",
        "Segment Reverse ETL cannot reach analytics: 1 check failed.",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("\u001b[");
    const colored = formatDoctorReport(report, { color: true });
    expect(colored).toContain("\u001b[31mFAIL\u001b[0m ingress:34.223.203.0/28");
    expect(colored).toContain("\u001b[32mok  \u001b[0m publicly-accessible:analytics");
  });

  test("passing report with a warning", async () => {
    happyPath();
    const report = await runDoctor(segment, { ec2, rds });
    report.findings.push({ check: "rule-quota:x", ok: false, severity: "warning", detail: "d" });
    report.ok = true;
    const text = formatDoctorReport(report, { color: false });
    expect(text).toContain("warn rule-quota:x: d\n");
    expect(text.endsWith("Segment Reverse ETL can reach analytics on port 5432, 1 warning.\n")).toBe(true);
  });

  test("help lists every option the CLI parser accepts for doctor", async () => {
    const { optionNames } = await import("../../src/cli/args");
    for (const option of optionNames("doctor").filter((o) => o !== "--no-color")) {
      expect(doctorHelp).toContain(option);
    }
    expect(doctorHelp).toContain(`      --vendor <id>            Preset: ${PRESET_LIST.join(", ")}\n`);
    expect(PRESET_LIST).toEqual(expect.arrayContaining(["custom", "segment", "whaly"]));
  });
});
