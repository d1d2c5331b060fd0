/**
 * `plan`: the resources it prints are exactly those the component registers (same types, names and key
 * inputs, under Pulumi mocks), the SQL comes from the same plan, secrets never appear, and file errors
 * exit 2 naming the file or the argument.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { resetChains } from "../../src/children/chain";
import { resetDeclaredRules } from "../../src/children/network";
import type { CliIo } from "../../src/cli/args";
import { main } from "../../src/cli/main";
import { describeResources, SECRET_MASK, type IntegrationPlanView } from "../../src/cli/plan";
import { planVendorAccess } from "../../src/plan";
import { planToSql } from "../../src/sql";
import { WHALY_CIDRS } from "../support/vendor-pages";
import { PulumiCapture, unwrap } from "../support/pulumi-capture";

const REPO = resolve(__dirname, "..", "..");
let dir: string;
let capture: PulumiCapture;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pgva-plan-"));
  capture = await PulumiCapture.install();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  capture.reset();
  resetChains();
  resetDeclaredRules();
});

async function run(argv: string[], tty = false) {
  const io: CliIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout(t) {
      io.out += t;
    },
    stderr(t) {
      io.err += t;
    },
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    env: {},
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SECRET = "Sup3r-Secret-Password-do-not-print";

describe("plan resources match the component's registrations", () => {
  const cases: [string, PostgresVendorAccessArgs][] = [
    ["segment", { vendor: "segment", database: "app", readSchemas: ["public", "Sales"], tableOwners: ["migrator"], region: "eu", securityGroupId: "sg-0123456789abcdef0", connectionLimit: 4 }],
    ["whaly", { vendor: "whaly", database: "app", readSchemas: ["mart"], password: SECRET }],
    ["custom", { vendor: "custom", roleName: "acme", database: "app", readSchemas: ["a"], managedSchemas: ["acme_state"], managedSchemaOnDestroy: "drop", extraCidrs: ["203.0.113.7", "2001:db8::/48"], securityGroupId: "sg-0123456789abcdef0" }],
  ];
  test.each(cases)("%s", async (name, args) => {
    const plan = planVendorAccess(args);
    const printed = describeResources(name, plan, args);
    const component = await capture.run(() => new PostgresVendorAccess(name, args));
    await unwrap(component.connection);
    const pairs = (list: { type: string; name: string }[]) => list.map((r) => `${r.type} ${r.name}`);
    // The same set of children; Postgres children also in the same (chained) order.
    expect(pairs(printed).sort()).toEqual(pairs(capture.registrations).sort());
    const postgresOnly = (list: { type: string; name: string }[]) => pairs(list.filter((r) => r.type.startsWith("postgresql:")));
    expect(postgresOnly(printed)).toEqual(postgresOnly(capture.registrations));
    // Key inputs agree with what was registered (the password only as the mask); the component's own
    // line shows its arguments, which are not registered as inputs.
    for (const view of printed.filter((v) => v.type !== "pg-vendor-access:index:PostgresVendorAccess")) {
      const reg = capture.registrations.find((r) => r.name === view.name)!;
      for (const [k, v] of Object.entries(view.inputs)) {
        if (k === "retainOnDelete") expect(reg.retainOnDelete, `${view.name}.${k}`).toBe(v);
        else if (v === SECRET_MASK) expect(reg.secretInputs, `${view.name}.${k}`).toContain(k);
        else expect(reg.inputs[k], `${view.name}.${k}`).toEqual(v);
      }
    }
  });
});

describe("plan command", () => {
  const argsFile = () =>
    file(
      "seg.yaml",
      ["name: reverse-etl", "vendor: segment", "database: app", "readSchemas: [public]", "tableOwners: [migrator]", `password: ${SECRET}`, ""].join("\n"),
    );

  test("--json: resources, SQL from the same plan, warnings; the password is masked", async () => {
    const r = await run(["plan", "--file", argsFile(), "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).not.toContain(SECRET);
    const parsed = JSON.parse(r.out) as { integrations: IntegrationPlanView[]; warnings: string[] };
    expect(parsed.warnings).toEqual([]);
    expect(parsed.integrations).toHaveLength(1);
    const view = parsed.integrations[0]!;
    const plan = planVendorAccess({ vendor: "segment", database: "app", readSchemas: ["public"], tableOwners: ["migrator"] });
    expect(view.name).toBe("reverse-etl");
    expect(view.vendor).toBe("segment");
    expect(view.role).toBe("segment");
    expect(view.sql).toEqual(planToSql(plan).flatMap((s) => s.statements));
    // A given password means no RandomPassword child.
    expect(view.resources.map((x) => x.name)).toEqual(["reverse-etl", ...plan.postgres.map((p) => `reverse-etl-${p.key}`)]);
    expect(view.resources[1]).toEqual({
      type: "postgresql:index/role:Role",
      name: "reverse-etl-role",
      inputs: {
        name: "segment", login: true, password: "[secret]", superuser: false, createDatabase: false, createRole: false,
        replication: false, bypassRowLevelSecurity: false,
      },
    });
  });

  test("text: resources then the SQL script; colour only on a terminal; --name overrides", async () => {
    const path = argsFile();
    const plain = await run(["plan", "--file", path, "--name", "x"]);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain(SECRET);
    expect(plain.out).not.toContain("\u001b[");
    expect(plain.out).toContain("x: Segment Reverse ETL -> role \"segment\" in database \"app\"\n\nResources (9):\n");
    expect(plain.out).toContain("  postgresql:index/role:Role  x-role\n");
    expect(plain.out).toContain('      name="segment" login=true password=[secret] superuser=false');
    expect(plain.out).toContain("SQL:\n-- pg-vendor-access: Segment Reverse ETL");
    const tty = await run(["plan", "--file", path], true);
    expect(tty.out).toContain("\u001b[1mreverse-etl-role\u001b[0m");
    const forcedOff = await run(["plan", "--file", path, "--no-color"], true);
    expect(forcedOff.out).not.toContain("\u001b[");
  });

  test("--sql-only prints exactly the script", async () => {
    const r = await run(["plan", "-f", argsFile(), "--sql-only"]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith("-- pg-vendor-access: Segment Reverse ETL, role \"segment\", component \"reverse-etl\"\n")).toBe(true);
    expect(r.out).toContain("\nCOMMIT;\n-- Network");
    expect(r.out).not.toContain("Resources");
    expect(r.out).not.toContain(SECRET);
  });

  test("planner warnings are shown (no table owners)", async () => {
    const r = await run(["plan", "-f", file("w.json", JSON.stringify({ vendor: "whaly", database: "d", readSchemas: ["public"] }))]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('warning: tableOwners is empty: tables created later in "public" will not be readable by "whaly_bi"');
  });

  test("--stack-file: every integration of Pulumi.dev.yaml, or one with --integration", async () => {
    const all = await run(["plan", "--stack-file", join(REPO, "Pulumi.dev.yaml"), "--json"]);
    expect(all.err).toBe("");
    expect(all.code).toBe(0);
    const parsed = JSON.parse(all.out) as { integrations: IntegrationPlanView[] };
    expect(parsed.integrations.map((i) => [i.vendor, i.database, i.role])).toEqual([
      ["segment", "analytics", "segment"],
      ["whaly", "analytics", "whaly_bi"],
    ]);
    const name = parsed.integrations[1]!.name;
    const one = await run(["plan", "--stack-file", join(REPO, "Pulumi.dev.yaml"), "--integration", name, "--json"]);
    expect((JSON.parse(one.out) as { integrations: IntegrationPlanView[] }).integrations.map((i) => i.vendor)).toEqual(["whaly"]);
    const missing = await run(["plan", "--stack-file", join(REPO, "Pulumi.dev.yaml"), "--integration", "nope"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^pg-vendor-access: --integration "nope" is not in .*Pulumi\.dev\.yaml; integrations: ".+", ".+"\.\n$/);
  });

  test("--stack-file --sql-only (Pulumi.prod.yaml): one password variable per integration, the AWS rules printed", async () => {
    const r = await run(["plan", "--stack-file", join(REPO, "Pulumi.prod.yaml"), "--sql-only"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const roles = [...r.out.matchAll(/^CREATE ROLE ("[^"]+") WITH PASSWORD (:'[a-z0-9_]+')/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(roles).toEqual([`"segment" :'segment_password'`, `"whaly_bi" :'whaly_password'`]);
    expect(r.out).toContain("-- The password is a psql variable: psql -v segment_password='...' -v ON_ERROR_STOP=1 -f <this file>\n");
    expect(r.out).toContain("-- The password is a psql variable: psql -v whaly_password='...' -v ON_ERROR_STOP=1 -f <this file>\n");
    // Segment US (2 CIDRs) into one group, Whaly (36) into its dedicated group, each on the stack's port.
    const commands = r.out.split("\n").filter((l) => l.startsWith("--   aws ec2 authorize-security-group-ingress"));
    expect(commands.filter((c) => c.includes("--group-id sg-0123456789abcdef0 "))).toEqual([
      "--   aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=52.25.130.38/32}]'",
      "--   aws ec2 authorize-security-group-ingress --group-id sg-0123456789abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=34.223.203.0/28}]'",
    ]);
    const whaly = commands.filter((c) => c.includes("--group-id sg-0fedcba9876543210 "));
    expect(whaly.map((c) => /CidrIp=([^}]+)\}/.exec(c)![1]).sort()).toEqual([...WHALY_CIDRS].sort());
    expect(r.out).toContain("-- Network (not done by this SQL): the component also declares 36 security-group ingress rules.\n");
  });

  test("--stack-file errors: no config map, invalid config key", async () => {
    const noConfig = await run(["plan", "--stack-file", file("Pulumi.x.yaml", "encryptionsalt: abc\n")]);
    expect(noConfig.code).toBe(2);
    expect(noConfig.err).toMatch(/has no "config:" mapping; expected a Pulumi.<stack>.yaml file\.\n$/);
    const bad = await run(["plan", "--stack-file", file(
        "Pulumi.y.yaml",
        [
          "config:",
          "  postgresql:host: 127.0.0.1",
          "  postgresql:database: analytics",
          "  postgresql:username: postgres",
          "  postgresql:sslmode: disable",
          "  pg-vendor-access:integrations:",
          "    - vendor: segmnt",
          "",
        ].join("\n"),
      )]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^pg-vendor-access: pg-vendor-access:integrations\[0\]\.vendor: /);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
  });

  test("file and argument errors exit 2 with one line naming the file or argument", async () => {
    const missing = await run(["plan", "-f", join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`pg-vendor-access: --file ${JSON.stringify(join(dir, "nope.yaml"))} cannot be read: ENOENT.\n`);
    const broken = await run(["plan", "-f", file("broken.yaml", "vendor: [segment\n")]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/^pg-vendor-access: --file ".*broken\.yaml" is not valid JSON or YAML: /);
    const list = await run(["plan", "-f", file("list.json", "[1,2]")]);
    expect(list.code).toBe(2);
    expect(list.err).toMatch(/must hold one mapping of the component's arguments \(vendor, database, readSchemas, \.\.\.\)\.\n$/);
    const invalid = await run(["plan", "-f", file("bad.json", JSON.stringify({ vendor: "segment", database: "d", readSchemas: ["public"], port: 0 }))]);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toBe('pg-vendor-access: [port] 0 is not a TCP port; use an integer from 1 to 65535 (PostgreSQL\'s default is 5432).\n');
    expect(invalid.out).toBe("");
  });
});

describe("entry point", () => {
  test("no arguments: the overview on stderr, nothing on stdout, exit 2", async () => {
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.out).toBe("");
    expect(bare.err).toMatch(/^Usage: pg-vendor-access <command> \[options\]\n/);
  });

  test("--json: errors are also a JSON object on stdout, for every kind of error", async () => {
    const usage = await run(["doctor", "--vendor", "segment", "--json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.out)).toEqual({
      ok: false,
      error: { message: "doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>.", command: "doctor", exitCode: 2 },
    });
    expect(usage.err).toBe("pg-vendor-access: doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>. (see: pg-vendor-access doctor --help)\n");
    const unknownOption = await run(["check", "--json", "--nope"]);
    expect(unknownOption.code).toBe(2);
    expect(JSON.parse(unknownOption.out).error.message).toMatch(/^unknown option --nope\. check options: --help, --json, /);
    const missingFile = await run(["plan", "--json", "--file", "/nonexistent/args.yaml"]);
    expect(missingFile.code).toBe(2);
    expect(JSON.parse(missingFile.out)).toEqual({ ok: false, error: { message: '--file "/nonexistent/args.yaml" cannot be read: ENOENT.', command: "plan", exitCode: 2 } });
    // Without --json stdout stays empty.
    expect((await run(["plan", "--file", "/nonexistent/args.yaml"])).out).toBe("");
  });

  test("help, per-command help, version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: pg-vendor-access <command> \[options\]\n/);
    for (const command of ["check", "plan", "doctor"]) {
      const viaFlag = await run([command, "--help"]);
      expect(viaFlag.code, command).toBe(0);
      expect(viaFlag.out, command).toMatch(new RegExp(`^Usage: pg-vendor-access ${command} `));
      const viaHelp = await run(["help", command]);
      expect(viaHelp.out).toBe(viaFlag.out);
    }
    const version = await run(["--version"]);
    expect(version.out).toBe("0.1.0\n");
  });

  test("doctor is wired: usage errors exit 2 before any AWS call", async () => {
    const r = await run(["doctor", "--vendor", "segment"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "pg-vendor-access: doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>. (see: pg-vendor-access doctor --help)\n",
    );
  });
});
