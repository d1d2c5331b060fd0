/** The doctor's human-readable report and its --help text. */
import { CUSTOM_VENDOR, vendors } from "../../vendors";
import { escapeUnsafe } from "../../safe-text";
import { paint } from "../args";
import { type DoctorReport } from "./types";

/** Human-readable report; `color` only when the CLI decided the stream supports it. */
export function formatDoctorReport(report: DoctorReport, opts: { color: boolean }): string {
  // Ids, descriptions and details come from AWS: escaped, so that nothing in them acts on the terminal.
  const escaped = (text: string | undefined) => text && escapeUnsafe(text);
  const t = { ...report.target, id: escapeUnsafe(report.target.id), engine: escaped(report.target.engine), vpcId: escaped(report.target.vpcId) };
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
    lines.push(`${mark} ${escapeUnsafe(f.check)}: ${escapeUnsafe(f.detail)}`);
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

export const doctorHelp = `Usage: pg-vendor-access doctor (--instance <id> | --cluster <id>) --vendor <id> [options]

Checks, with read-only AWS calls, whether a vendor can reach an RDS instance or Aurora cluster: public
accessibility (each Aurora member; if not, the vendor's alternatives such as an SSH tunnel or PrivateLink);
each vendor CIDR admitted on the DB port by an inbound rule of the DB's security groups (tcp with the port in
range or all traffic; prefix-list rules expanded); a route to an internet gateway from every subnet of the DB
subnet group; network ACLs admitting the vendor CIDRs on the port and the replies (1024-65535); the inbound
rule quota per security group (a prefix list counts as its max entries).

Target:
      --instance <id>          RDS DB instance identifier
      --cluster <id>           Aurora DB cluster identifier (checks every member instance)
      --port <port>            Port to check (default: the database's port)

Vendor:
      --vendor <id>            Preset: ${[CUSTOM_VENDOR, ...Object.keys(vendors).sort()].join(", ")}
                               ("custom" needs --extra-cidr)
      --region <region>        The vendor's published IP set, e.g. "us" or "eu" for Segment
      --extra-cidr <cidr>      Another CIDR the vendor connects from (repeat for several)

AWS:
      --aws-region <region>    AWS region (default: AWS_REGION or the profile's, the standard chain)
      --endpoint <url>         AWS endpoint override, e.g. a local moto_server

Output:
      --json                   Machine-readable report on stdout
      --color, --no-color      Force or disable colour (default: only on a terminal; NO_COLOR is honoured)
  -h, --help                   Show this help

Credentials come from the standard AWS chain (environment, profile, SSO, instance role); doctor needs
rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBSubnetGroups, ec2:DescribeSecurityGroupRules,
ec2:GetManagedPrefixListEntries, ec2:DescribeManagedPrefixLists, ec2:DescribeRouteTables and ec2:DescribeNetworkAcls.

Exit codes: 0 the vendor can reach the database, 1 a check failed, 2 usage, unknown identifier or AWS error.

Examples:
  pg-vendor-access doctor --instance analytics-db --vendor segment --region us
  pg-vendor-access doctor --cluster warehouse --vendor whaly --aws-region eu-west-1 --json`;
