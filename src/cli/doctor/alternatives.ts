/**
 * How each vendor can reach a database that is not publicly accessible, as the vendor documents it.
 * Plain data, keyed by preset id; vendors without an entry get {@link GENERIC_ALTERNATIVES}.
 */

/** One documented way in when the database has no public endpoint. */
export interface PrivateAccessAlternative {
  /** Short name, e.g. "SSH tunnel". */
  method: string;
  /** What it takes, in one sentence. */
  detail: string;
  /** The vendor's page describing it. */
  url?: string;
}

export const VENDOR_ALTERNATIVES: Readonly<Record<string, readonly PrivateAccessAlternative[]>> = Object.freeze({
  segment: [
    {
      method: "AWS PrivateLink (private beta)",
      detail:
        "Segment supports RDS PostgreSQL Reverse ETL sources over PrivateLink for databases in us-east-1, us-east-2, " +
        "us-west-2 and eu-west-1, behind a Network Load Balancer; otherwise Segment requires Public access = Yes.",
      url: "https://www.twilio.com/docs/segment/connections/aws-privatelink",
    },
  ],
  whaly: [
    {
      method: "SSH tunnel",
      detail: "Whaly connects through an SSH bastion whose SSH port admits Whaly's IPs; the bastion must reach the database port.",
      url: "https://docs.whaly.io/connectors/ssh-tunneling",
    },
  ],
  fivetran: [
    {
      method: "SSH tunnel",
      detail: "Fivetran requires an SSH tunnel (or reverse SSH) when the database is in an inaccessible subnet.",
      url: "https://fivetran.com/docs/connectors/databases/connection-options",
    },
    {
      method: "AWS PrivateLink",
      detail: "available on Fivetran's Business Critical plan; a Proxy Agent or Hybrid Deployment are other options.",
      url: "https://fivetran.com/docs/connectors/databases/connection-options",
    },
  ],
  hightouch: [
    {
      method: "SSH tunnel",
      detail: "Hightouch connects through a standard or reverse SSH tunnel.",
      url: "https://hightouch.com/docs/sources/postgresql",
    },
    {
      method: "AWS PrivateLink",
      detail: "available on Hightouch's Business tier.",
      url: "https://hightouch.com/docs/sources/postgresql",
    },
  ],
  census: [
    {
      method: "SSH tunnel",
      detail: "Census connects through an SSH bastion (a user such as census with Census's key in its authorized_keys).",
      url: "https://docs.getcensus.com/sources/available-sources/postgres",
    },
  ],
  airbyte: [
    {
      method: "SSH tunnel",
      detail: "Airbyte connects through an SSH bastion, with key or password authentication.",
      url: "https://docs.airbyte.com/integrations/sources/postgres",
    },
  ],
  rudderstack: [
    {
      method: "none documented",
      detail:
        "RudderStack does not support SSH tunnels for PostgreSQL Reverse ETL sources, so the database must be publicly accessible with its IPs admitted.",
      url: "https://www.rudderstack.com/docs/sources/reverse-etl/postgresql/",
    },
  ],
});

export const GENERIC_ALTERNATIVES: readonly PrivateAccessAlternative[] = Object.freeze([
  {
    method: "SSH tunnel",
    detail: "a bastion host in a public subnet whose SSH port admits the vendor's IPs and which can reach the database port, if the vendor supports SSH tunnels.",
  },
  {
    method: "AWS PrivateLink",
    detail: "a VPC endpoint service (Network Load Balancer in front of the database), if the vendor offers PrivateLink.",
  },
]);

/** The documented alternatives for a preset id, or the generic ones. */
export function alternativesFor(vendorId: string): readonly PrivateAccessAlternative[] {
  return Object.prototype.hasOwnProperty.call(VENDOR_ALTERNATIVES, vendorId) ? VENDOR_ALTERNATIVES[vendorId]! : GENERIC_ALTERNATIVES;
}
