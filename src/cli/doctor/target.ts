/** Resolving the RDS instance or Aurora cluster (members, subnets, security groups) and its public accessibility. */
import { DescribeDBClustersCommand, DescribeDBSubnetGroupsCommand, paginateDescribeDBInstances, RDSClient, type DBInstance } from "@aws-sdk/client-rds";
import { ArgumentError } from "../../validate";
import { alternativesFor } from "./alternatives";
import { type DoctorFinding, type DoctorMember, type DoctorTarget } from "./types";
import { aws } from "./aws";

export type ResolvedDb = Omit<DoctorTarget, "port" | "vendor" | "vendorName" | "vendorRegion" | "cidrs"> & { port?: number };

export async function resolveTarget(rds: RDSClient, instance: string | undefined, cluster: string | undefined, awsRegion: string): Promise<ResolvedDb> {
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

export async function describeInstances(
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

export function notFound(argument: "instance" | "cluster", id: string, awsRegion: string): ArgumentError {
  const what = argument === "instance" ? "RDS DB instance" : "Aurora DB cluster";
  const other = argument === "instance" ? "use cluster for an Aurora cluster identifier" : "use instance for a single DB instance";
  return new ArgumentError(argument, `${what} ${JSON.stringify(id)} was not found in ${awsRegion}; check the identifier and the AWS region (${other}).`);
}

export function subnetIdsOf(subnets: { SubnetIdentifier?: string }[] | undefined): string[] {
  return [...new Set((subnets ?? []).map((s) => s.SubnetIdentifier).filter((s): s is string => !!s))].sort();
}

export function activeGroups(groups: { VpcSecurityGroupId?: string; Status?: string }[] | undefined): string[] {
  return [...new Set((groups ?? []).filter((g) => g.Status !== "inactive" && g.VpcSecurityGroupId).map((g) => g.VpcSecurityGroupId!))].sort();
}

export function publicAccessFindings(target: DoctorTarget): DoctorFinding[] {
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
