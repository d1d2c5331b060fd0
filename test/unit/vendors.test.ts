/**
 * The vendor catalogue pinned to the facts in the project's vendor reference: every preset's role, schemas,
 * privileges, modes, regions and CIDRs as exact values, plus catalogue-wide invariants (provenance, normalized
 * CIDRs, plain data) and the errors users see where a vendor publishes no addresses.
 */
import { describe, expect, test } from "vitest";
import { parseCidr } from "../../src/cidr";
import { planVendorAccess, type AccessPlan } from "../../src/plan";
import { ArgumentError, validateRoleName } from "../../src/validate";
import { vendors } from "../../src/vendors";
import type { VendorPreset } from "../../src/vendors/types";

const NEW_PRESETS = ["census", "airbyte", "stitch", "rudderstack", "metabase", "fivetran", "hightouch"];

/** The preset's data minus prose (notes, facts, sources, labels), to pin exactly. */
function shape(p: VendorPreset) {
  return {
    roleName: p.roleName,
    roleNameSource: p.roleNameSource,
    databasePrivileges: p.databasePrivileges,
    readPrivileges: p.readPrivileges,
    managedSchemas: p.managedSchemas,
    modes: p.modes ? Object.fromEntries(Object.entries(p.modes).map(([k, m]) => [k, m.managedSchemas])) : undefined,
    defaultMode: p.defaultMode,
    regions: p.regions,
    defaultRegion: p.defaultRegion,
    tls: p.tls,
    cdc: p.cdc ? { plugin: p.cdc.plugin, slotName: p.cdc.slotName, publicationName: p.cdc.publicationName } : undefined,
  };
}

