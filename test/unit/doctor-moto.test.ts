/**
 * `runDoctor` against a real moto_server on 127.0.0.1 (one server for the file, reset before each test).
 * The doctor builds its own SDK clients from `endpoint` + `awsRegion` and the standard credential chain
 * (test credentials in the environment), as the CLI does.
 */
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateManagedPrefixListCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from "@aws-sdk/client-rds";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/args";
import { runDoctor, type DoctorOptions, type DoctorReport } from "../../src/cli/doctor";
import { main } from "../../src/cli/main";
import { ArgumentError } from "../../src/validate";
import { findOrInstallMoto, motoSkipReason, startMoto, type MotoServer } from "../support/moto";

const REGION = "us-east-1";
const SEGMENT_US = ["52.25.130.38/32", "34.223.203.0/28"];
let moto: MotoServer;
// Installs moto[server] into a cache venv when it is missing; skips (with the reason) only without pip.
const motoMissing = motoSkipReason();
if (motoMissing) console.warn(`doctor-moto tests skipped: ${motoMissing}`);
const describeMoto = describe.skipIf(motoMissing !== undefined);
let ec2: EC2Client;
let rds: RDSClient;
const savedEnv = { ...process.env };

beforeAll(async () => {
  if (motoMissing) return;
  const found = await findOrInstallMoto();
  if ("skip" in found) throw new Error(found.skip);
  moto = await startMoto(found.command);
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const config = { region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: "testing", secretAccessKey: "testing" } };
  ec2 = new EC2Client(config);
  rds = new RDSClient(config);
}, 900_000); // a first run may pip-install moto into the cache venv

afterAll(async () => {
  ec2?.destroy();
  rds?.destroy();
  await moto?.stop();
  process.env = savedEnv;
});

beforeEach(async () => {
  await moto?.reset();
});

interface Network {
  vpcId: string;
  subnets: string[];
  sg: string;
  igw: string;
  publicTable: string;
}

/** VPC with two subnets whose route table sends 0.0.0.0/0 to an IGW, a DB security group and a subnet group "db". */
async function network(options: { publicRoutes?: boolean } = {}): Promise<Network> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
  const subnets: string[] = [];
  for (const [i, az] of ["us-east-1a", "us-east-1b"].entries()) {
    subnets.push((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: az }))).Subnet!.SubnetId!);
  }
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const publicTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));
  if (options.publicRoutes !== false) {
    for (const subnet of subnets) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable, SubnetId: subnet }));
  }
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: "db", Description: "database", VpcId: vpcId }))).GroupId!;
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: "db", DBSubnetGroupDescription: "db", SubnetIds: subnets }));
  return { vpcId, subnets, sg, igw, publicTable };
}

async function allow(sg: string, permission: IpPermission): Promise<string> {
  const out = await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sg, IpPermissions: [permission] }));
  return out.SecurityGroupRules![0]!.SecurityGroupRuleId!;
}

const tcp = (port: number, cidr: string): IpPermission => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: cidr }] });

async function instance(id: string, sg: string, publiclyAccessible: boolean, port = 5432): Promise<void> {
  await rds.send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: id,
      DBInstanceClass: "db.t3.micro",
      Engine: "postgres",
      MasterUsername: "admin_user",
      MasterUserPassword: "a-long-password-123",
      AllocatedStorage: 20,
      DBSubnetGroupName: "db",
      VpcSecurityGroupIds: [sg],
      PubliclyAccessible: publiclyAccessible,
      Port: port,
    }),
  );
}

function doctor(options: Partial<DoctorOptions>): Promise<DoctorReport> {
  return runDoctor({ vendor: "segment", region: "us", awsRegion: REGION, endpoint: moto.endpoint, ...options });
}

function finding(report: DoctorReport, check: string) {
  const found = report.findings.find((f) => f.check === check);
  if (!found) throw new Error(`no finding ${check}; have ${report.findings.map((f) => f.check).join(", ")}`);
  return found;
}

