/** The doctor's options, findings and report, and its AWS error. */

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
