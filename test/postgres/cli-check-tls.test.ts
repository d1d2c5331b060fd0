/** `check` over TLS: a server with a self-signed certificate; the TLS check passes, --require-tls too. */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/args";
import type { CheckReport } from "../../src/cli/check";
import { main } from "../../src/cli/main";
import { renderSqlScript, quoteLiteral } from "../../src/sql";
import { planVendorAccess } from "../../src/plan";
import { startPostgres, type PgServer } from "../support/pg-server";

let server: PgServer;
let dir: string;
const PASSWORD = "tls-vendor-password-0123456789";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pgva-tls-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-keyout", join(dir, "server.key"), "-out", join(dir, "server.crt"),
  ], { stdio: "ignore" });
  chmodSync(join(dir, "server.key"), 0o600);
  // As root, the server runs as the postgres OS user, which must read the key.
  if (userInfo().uid === 0) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    for (const p of [dir, join(dir, "server.key"), join(dir, "server.crt")]) chownSync(p, uid, gid);
  }
  server = await startPostgres({
    settings: { ssl: "on", ssl_cert_file: join(dir, "server.crt"), ssl_key_file: join(dir, "server.key") },
  });
  const plan = planVendorAccess({ vendor: "whaly", database: "postgres", readSchemas: ["public"] });
  await server.withClient({}, (c) => c.query(renderSqlScript(plan, "bi", { passwordSql: quoteLiteral(PASSWORD) })));
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(url: string, extra: string[] = [], stderrIsTTY = false) {
  const io: CliIo & { out: string; err: string } = {
    out: "",
    err: "",
    stdout(t) {
      io.out += t;
    },
    stderr(t) {
      io.err += t;
    },
    stdoutIsTTY: false,
    stderrIsTTY,
    env: {},
  };
  const code = await main(["check", "--url", url, "--vendor", "whaly", "--read-schema", "public", ...extra], io);
  expect(io.out + io.err).not.toContain(PASSWORD);
  return { code, out: io.out, err: io.err };
}

test("encrypted connection: the TLS check passes, also with --require-tls", async () => {
  const url = `${server.url({ user: "whaly_bi", password: PASSWORD })}?sslmode=no-verify`;
  const r = await check(url, ["--require-tls", "--json"]);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.out) as CheckReport;
  expect(report.tls).toBe(true);
  expect(report.checks.find((c) => c.id === "tls")).toEqual({
    id: "tls",
    category: "required",
    status: "pass",
    detail: expect.stringMatching(/^connection encrypted \(TLSv1\.[23]\)$/),
  });
});

test("the same server without TLS: --require-tls fails; progress goes to a terminal stderr only", async () => {
  const url = `${server.url({ user: "whaly_bi", password: PASSWORD })}?sslmode=disable`;
  const r = await check(url, ["--require-tls"], true);
  expect(r.code).toBe(1);
  expect(r.out).toContain("FAIL  connection is not encrypted (TLS off)\n");
  expect(r.err).toContain("\r\u001b[Kchecking objects in \"public\"...");
  expect(r.err.endsWith("\r\u001b[K")).toBe(true);
});