describeMoto("doctor against moto: RDS instance", () => {
  test("public instance with every Segment US CIDR admitted passes, one finding per check", async () => {
    const net = await network();
    const r1 = await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    const r2 = await allow(net.sg, tcp(5432, "34.223.203.0/28"));
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(true);
    expect(report.target).toMatchObject({
      kind: "instance",
      id: "analytics",
      awsRegion: REGION,
      engine: "postgres",
      port: 5432,
      vpcId: net.vpcId,
      subnetGroup: "db",
      securityGroupIds: [net.sg],
      subnetIds: [...net.subnets].sort(),
      members: [{ id: "analytics", publiclyAccessible: true }],
      vendor: "segment",
      vendorName: "Segment Reverse ETL",
      vendorRegion: "us",
      cidrs: SEGMENT_US,
    });
    expect(report.target.subnetIds).toEqual(expect.arrayContaining(net.subnets));
    expect(report.findings.map((f) => [f.check, f.ok, f.severity])).toEqual([
      ["publicly-accessible:analytics", true, "error"],
      ["security-groups", true, "info"],
      ["ingress:52.25.130.38/32", true, "error"],
      ["ingress:34.223.203.0/28", true, "error"],
      [`rule-quota:${net.sg}:ipv4`, true, "warning"],
      [`route:${report.target.subnetIds[0]}`, true, "error"],
      [`route:${report.target.subnetIds[1]}`, true, "error"],
      [`nacl:${report.target.subnetIds[0]}`, true, "error"],
      [`nacl:${report.target.subnetIds[1]}`, true, "error"],
    ]);
    expect(finding(report, `nacl:${net.subnets[0]}`).detail).toMatch(
      new RegExp(`^network ACL acl-[0-9a-f]+ \\(the VPC's default\\) of ${net.subnets[0]} admits every vendor CIDR on tcp 5432 and lets replies out to ports 1024-65535\\.$`),
    );
    expect(finding(report, "ingress:52.25.130.38/32").detail).toBe(
      `52.25.130.38/32 is admitted on port 5432 by ${r1} on ${net.sg} (tcp port 5432 from 52.25.130.38/32).`,
    );
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `34.223.203.0/28 is admitted on port 5432 by ${r2} on ${net.sg} (tcp port 5432 from 34.223.203.0/28).`,
    );
    expect(finding(report, `route:${net.subnets[0]}`).detail).toBe(
      `${net.subnets[0]} routes 0.0.0.0/0 to ${net.igw} (route table ${net.publicTable}).`,
    );
    expect(finding(report, `rule-quota:${net.sg}:ipv4`).detail).toBe(
      `${net.sg} uses 2 of 60 inbound IPv4 rule slots (default quota L-0EA8095F).`,
    );
  });

  test("a missing CIDR fails and is named; the admitted one still passes", async () => {
    const net = await network();
    await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(false);
    expect(finding(report, "ingress:52.25.130.38/32").ok).toBe(true);
    expect(finding(report, "ingress:34.223.203.0/28")).toEqual({
      check: "ingress:34.223.203.0/28",
      ok: false,
      severity: "error",
      detail: `no inbound rule of ${net.sg} admits 34.223.203.0/28 on tcp port 5432.`,
    });
    expect(finding(report, `rule-quota:${net.sg}:ipv4`).detail).toBe(
      `${net.sg} uses 1 of 60 inbound IPv4 rule slots (default quota L-0EA8095F); the 1 missing vendor CIDR would need 1 more.`,
    );
  });

  test("a rule on the wrong port does not count, and the report points at it", async () => {
    const net = await network();
    await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    const wrong = await allow(net.sg, tcp(5433, "34.223.203.0/28"));
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(false);
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `no inbound rule of ${net.sg} admits 34.223.203.0/28 on tcp port 5432. Wrong port: ${wrong} on ${net.sg} admits it on tcp port 5433 only.`,
    );
    // --port 5433 checks that port instead of the DB's: now only the /32 is missing.
    const on5433 = await doctor({ instance: "analytics", port: 5433 });
    expect(on5433.target.port).toBe(5433);
    expect(finding(on5433, "ingress:34.223.203.0/28").ok).toBe(true);
    expect(finding(on5433, "ingress:52.25.130.38/32").ok).toBe(false);
  });

  test("the DB's own port is used (6543), port ranges and all-traffic rules admit, host bits are masked", async () => {
    const net = await network();
    const range = await allow(net.sg, { IpProtocol: "tcp", FromPort: 6000, ToPort: 7000, IpRanges: [{ CidrIp: "52.25.130.0/24" }] });
    // moto stores host bits verbatim (AWS masks them): 34.223.203.5/28 is the block 34.223.203.0/28.
    const all = await allow(net.sg, { IpProtocol: "-1", IpRanges: [{ CidrIp: "34.223.203.5/28" }] });
    await instance("analytics", net.sg, true, 6543);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(true);
    expect(report.target.port).toBe(6543);
    expect(finding(report, "ingress:52.25.130.38/32").detail).toBe(
      `52.25.130.38/32 is admitted on port 6543 by ${range} on ${net.sg} (tcp ports 6000-7000 from 52.25.130.0/24).`,
    );
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `34.223.203.0/28 is admitted on port 6543 by ${all} on ${net.sg} (all traffic from 34.223.203.5/28).`,
    );
  });

  test("a /28 only half covered is reported as partial with the address count", async () => {
    const net = await network();
    await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    const half = await allow(net.sg, tcp(5432, "34.223.203.0/29"));
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });
    expect(finding(report, "ingress:34.223.203.0/28")).toEqual({
      check: "ingress:34.223.203.0/28",
      ok: false,
      severity: "error",
      detail: `34.223.203.0/28 is only partly admitted on port 5432: 8 of 16 addresses, by ${half} on ${net.sg} (tcp port 5432 from 34.223.203.0/29).`,
    });
    // The other half in a second rule completes it.
    await allow(net.sg, tcp(5432, "34.223.203.8/29"));
    expect(finding(await doctor({ instance: "analytics" }), "ingress:34.223.203.0/28").ok).toBe(true);
  });

  test("a prefix-list rule is expanded to its entries; the list counts as its max entries in the quota", async () => {
    const net = await network();
    const list = (
      await ec2.send(
        new CreateManagedPrefixListCommand({
          PrefixListName: "segment-us",
          AddressFamily: "IPv4",
          MaxEntries: 10,
          Entries: [{ Cidr: "52.25.130.38/32" }, { Cidr: "34.223.203.0/28" }],
        }),
      )
    ).PrefixList!.PrefixListId!;
    const rule = await allow(net.sg, { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, PrefixListIds: [{ PrefixListId: list }] });
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(true);
    expect(finding(report, "ingress:34.223.203.0/28").detail).toBe(
      `34.223.203.0/28 is admitted on port 5432 by ${rule} on ${net.sg} (tcp port 5432 from prefix list ${list} entry 34.223.203.0/28).`,
    );
    expect(finding(report, `rule-quota:${net.sg}:ipv4`).detail).toBe(
      `${net.sg} uses 10 of 60 inbound IPv4 rule slots (default quota L-0EA8095F); ${list} counts as its 10 max entries.`,
    );
  });

  test("a private instance fails with Segment's PrivateLink alternative; routing becomes a warning", async () => {
    const net = await network({ publicRoutes: false });
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await instance("internal", net.sg, false);

    const report = await doctor({ instance: "internal" });

    expect(report.ok).toBe(false);
    const pub = finding(report, "publicly-accessible:internal");
    expect(pub.ok).toBe(false);
    expect(pub.severity).toBe("error");
    expect(pub.detail).toBe(
      "instance internal is not publicly accessible, so Segment Reverse ETL cannot connect to it from the internet. " +
        "Set PubliclyAccessible (subnets routing to an internet gateway), or use an alternative — AWS PrivateLink (private beta): " +
        "Segment supports RDS PostgreSQL Reverse ETL sources over PrivateLink for databases in us-east-1, us-east-2, us-west-2 and " +
        "eu-west-1, behind a Network Load Balancer; otherwise Segment requires Public access = Yes. (https://www.twilio.com/docs/segment/connections/aws-privatelink)",
    );
    // Subnets use the VPC's main route table, which has no IGW route.
    const route = finding(report, `route:${net.subnets[0]}`);
    expect(route.ok).toBe(false);
    expect(route.severity).toBe("warning");
    expect(route.detail).toMatch(
      new RegExp(`^${net.subnets[0]} \\(the VPC's main route table rtb-[0-9a-f]+\\) has no 0\\.0\\.0\\.0/0 route to an internet gateway \\(matters only if the database is made publicly accessible\\)\\.$`),
    );
    // Only the public-access finding is an error.
    expect(report.findings.filter((f) => !f.ok && f.severity === "error").map((f) => f.check)).toEqual(["publicly-accessible:internal"]);
  });

  test("Whaly's alternative is its SSH tunnel", async () => {
    const net = await network();
    await instance("internal", net.sg, false);
    const report = await doctor({ vendor: "whaly", region: undefined, instance: "internal" });
    expect(report.target.cidrs).toHaveLength(36);
    expect(finding(report, "publicly-accessible:internal").detail).toContain(
      "SSH tunnel: Whaly connects through an SSH bastion whose SSH port admits Whaly's IPs; the bastion must reach the database port. (https://docs.whaly.io/connectors/ssh-tunneling)",
    );
    expect(report.findings.filter((f) => f.check.startsWith("ingress:") && !f.ok)).toHaveLength(36);
  });

  test("a public instance in a subnet without an IGW route fails on that subnet only", async () => {
    const net = await network({ publicRoutes: false });
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: net.publicTable, SubnetId: net.subnets[0] }));
    // The second subnet has its own route table, with only the local route.
    const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: net.vpcId }))).RouteTable!.RouteTableId!;
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: net.subnets[1] }));
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => !f.ok)).toEqual([
      {
        check: `route:${net.subnets[1]}`,
        ok: false,
        severity: "error",
        detail: `${net.subnets[1]} (route table ${privateTable}) has no 0.0.0.0/0 route to an internet gateway.`,
      },
    ]);
  });

  test("a subnet's own network ACL: first matching rule wins; replies need ports 1024-65535 out", async () => {
    const net = await network();
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await instance("analytics", net.sg, true);
    const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: net.vpcId }))).NetworkAcl!.NetworkAclId!;
    const entry = (RuleNumber: number, RuleAction: "allow" | "deny", Egress: boolean, CidrBlock: string, From: number, To: number) =>
      ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber, Protocol: "6", RuleAction, Egress, CidrBlock, PortRange: { From, To } }));
    await entry(90, "deny", false, "34.223.203.0/29", 5432, 5432);
    await entry(100, "allow", false, "0.0.0.0/0", 5432, 5432);
    await entry(100, "allow", true, "0.0.0.0/0", 1024, 65535);
    const current = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [net.subnets[1]!] }] }))).NetworkAcls![0]!;
    const association = current.Associations!.find((a) => a.SubnetId === net.subnets[1])!.NetworkAclAssociationId!;
    await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: acl }));

    const report = await doctor({ instance: "analytics" });

    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => !f.ok)).toEqual([
      {
        check: `nacl:${net.subnets[1]}`,
        ok: false,
        severity: "error",
        detail: `network ACL ${acl} of ${net.subnets[1]}: inbound tcp 5432 from 34.223.203.0/28 is denied for 8 of 16 addresses (rule 90).`,
      },
    ]);
    expect(finding(report, `nacl:${net.subnets[0]}`).ok).toBe(true);

    // Replies limited to ports 1024-5000: return traffic to higher ephemeral ports hits the final deny.
    const narrow = (await ec2.send(new CreateNetworkAclCommand({ VpcId: net.vpcId }))).NetworkAcl!.NetworkAclId!;
    await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: narrow, RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" }));
    await ec2.send(
      new CreateNetworkAclEntryCommand({ NetworkAclId: narrow, RuleNumber: 100, Protocol: "6", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0", PortRange: { From: 1024, To: 5000 } }),
    );
    const now = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "association.subnet-id", Values: [net.subnets[1]!] }] }))).NetworkAcls![0]!;
    await ec2.send(
      new ReplaceNetworkAclAssociationCommand({ AssociationId: now.Associations!.find((a) => a.SubnetId === net.subnets[1])!.NetworkAclAssociationId!, NetworkAclId: narrow }),
    );
    expect(finding(await doctor({ instance: "analytics" }), `nacl:${net.subnets[1]}`).detail).toBe(
      `network ACL ${narrow} of ${net.subnets[1]}: outbound replies to 52.25.130.38/32 on tcp 1024-65535 are not fully allowed for 1 of 1 addresses (rule *); ` +
        "outbound replies to 34.223.203.0/28 on tcp 1024-65535 are not fully allowed for 16 of 16 addresses (rule *).",
    );
  });

  test("an extra IPv6 CIDR needs an IPv6 rule and a ::/0 route", async () => {
    const net = await network();
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await allow(net.sg, { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32" }] });
    await instance("analytics", net.sg, true);

    const report = await doctor({ instance: "analytics", extraCidrs: ["2001:DB8:0:1::/64"] });

    expect(finding(report, "ingress:2001:db8:0:1::/64").ok).toBe(true);
    expect(finding(report, `route:${net.subnets[0]}`).detail).toBe(
      `${net.subnets[0]} (route table ${net.publicTable}) has no ::/0 route to an internet gateway.`,
    );
    await ec2.send(new CreateRouteCommand({ RouteTableId: net.publicTable, DestinationIpv6CidrBlock: "::/0", GatewayId: net.igw }));
    // This VPC has no IPv6 block, so its default network ACL has no IPv6 entries: IPv6 hits the final deny.
    const nacl = finding(await doctor({ instance: "analytics", extraCidrs: ["2001:DB8:0:1::/64"] }), `nacl:${net.subnets[0]}`);
    expect(nacl.ok).toBe(false);
    expect(nacl.detail).toMatch(
      new RegExp(
        "inbound tcp 5432 from 2001:db8:0:1::/64 is denied for 18446744073709551616 of 18446744073709551616 addresses \\(rule \\*\\); " +
          "outbound replies to 2001:db8:0:1::/64 on tcp 1024-65535 are not fully allowed for 18446744073709551616 of 18446744073709551616 addresses \\(rule \\*\\)\\.$",
      ),
    );
    const acl = (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: "vpc-id", Values: [net.vpcId] }, { Name: "default", Values: ["true"] }] })))
      .NetworkAcls![0]!.NetworkAclId!;
    for (const egress of [false, true]) {
      await ec2.send(
        new CreateNetworkAclEntryCommand({ NetworkAclId: acl, RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: egress, Ipv6CidrBlock: "::/0" }),
      );
    }
    const fixed = await doctor({ instance: "analytics", extraCidrs: ["2001:DB8:0:1::/64"] });
    expect(fixed.ok).toBe(true);
    expect(finding(fixed, `route:${net.subnets[0]}`).detail).toBe(
      `${net.subnets[0]} routes 0.0.0.0/0 and ::/0 to ${net.igw} (route table ${net.publicTable}).`,
    );
  });
});