describe("catalogue contents", () => {
  test("lists exactly the catalogue's 17 presets", () => {
    expect(Object.keys(vendors).sort()).toEqual(
      ["airbyte", "census", "fivetran", "grafana", "hightouch", "lightdash", "looker", "metabase", "mixpanel", "omni", "posthog", "preset", "retool", "rudderstack", "segment", "stitch", "whaly"],
    );
  });

  test("census", () => {
    expect(shape(vendors.census!)).toEqual({
      roleName: "census",
      roleNameSource: "vendor",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"], function: ["EXECUTE"] },
      managedSchemas: ["census"],
      modes: { standard: ["census"], "read-only": [] },
      defaultMode: "standard",
      regions: {
        "us-east-1": ["3.220.140.57/32", "54.81.195.173/32"],
        "eu-central-1": ["3.73.223.175/32", "18.195.84.64/32", "3.74.27.151/32"],
        "ap-southeast-2": ["52.64.222.172/32", "52.62.68.139/32"],
      },
      defaultRegion: "us-east-1",
      tls: "required",
      cdc: undefined,
    });
  });

  test("airbyte", () => {
    expect(shape(vendors.airbyte!)).toEqual({
      roleName: "airbyte",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        us: [
          "34.106.109.131/32", "34.106.196.165/32", "34.106.60.246/32", "34.106.229.69/32",
          "34.106.127.139/32", "34.106.218.58/32", "34.106.115.240/32", "34.106.225.141/32", "34.33.7.0/29",
        ],
        eu: ["13.37.4.46/32", "13.37.142.60/32", "35.181.124.238/32"],
      },
      defaultRegion: "us",
      tls: "required",
      cdc: { plugin: "pgoutput", slotName: "airbyte_slot", publicationName: "airbyte_publication" },
    });
  });

  test("stitch", () => {
    expect(shape(vendors.stitch!)).toEqual({
      roleName: "stitch",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        "north-america": ["52.23.137.21/32", "52.204.223.208/32", "52.204.228.32/32", "52.204.230.227/32"],
        europe: ["3.126.102.29/32", "18.158.16.164/32", "18.158.251.55/32", "52.57.235.168/32"],
      },
      defaultRegion: undefined,
      tls: "supported",
      cdc: { plugin: "wal2json", slotName: "stitch", publicationName: undefined },
    });
  });

  test("rudderstack", () => {
    expect(shape(vendors.rudderstack!)).toEqual({
      roleName: "rudder",
      roleNameSource: "vendor",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: ["_rudderstack"],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        us: ["3.216.35.97/32", "18.214.35.254/32", "23.20.96.9/32", "34.198.90.241/32", "34.211.241.254/32", "52.38.160.231/32", "54.147.40.62/32"],
        eu: ["3.123.104.182/32", "3.125.132.33/32", "18.198.90.215/32", "18.196.167.201/32"],
        "us-enterprise": ["3.216.35.97/32", "34.198.90.241/32", "44.236.60.231/32", "54.147.40.62/32", "100.20.239.77/32"],
        "eu-enterprise": ["3.66.99.198/32", "3.64.201.167/32", "3.123.104.182/32", "3.125.132.33/32"],
      },
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("metabase", () => {
    expect(shape(vendors.metabase!)).toEqual({
      roleName: "metabase",
      roleNameSource: "vendor",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        "us-east-1": ["18.207.81.126/32", "3.211.20.157/32", "50.17.234.169/32"],
        "eu-central-1": ["18.192.2.142/32", "18.184.191.58/32", "3.65.184.173/32"],
        "ap-southeast-1": ["54.179.42.215/32", "3.1.176.8/32", "18.139.48.211/32"],
        "ap-southeast-2": ["13.238.131.1/32", "3.105.237.132/32", "54.252.39.14/32"],
        "sa-east-1": ["18.228.120.123/32", "54.207.106.108/32", "18.228.120.162/32"],
      },
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("fivetran: GCP CIDRs only, AWS/Azure/London as empty sets the user fills", () => {
    expect(shape(vendors.fivetran!)).toEqual({
      roleName: "fivetran",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        "us-east4": ["35.234.176.144/29"],
        "us-west1": ["35.227.135.0/29"],
        "us-central1": ["35.192.240.48/29"],
        "europe-west3": ["35.235.32.144/29"],
        "australia-southeast-1": ["35.244.75.240/29"],
        "europe-west2": [],
        aws: [],
        azure: [],
      },
      defaultRegion: undefined,
      tls: "required",
      // Slot and publication names are secondary-source only, so not shipped.
      cdc: { plugin: "pgoutput", slotName: undefined, publicationName: undefined },
    });
  });

  test("hightouch: no IPs shipped; Lightning adds its two schemas", () => {
    expect(shape(vendors.hightouch!)).toEqual({
      roleName: "hightouch",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: { basic: [], lightning: ["hightouch_planner", "hightouch_audit"] },
      defaultMode: "basic",
      regions: {},
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("posthog: US and EU Cloud IPs from PostHog's POSTHOG_IPS constant; TLS required", () => {
    expect(shape(vendors.posthog!)).toEqual({
      roleName: "posthog",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        us: ["44.205.89.55/32", "52.4.194.122/32", "44.208.188.173/32"],
        eu: ["3.75.65.221/32", "18.197.246.42/32", "3.120.223.253/32"],
      },
      defaultRegion: undefined,
      tls: "required",
      cdc: undefined,
    });
  });

  test("omni: the guide's omni user, tables and sequences; no IPs (shown per connection in the app)", () => {
    expect(shape(vendors.omni!)).toEqual({
      roleName: "omni",
      roleNameSource: "vendor",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {},
      defaultRegion: undefined,
      tls: "unknown",
      cdc: undefined,
    });
  });

  test("retool: three outbound regions, us-west-2 by default", () => {
    expect(shape(vendors.retool!)).toEqual({
      roleName: "retool",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        "us-west-2": ["35.90.103.132/30", "44.208.168.68/30"],
        "eu-central-1": ["3.77.79.248/30"],
        "ap-southeast-1": ["47.128.165.252/32", "54.169.175.71/32", "54.255.139.141/32"],
      },
      defaultRegion: "us-west-2",
      tls: "unknown",
      cdc: undefined,
    });
  });

  test("preset: the four Preset Cloud regions", () => {
    expect(shape(vendors.preset!)).toEqual({
      roleName: "preset",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {
        "us-west-2": ["35.161.45.11/32", "54.244.23.85/32", "52.32.136.34/32"],
        "us-east-1": ["44.193.153.196/32", "52.70.123.52/32", "54.83.88.93/32"],
        "eu-north-1": ["13.48.95.3/32", "13.51.212.165/32", "16.170.49.24/32"],
        "ap-northeast-1": ["35.74.159.67/32", "35.75.171.157/32", "52.193.196.211/32"],
      },
      defaultRegion: undefined,
      tls: "unknown",
      cdc: undefined,
    });
  });

  test("lightdash: one static IP per cloud domain", () => {
    expect(shape(vendors.lightdash!)).toEqual({
      roleName: "lightdash",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: { app: ["35.245.81.252/32"], eu1: ["34.38.17.228/32"] },
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("grafana: the guide's grafanareader, SELECT only; no IPs shipped", () => {
    expect(shape(vendors.grafana!)).toEqual({
      roleName: "grafanareader",
      roleNameSource: "vendor",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {},
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("looker: tables and sequences; no scratch schema declared; no IPs shipped", () => {
    expect(shape(vendors.looker!)).toEqual({
      roleName: "looker",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"], sequence: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {},
      defaultRegion: undefined,
      tls: "supported",
      cdc: undefined,
    });
  });

  test("mixpanel: read-only; no IPs shipped; TLS unknown (the guide's sentence was cut off)", () => {
    expect(shape(vendors.mixpanel!)).toEqual({
      roleName: "mixpanel",
      roleNameSource: "catalogue",
      databasePrivileges: ["CONNECT"],
      readPrivileges: { table: ["SELECT"] },
      managedSchemas: [],
      modes: undefined,
      defaultMode: undefined,
      regions: {},
      defaultRegion: undefined,
      tls: "unknown",
      cdc: undefined,
    });
  });

  test("no secondary-source value is shipped", () => {
    const all = JSON.stringify(vendors);
    // Hightouch IPs, Fivetran AWS/legacy IPs, Census's outdated US IPs, Fivetran's secondary slot/publication names,
    for (const value of [
      "54.196.30.169", "52.72.201.213", "18.213.226.96", "3.224.126.197", "3.217.26.199",
      "3.239.194.48", "35.80.36.104", "52.0.2.4", "34.216.163.241", "54.212.243.205",
      "fivetran_pgoutput_slot", "fivetran_pub",
      // Omni's four IPs from its older docs site (its current page shows IPs per connection in the app instead);
      // Retool's 2022 changelog additions that its current IP page no longer lists.
      "54.172.168.164", "52.205.119.255", "3.211.115.21", "44.199.154.198", "52.177.12.28", "52.175.251.223",
    ]) {
      expect(all, value).not.toContain(value);
    }
  });
});

describe("catalogue invariants", () => {
  test.each(Object.keys(vendors))("%s: provenance, normalized CIDRs, region details, role name", (id) => {
    const p = vendors[id]!;
    expect(p.id).toBe(id);
    expect(validateRoleName(p.roleName)).toBe(p.roleName);
    // Unquoted upper case folds to lower case: a preset role or schema with upper case would be a quoted name.
    expect(p.roleName).toBe(p.roleName.toLowerCase());
    for (const schema of [...p.managedSchemas, ...Object.values(p.modes ?? {}).flatMap((m) => m.managedSchemas ?? [])]) {
      expect(schema).toBe(schema.toLowerCase());
    }
    expect(p.facts.length).toBeGreaterThan(0);
    for (const fact of p.facts) {
      expect(fact.url).toMatch(/^https:\/\//);
      expect(p.sources).toContain(fact.url);
      expect(fact.retrievedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (fact.lastChanged) expect(fact.lastChanged <= fact.retrievedAt).toBe(true);
    }
    for (const [region, cidrs] of Object.entries(p.regions)) {
      for (const cidr of cidrs) expect(parseCidr(cidr)?.cidr, `${id}.${region}`).toBe(cidr);
      expect(new Set(cidrs).size).toBe(cidrs.length);
    }
    if (p.regionDetails) {
      expect(Object.keys(p.regionDetails).sort()).toEqual(Object.keys(p.regions).sort());
      for (const [region, detail] of Object.entries(p.regionDetails)) expect(detail.cidrs).toEqual(p.regions[region]);
    }
    if (p.defaultRegion !== undefined) expect(Object.keys(p.regions)).toContain(p.defaultRegion);
    if (p.defaultMode !== undefined) expect(Object.keys(p.modes ?? {})).toContain(p.defaultMode);
    if (p.roleNameSource === "catalogue") {
      expect(p.notes.some((n) => n.includes(`\`${p.roleName}\` is this catalogue's choice`))).toBe(true);
    }
    // Every preset whose list is incomplete says where the user finds the rest.
    if (Object.values(p.regions).some((c) => c.length === 0) || Object.keys(p.regions).length === 0) {
      expect(p.cidrsNotPublished).toMatch(/https:\/\//);
    }
  });

  test("vendors is plain data (survives a JSON round trip unchanged)", () => {
    expect(JSON.parse(JSON.stringify(vendors))).toEqual(vendors);
  });
});

/** Compact view of the planned Postgres resources. */
function items(plan: AccessPlan): string[] {
  return plan.postgres.map((r) => {
    switch (r.kind) {
      case "role":
        return `role ${r.name}${r.replication ? " REPLICATION" : ""}`;
      case "schema":
        return `schema ${r.name} owner ${r.owner}`;
      case "grant":
        return `grant ${r.objectType}${r.schema ? ` ${r.schema}` : ""}: ${r.privileges.join(",")}`;
      case "defaultPrivileges":
        return `defaults for ${r.owner} in ${r.schema} on ${r.objectType}: ${r.privileges.join(",")}`;
      default:
        return `${r.kind} ${JSON.stringify(r)}`;
    }
  });
}

const base = { database: "analytics", readSchemas: ["public"], tableOwners: ["app"] };

describe("planned privileges per preset", () => {
  test("census: bookkeeping schema, SELECT and EXECUTE now and later", () => {
    expect(items(planVendorAccess({ vendor: "census", ...base }))).toEqual([
      "role census",
      "schema census owner census",
      "grant database: CONNECT",
      "grant schema public: USAGE",
      "grant table public: SELECT",
      "grant function public: EXECUTE",
      "defaults for app in public on table: SELECT",
      "defaults for app in public on function: EXECUTE",
    ]);
  });

  test("census read-only mode drops the bookkeeping schema", () => {
    const plan = planVendorAccess({ vendor: "census", mode: "read-only", ...base });
    expect(plan.managedSchemas).toEqual([]);
    expect(items(plan)).not.toContain("schema census owner census");
    expect(plan.mode).toBe("read-only");
  });

  test("census read-only mode with no read schemas is refused", () => {
    expect(() => planVendorAccess({ vendor: "census", mode: "read-only", database: "analytics" })).toThrow(
      /^\[readSchemas\] is empty, so Census would have nothing to read/,
    );
  });

  test.each([
    ["airbyte", []],
    ["stitch", []],
    ["metabase", []],
    ["fivetran", []],
    ["hightouch", []],
    ["posthog", []],
    ["retool", []],
    ["preset", []],
    ["lightdash", []],
    ["grafana", []],
    ["mixpanel", []],
    ["rudderstack", ["schema _rudderstack owner rudder"]],
  ])("%s: read access with default privileges", (vendor, schemas) => {
    const plan = planVendorAccess({ vendor, ...base });
    expect(items(plan)).toEqual([
      `role ${vendors[vendor]!.roleName}`,
      ...schemas,
      "grant database: CONNECT",
      "grant schema public: USAGE",
      "grant table public: SELECT",
      "defaults for app in public on table: SELECT",
    ]);
  });

  const SEQ_VENDORS: string[] = ["looker", "omni"];
  test.each(SEQ_VENDORS)("%s: tables and sequences, now and later", (vendor) => {
    expect(items(planVendorAccess({ vendor, ...base }))).toEqual([
      `role ${vendors[vendor]!.roleName}`,
      "grant database: CONNECT",
      "grant schema public: USAGE",
      "grant table public: SELECT",
      "grant sequence public: SELECT",
      "defaults for app in public on table: SELECT",
      "defaults for app in public on sequence: SELECT",
    ]);
  });

  test("hightouch lightning: the planner and audit schemas, owned by the role", () => {
    const plan = planVendorAccess({ vendor: "hightouch", mode: "lightning", ...base });
    expect(plan.managedSchemas).toEqual(["hightouch_planner", "hightouch_audit"]);
    expect(items(plan).slice(0, 3)).toEqual([
      "role hightouch",
      "schema hightouch_planner owner hightouch",
      "schema hightouch_audit owner hightouch",
    ]);
  });

  test("hightouch: an unknown mode lists the valid ones", () => {
    expect(() => planVendorAccess({ vendor: "hightouch", mode: "turbo", ...base })).toThrow(
      '[mode] "turbo" is not a Hightouch mode; valid modes: "basic", "lightning".',
    );
  });

  test("roleName overrides a catalogue-chosen name", () => {
    expect(planVendorAccess({ vendor: "airbyte", roleName: "airbyte_prod", ...base }).roleName).toBe("airbyte_prod");
  });
});

describe("network rules", () => {
  const sg = { securityGroupId: "sg-0123456789abcdef0" };

  test("census defaults to us-east-1", () => {
    const plan = planVendorAccess({ vendor: "census", ...base, ...sg });
    expect(plan.region).toBe("us-east-1");
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["3.220.140.57/32", "54.81.195.173/32"]);
    expect(plan.ingress[0]!.description).toBe("Census (region us-east-1) to PostgreSQL port 5432");
  });

  test("metabase sa-east-1", () => {
    const plan = planVendorAccess({ vendor: "metabase", region: "sa-east-1", ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["18.228.120.123/32", "54.207.106.108/32", "18.228.120.162/32"]);
  });

  test("rudderstack needs region and plan; lists the ids", () => {
    expect(() => planVendorAccess({ vendor: "rudderstack", ...base, ...sg })).toThrow(
      '[region] is required for RudderStack Reverse ETL network rules: it publishes one IP set per region; choose one of "us", "eu", "us-enterprise", "eu-enterprise".',
    );
  });

  test("fivetran GCP region", () => {
    const plan = planVendorAccess({ vendor: "fivetran", region: "europe-west3", ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["35.235.32.144/29"]);
  });

  test.each(["aws", "azure", "europe-west2"])("fivetran %s without extraCidrs: error says where Fivetran lists them", (region) => {
    let error: unknown;
    try {
      planVendorAccess({ vendor: "fivetran", region, ...base, ...sg });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).argument).toBe("extraCidrs");
    expect((error as Error).message).toContain("https://fivetran.com/docs/using-fivetran/ips");
    expect((error as Error).message).toContain("AWS or Azure");
  });

  test("fivetran aws with extraCidrs: only the user's CIDRs", () => {
    const plan = planVendorAccess({ vendor: "fivetran", region: "aws", extraCidrs: ["198.51.100.8/29"], ...base, ...sg });
    expect(plan.ingress.map((r) => [r.cidr, r.source])).toEqual([["198.51.100.8/29", "extraCidrs"]]);
  });

  test("hightouch without extraCidrs: error points at Hightouch's networking page", () => {
    expect(() => planVendorAccess({ vendor: "hightouch", ...base, ...sg })).toThrow(
      /^\[extraCidrs\] is needed: securityGroupId is set but there are no CIDRs to allow for Hightouch\. .*https:\/\/hightouch\.com\/docs\/security\/networking#ip-addresses/,
    );
  });

  test("hightouch: a region id is refused (none shipped)", () => {
    expect(() => planVendorAccess({ vendor: "hightouch", region: "us-east-1", ...base, ...sg })).toThrow(
      /^\[region\] "us-east-1" is not a Hightouch region; it publishes no egress IPs\./,
    );
  });

  test("hightouch with extraCidrs", () => {
    const plan = planVendorAccess({ vendor: "hightouch", extraCidrs: ["203.0.113.5"], ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["203.0.113.5/32"]);
  });

  test("posthog needs a region (us or eu); eu gives PostHog's EU Cloud addresses", () => {
    expect(() => planVendorAccess({ vendor: "posthog", ...base, ...sg })).toThrow(
      '[region] is required for PostHog data warehouse network rules: it publishes one IP set per region; choose one of "us", "eu".',
    );
    const plan = planVendorAccess({ vendor: "posthog", region: "eu", ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["3.75.65.221/32", "18.197.246.42/32", "3.120.223.253/32"]);
  });

  test("omni without extraCidrs: error points at Omni's IP page (IPs are shown per connection in the app)", () => {
    expect(() => planVendorAccess({ vendor: "omni", ...base, ...sg })).toThrow(
      /^\[extraCidrs\] is needed: securityGroupId is set but there are no CIDRs to allow for Omni\. .*Settings > Connections, see https:\/\/docs\.omni\.co\/administration\/security\/omni-ip-addresses/,
    );
    const plan = planVendorAccess({ vendor: "omni", extraCidrs: ["203.0.113.7"], ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["203.0.113.7/32"]);
  });

  test("retool defaults to us-west-2 (its documented default region)", () => {
    const plan = planVendorAccess({ vendor: "retool", ...base, ...sg });
    expect(plan.region).toBe("us-west-2");
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["35.90.103.132/30", "44.208.168.68/30"]);
  });

  test("preset eu-north-1 (workspace URLs with eu5a)", () => {
    const plan = planVendorAccess({ vendor: "preset", region: "eu-north-1", ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["13.48.95.3/32", "13.51.212.165/32", "16.170.49.24/32"]);
  });

  test("lightdash eu1 (eu1.lightdash.cloud)", () => {
    const plan = planVendorAccess({ vendor: "lightdash", region: "eu1", ...base, ...sg });
    expect(plan.ingress.map((r) => r.cidr)).toEqual(["34.38.17.228/32"]);
  });

  test("grafana without extraCidrs: error points at Grafana Cloud's outbound IP page", () => {
    expect(() => planVendorAccess({ vendor: "grafana", ...base, ...sg })).toThrow(
      /^\[extraCidrs\] is needed: securityGroupId is set but there are no CIDRs to allow for Grafana Cloud\. .*https:\/\/grafana\.com\/docs\/grafana-cloud\/connect-externally-hosted\/allow-grafana-cloud-ips\//,
    );
  });

  test("looker without extraCidrs: error points at Looker's secure-database-access page", () => {
    expect(() => planVendorAccess({ vendor: "looker", ...base, ...sg })).toThrow(
      /^\[extraCidrs\] is needed: securityGroupId is set but there are no CIDRs to allow for Looker\. .*https:\/\/cloud\.google\.com\/looker\/docs\/enabling-secure-db-access/,
    );
  });

  test("mixpanel without extraCidrs: error names its connector page", () => {
    expect(() => planVendorAccess({ vendor: "mixpanel", ...base, ...sg })).toThrow(
      /^\[extraCidrs\] is needed: securityGroupId is set but there are no CIDRs to allow for Mixpanel Warehouse Connectors\. .*https:\/\/docs\.mixpanel\.com\/docs\/tracking-methods\/warehouse-connectors\/postgres/,
    );
  });
});
