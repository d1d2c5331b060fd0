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
import { EC2Client } from "@aws-sdk/client-ec2";
import { RDSClient } from "@aws-sdk/client-rds";
import { ArgumentError } from "../validate";
import { DoctorError, type DoctorFinding, type DoctorOptions, type DoctorReport, type DoctorTarget } from "./doctor/types";
import { validateOptions } from "./doctor/inputs";
import { resolveRegion } from "./doctor/aws";
import { publicAccessFindings, resolveTarget } from "./doctor/target";
import { expandPrefixLists, ingressFindings, quotaFindings, securityGroupRules, securityGroupsFinding } from "./doctor/security-groups";
import { naclFindings, routeFindings } from "./doctor/routes";

// The doctor's public surface, split by concern under ./doctor/.
export type { DoctorFinding, DoctorMember, DoctorOptions, DoctorReport, DoctorTarget } from "./doctor/types";
export { DoctorError } from "./doctor/types";
export { doctorHelp, formatDoctorReport } from "./doctor/report";

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