describeMoto("doctor against moto: Aurora cluster", () => {
  async function cluster(net: Network, members: [string, boolean][]): Promise<void> {
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: "warehouse",
        Engine: "aurora-postgresql",
        MasterUsername: "admin_user",
        MasterUserPassword: "a-long-password-123",
        DBSubnetGroupName: "db",
        VpcSecurityGroupIds: [net.sg],
      }),
    );
    for (const [id, publiclyAccessible] of members) {
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: id,
          DBClusterIdentifier: "warehouse",
          Engine: "aurora-postgresql",
          DBInstanceClass: "db.r6g.large",
          PubliclyAccessible: publiclyAccessible,
        }),
      );
    }
  }

  test("checks each member's public access and the cluster's security groups", async () => {
    const net = await network();
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await cluster(net, [["warehouse-1", true], ["warehouse-2", false]]);

    const report = await doctor({ cluster: "warehouse" });

    expect(report.target).toMatchObject({
      kind: "cluster",
      id: "warehouse",
      engine: "aurora-postgresql",
      port: 5432,
      vpcId: net.vpcId,
      subnetGroup: "db",
      securityGroupIds: [net.sg],
    });
    expect(report.target.members.map((m) => [m.id, m.publiclyAccessible])).toEqual([
      ["warehouse-1", true],
      ["warehouse-2", false],
    ]);
    expect(report.target.subnetIds).toEqual(expect.arrayContaining(net.subnets));
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => !f.ok).map((f) => f.check)).toEqual(["publicly-accessible:warehouse-2"]);
    expect(finding(report, "publicly-accessible:warehouse-2").detail).toMatch(/^instance warehouse-2 \((writer|reader)\) is not publicly accessible, so Segment Reverse ETL/);
    expect(finding(report, "ingress:34.223.203.0/28").ok).toBe(true);
  });

  test("all members public and CIDRs admitted: passes; a missing CIDR fails", async () => {
    const net = await network();
    await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    await cluster(net, [["warehouse-1", true]]);
    const missing = await doctor({ cluster: "warehouse" });
    expect(missing.findings.filter((f) => !f.ok).map((f) => f.check)).toEqual(["ingress:34.223.203.0/28"]);

    await allow(net.sg, tcp(5432, "34.223.203.0/28"));
    const report = await doctor({ cluster: "warehouse" });
    expect(report.ok).toBe(true);
  });

  test("a cluster without members fails: nothing to connect to", async () => {
    const net = await network();
    for (const cidr of SEGMENT_US) await allow(net.sg, tcp(5432, cidr));
    await cluster(net, []);
    const report = await doctor({ cluster: "warehouse" });
    expect(report.ok).toBe(false);
    expect(finding(report, "publicly-accessible")).toEqual({
      check: "publicly-accessible",
      ok: false,
      severity: "error",
      detail: "cluster warehouse has no DB instances, so there is nothing to connect to.",
    });
  });
});

