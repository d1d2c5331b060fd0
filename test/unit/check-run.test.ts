/**
 * `runCheck` and the catalog queries of `collectFacts` without a server: a fake node-postgres client answers
 * each query from canned rows and records what was asked. Proves the number of queries is fixed per schema,
 * that names travel as parameters, that rows become facts, that the write test always rolls back, and the
 * connection handling of runCheck (sslmode=prefer falls back to plain, secrets never printed, exit codes).
 */
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { CliIo } from "../../src/cli/args";
import { collectFacts, runCheck, type CheckReport } from "../../src/cli/check";
import { parseCommandLine, type CheckOptions } from "../../src/cli/args";
import { planVendorAccess } from "../../src/plan";

// Hoisted with vi.mock, so the module under test gets the fake client.
const { FakeClient } = vi.hoisted(() => {

/** Canned answers by what the query is about. */
function answer(text: string, values: unknown[] | undefined): { rows: Record<string, unknown>[] } {
  if (text.includes("pg_stat_ssl")) {
    return {
      rows: [{
        user: "whaly_bi", database: "dw", server_version: "15.10", ssl: false, ssl_version: null,
        rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false,
        member_of: [], can_connect: true, can_create: false, can_temp: true,
      }],
    };
  }
  if (text.includes("unnest($1::text[]) AS s(name)")) {
    return { rows: (values![0] as string[]).map((name) => ({ name, exists: true, owner: "o", usage: name !== "b", create: false })) };
  }
  if (text.includes("FROM pg_class c") && text.includes("tables_missing")) {
    const schema = values![0];
    return {
      rows: [{
        tables: schema === "a" ? "3" : "1", sequences: "1",
        tables_missing: schema === "a" ? ["late"] : null, sequences_missing: null,
        tables_writable: null, sequences_writable: null,
        tables_owners: schema === "a" ? ["etl"] : null, sequences_owners: null,
      }],
    };
  }
  if (text.includes("pg_default_acl")) {
    return { rows: [{ owner: "o", schema: "a", object_type: "r", privileges: ["SELECT"] }, { owner: "o", schema: null, object_type: "S", privileges: ["SELECT"] }] };
  }
  if (text.includes("FROM pg_roles WHERE rolname = ANY")) return { rows: [{ rolname: "o" }] };
  if (text.includes("has_schema_privilege(n.oid, 'CREATE') AS \"create\"")) {
    return { rows: [{ name: "hr", create: false, readable: "2" }, { name: "empty", create: false, readable: "0" }] };
  }
  if (text.includes("current_database() AS db")) return { rows: [{ db: "dw" }] };
  return { rows: [] };
}

class FakeClient {
  static configs: Record<string, unknown>[] = [];
  static queries: { text: string; values?: unknown[] }[] = [];
  static connectErrors: Error[] = [];
  static failOn: RegExp | undefined;
  static ended = 0;
  host = "db.example.com";
  port = 5432;
  user = "whaly_bi";
  database = "dw";
  constructor(config: Record<string, unknown>) {
    FakeClient.configs.push(config);
  }
  on(): void {}
  async connect(): Promise<void> {
    const e = FakeClient.connectErrors.shift();
    if (e) throw e;
  }
  async query(text: string, values?: unknown[]) {
    FakeClient.queries.push({ text, ...(values ? { values } : {}) });
    if (FakeClient.failOn?.test(text)) throw new Error("canceling statement due to statement timeout");
    return answer(text, values);
  }
  async end(): Promise<void> {
    FakeClient.ended++;
  }
}
  return { FakeClient };
});

vi.mock("pg", () => ({ Client: FakeClient, default: { Client: FakeClient } }));

beforeEach(() => {
  FakeClient.configs = [];
  FakeClient.queries = [];
  FakeClient.connectErrors = [];
  FakeClient.failOn = undefined;
  FakeClient.ended = 0;
});

const HOSTILE = `a"; DROP SCHEMA x; --`;

