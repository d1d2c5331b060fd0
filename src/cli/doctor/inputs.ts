/** Validation of the doctor's options: identifiers, port, endpoint, region, and the vendor's CIDRs from the planner. */
import { planVendorAccess } from "../../plan";
import { ArgumentError, validatePort, validateRegion, validateVendor, validateIdentifier } from "../../validate";
import { CUSTOM_VENDOR } from "../../vendors";
import { rangeOf, type AddressRange } from "./ip";
import { type DoctorOptions } from "./types";

export interface ValidatedInputs {
  instance?: string;
  cluster?: string;
  vendorId: string;
  vendorName: string;
  vendorRegion?: string;
  cidrs: { cidr: string; family: "ipv4" | "ipv6"; range: AddressRange }[];
}

export function validateOptions(options: DoctorOptions): ValidatedInputs {
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
export function identifier(argument: "instance" | "cluster", value: unknown): string {
  const text = validateIdentifier(argument, value);
  if (!/^[A-Za-z][A-Za-z0-9-]{0,62}$/.test(text)) {
    throw new ArgumentError(argument, `${JSON.stringify(text)} is not an RDS identifier; use 1-63 letters, digits or hyphens, starting with a letter.`);
  }
  return text;
}