describeMoto("doctor against moto: unknown identifiers", () => {
  test("unknown instance and cluster identifiers raise a clear ArgumentError", async () => {
    await expect(doctor({ instance: "nope" })).rejects.toThrow(
      new ArgumentError(
        "instance",
        `RDS DB instance "nope" was not found in us-east-1; check the identifier and the AWS region (use cluster for an Aurora cluster identifier).`,
      ),
    );
    await expect(doctor({ cluster: "nope" })).rejects.toThrow(
      `[cluster] Aurora DB cluster "nope" was not found in us-east-1; check the identifier and the AWS region (use instance for a single DB instance).`,
    );
  });
});

describeMoto("moto support", () => {
  test("a missing moto_server fails with an install hint instead of skipping", async () => {
    await expect(startMoto("/nonexistent/moto_server")).rejects.toThrow(
      '/nonexistent/moto_server was not found on PATH; the doctor tests need moto\'s server mode: pip install "moto[server]==5.2.1" (or set MOTO_SERVER to its path).',
    );
  });

  test("the server answers on 127.0.0.1 and reset clears resources", async () => {
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    const { DescribeVpcsCommand } = await import("@aws-sdk/client-ec2");
    const find = async () => (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "cidr", Values: ["10.9.0.0/16"] }] }))).Vpcs ?? [];
    await ec2.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }));
    expect(await find()).toHaveLength(1);
    await moto.reset();
    expect(await find()).toEqual([]);
  });
});

