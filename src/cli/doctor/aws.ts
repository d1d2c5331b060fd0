/** AWS plumbing shared by the checks: the region from the standard chain, one-line errors naming the call. */
import { RDSClient } from "@aws-sdk/client-rds";
import { ArgumentError } from "../../validate";
import { DoctorError } from "./types";

/** Filter values per DescribeSecurityGroupRules / DescribeRouteTables call. */
export const FILTER_CHUNK = 200;

export async function resolveRegion(client: RDSClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new ArgumentError("awsRegion", "is not set and the standard chain has none; pass --aws-region (e.g. us-east-1) or set AWS_REGION.");
  }
}

/** Wraps an AWS call so failures become one-line {@link DoctorError}s naming the call. */
export async function aws<T>(call: string, fn: () => Promise<T>): Promise<T> {
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