describe("collectFacts", () => {
  test("a fixed number of queries: 2 + one per read schema + 3, names only as parameters", async () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "dw", readSchemas: ["a", HOSTILE], tableOwners: ["o"] });
    const client = new FakeClient({}) as never;
    await collectFacts(client, plan);
    expect(FakeClient.queries).toHaveLength(7);
    for (const q of FakeClient.queries) expect(q.text).not.toContain("DROP SCHEMA");
    expect(FakeClient.queries.filter((q) => q.values?.[0] === HOSTILE)).toHaveLength(1);
    expect(FakeClient.queries[1]!.values).toEqual([["a", HOSTILE]]);
  });

  test("rows become facts: counts, missing objects and their owners, default ACL, other readable schemas", async () => {
    const plan = planVendorAccess({ vendor: "whaly", database: "dw", readSchemas: ["a", "b"], tableOwners: ["o"] });
    const facts = await collectFacts(new FakeClient({}) as never, plan);
    expect(facts).toEqual({
      user: "whaly_bi",
      database: "dw",
      serverVersion: "15.10",
      ssl: false,
      attributes: { superuser: false, createDatabase: false, createRole: false, replication: false, bypassRowLevelSecurity: false },
      memberOf: [],
      databasePrivileges: { CONNECT: true, CREATE: false, TEMPORARY: true },
      schemas: { a: { exists: true, owner: "o", usage: true, create: false }, b: { exists: true, owner: "o", usage: false, create: false } },
      objects: {
        a: {
          table: { total: 3, missing: ["late"], writable: [], missingOwners: ["etl"] },
          sequence: { total: 1, missing: [], writable: [], missingOwners: [] },
        },
        b: {
          table: { total: 1, missing: [], writable: [], missingOwners: [] },
          sequence: { total: 1, missing: [], writable: [], missingOwners: [] },
        },
      },
      defaultAcl: [
        { owner: "o", schema: "a", objectType: "r", privileges: ["SELECT"] },
        { owner: "o", schema: null, objectType: "S", privileges: ["SELECT"] },
      ],
      existingRoles: ["o"],
      managedWrites: {},
      // "empty" has nothing readable and no CREATE: not reported.
      otherSchemas: [{ name: "hr", create: false, readable: 2 }],
    });
  });

  test("the managed-schema write test runs in a transaction that is always rolled back", async () => {
    const plan = planVendorAccess({ vendor: "segment", region: "us", database: "dw", readSchemas: [], tableOwners: [] });
    await collectFacts(new FakeClient({}) as never, plan);
    const writes = FakeClient.queries.map((q) => q.text.split(" ")[0]).filter((w) => ["BEGIN", "CREATE", "INSERT", "UPDATE", "DELETE", "DROP", "ROLLBACK"].includes(w!));
    expect(writes).toEqual(["BEGIN", "CREATE", "INSERT", "UPDATE", "DELETE", "DROP", "ROLLBACK"]);
    FakeClient.queries = [];
    FakeClient.failOn = /^INSERT/;
    const facts = await collectFacts(new FakeClient({}) as never, plan);
    expect(facts.managedWrites).toEqual({ __segment_reverse_etl: { ok: false, error: "canceling statement due to statement timeout" } });
    expect(FakeClient.queries.map((q) => q.text.split(" ")[0]).filter((w) => w === "ROLLBACK")).toEqual(["ROLLBACK"]);
  });
});

describe("runCheck", () => {
  const PASSWORD = "s3cret-Vendor-pw";
  const options = (argv: string[]) => (parseCommandLine(["check", ...argv]) as { options: CheckOptions }).options;
  const io = () => {
    const out = { stdout: "", stderr: "" };
    const cli: CliIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    return { cli, out };
  };
  const url = (query = "") => `postgres://whaly_bi:${PASSWORD}@db.example.com:5432/dw${query}`;

  test("sslmode=prefer (default): a server without TLS gets a plain connection; the report is JSON on stdout", async () => {
    FakeClient.connectErrors = [new Error("The server does not support SSL connections")];
    const { cli, out } = io();
    // Only schema "a": the canned default ACL covers "o" there (tables in "a", sequences everywhere).
    const code = await runCheck(options(["--url", url(), "--vendor", "whaly", "--read-schema", "a", "--table-owner", "o", "--json"]), cli);
    expect(FakeClient.configs.map((c) => c.ssl)).toEqual([{ rejectUnauthorized: false }, false]);
    const report = JSON.parse(out.stdout) as CheckReport;
    // "late" in "a" was made by "etl", not a listed owner: a failure with its fix.
    expect(code).toBe(1);
    expect(report.checks.filter((c) => c.status === "fail").map((c) => [c.id, c.fix])).toEqual([
      ["select:a:tables", 'they are owned by "etl", which is not in tableOwners: add it and run pulumi up --refresh (the refresh grants the existing objects, the default privileges cover later ones)'],
    ]);
    expect(report.target).toEqual({ host: "db.example.com", port: 5432, database: "dw", user: "whaly_bi" });
    expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    expect(FakeClient.ended).toBe(1);
  });

  test("sslmode=require does not fall back: one-line error with the fix, password scrubbed", async () => {
    FakeClient.connectErrors = [new Error(`The server does not support SSL connections (${PASSWORD})`)];
    const { cli } = io();
    await expect(runCheck(options(["--url", url("?sslmode=require"), "--vendor", "whaly", "--read-schema", "a"]), cli)).rejects.toThrow(
      "cannot connect to whaly_bi@db.example.com:5432/dw: The server does not support SSL connections (***); fix: the server does not offer TLS with sslmode=require; enable ssl on the server, or use sslmode=prefer (or disable) for a local server",
    );
    expect(FakeClient.configs).toHaveLength(1);
  });

  test("a failing catalog query ends the check with exit 2 and closes the connection", async () => {
    FakeClient.failOn = /pg_default_acl/;
    const { cli } = io();
    await expect(runCheck(options(["--url", url("?sslmode=disable"), "--vendor", "whaly", "--read-schema", "a"]), cli)).rejects.toThrow(
      "check could not finish against whaly_bi@db.example.com:5432/dw: canceling statement due to statement timeout",
    );
    expect(FakeClient.ended).toBe(1);
  });

  test("validation happens before connecting", async () => {
    const { cli } = io();
    await expect(runCheck(options(["--url", url(), "--vendor", "whaly", "--read-schema", ""]), cli)).rejects.toThrow(/^\[readSchemas\[0\]\]/);
    expect(FakeClient.configs).toEqual([]);
  });
});