describe("doctor against a closed port", () => {
  test("connection refused is a one-line DoctorError with a hint", async () => {
    const { createServer } = await import("node:net");
    const server = createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
    await new Promise((resolve) => server.close(resolve));
    await expect(doctor({ instance: "analytics", endpoint: `http://127.0.0.1:${port}` })).rejects.toThrow(
      `rds:DescribeDBInstances failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port} Check network access to the AWS endpoint (and --endpoint, if given).`,
    );
  });
});

describeMoto("doctor through the CLI entry point (main) against moto", () => {
  async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env,
    };
    const code = await main(["doctor", ...args], io);
    return { code, stdout, stderr };
  }
  const base = () => ["--instance", "analytics", "--vendor", "segment", "--region", "us", "--aws-region", REGION, "--endpoint", moto.endpoint];

  test("exit 0 with a plain report when every check passes, 1 with JSON naming the failure, 2 for an unknown instance", async () => {
    const net = await network();
    await allow(net.sg, tcp(5432, "52.25.130.38/32"));
    await instance("analytics", net.sg, true);

    const failing = await cli([...base(), "--json"]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe("");
    const report = JSON.parse(failing.stdout) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => !f.ok).map((f) => f.check)).toEqual(["ingress:34.223.203.0/28"]);

    await allow(net.sg, tcp(5432, "34.223.203.0/28"));
    const passing = await cli(base());
    expect(passing.code).toBe(0);
    expect(passing.stdout).not.toContain("\u001b[");
    expect(passing.stdout.trimEnd().split("\n").at(-1)).toBe("Segment Reverse ETL can reach analytics on port 5432.");

    const unknown = await cli(["--instance", "nope", ...base().slice(2)]);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toBe(
      `pg-vendor-access: [instance] RDS DB instance "nope" was not found in us-east-1; check the identifier and the AWS region (use cluster for an Aurora cluster identifier).\n`,
    );
  });

  test("--help prints the doctor help and exits 0 without calling AWS", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith("Usage: pg-vendor-access doctor (--instance <id> | --cluster <id>) --vendor <id> [options]\n")).toBe(true);
  });
});
