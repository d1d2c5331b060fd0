/**
 * `check` over TLS with libpq's sslmode semantics, against real TLS-enabled PostgreSQL servers whose
 * certificates come from a throwaway CA made here with openssl: one server with a certificate for 127.0.0.1,
 * one with a certificate for another host name. Every mode, with the right CA, a wrong CA, and the wrong
 * host name; errors are one line with a fix; node-postgres's multi-line sslmode warning never appears.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/args";
import type { CheckReport } from "../../src/cli/check";
import { main } from "../../src/cli/main";
import { renderSqlScript, quoteLiteral } from "../../src/sql";
import { planVendorAccess } from "../../src/plan";
import { exec } from "../support/exec";
import { startPostgres, type PgServer } from "../support/pg-server";

let right: PgServer;
let wrongName: PgServer;
let dir: string;
const PASSWORD = "tls-vendor-password-0123456789";
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(w.message);

/** Asynchronous, so key generation on a loaded machine never blocks the worker (vitest's RPC times out). */
async function openssl(...args: string[]): Promise<void> {
  const r = await exec("openssl", args, { timeoutMs: 300_000 });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

/** A CA (key + self-signed certificate). */
async function makeCa(name: string): Promise<void> {
  await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${name} test CA`,
    "-keyout", join(dir, `${name}.key`), "-out", join(dir, `${name}.crt`));
}

/** A server key and certificate signed by `ca`, for the subjectAltName `san`. */
async function makeServerCert(name: string, ca: string, cn: string, san: string): Promise<void> {
  await openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${cn}`, "-keyout", join(dir, `${name}.key`), "-out", join(dir, `${name}.csr`));
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
  await openssl("x509", "-req", "-in", join(dir, `${name}.csr`), "-CA", join(dir, `${ca}.crt`), "-CAkey", join(dir, `${ca}.key`), "-CAcreateserial",
    "-days", "2", "-extfile", join(dir, `${name}.ext`), "-out", join(dir, `${name}.crt`));
  chmodSync(join(dir, `${name}.key`), 0o600);
}

async function tlsServer(name: string): Promise<PgServer> {
  const server = await startPostgres({
    major: 15,
    settings: { ssl: "on", ssl_cert_file: join(dir, `${name}.crt`), ssl_key_file: join(dir, `${name}.key`) },
  });
  const plan = planVendorAccess({ vendor: "whaly", database: "postgres", readSchemas: ["public"] });
  await server.withClient({}, (c) => c.query(renderSqlScript(plan, "bi", { passwordSql: quoteLiteral(PASSWORD) })));
  return server;
}

beforeAll(async () => {
  process.on("warning", onWarning);
  dir = mkdtempSync(join(tmpdir(), "pgva-tls-"));
  await Promise.all([makeCa("ca"), makeCa("other")]);
  await makeServerCert("server", "ca", "127.0.0.1", "IP:127.0.0.1");
  await makeServerCert("elsewhere", "ca", "db.example.test", "DNS:db.example.test");
  // As root, the server runs as the postgres OS user, which must read the keys.
  if (userInfo().uid === 0) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    for (const p of [dir, ...["server", "elsewhere"].flatMap((n) => [join(dir, `${n}.key`), join(dir, `${n}.crt`)])]) chownSync(p, uid, gid);
  }
  [right, wrongName] = await Promise.all([tlsServer("server"), tlsServer("elsewhere")]);
});

afterAll(async () => {
  process.off("warning", onWarning);
  await Promise.all([right?.stop(), wrongName?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(server: PgServer, query: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}, stderrIsTTY = false) {
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
    env,
  };
  const url = `${server.url({ user: "whaly_bi", password: PASSWORD })}${query}`;
  const code = await main(["check", "--url", url, "--vendor", "whaly", "--read-schema", "public", ...extra], io);
  expect(io.out + io.err).not.toContain(PASSWORD);
  return { code, out: io.out, err: io.err };
}

async function tlsLine(server: PgServer, query: string, env: NodeJS.ProcessEnv = {}) {
  const r = await check(server, query, ["--require-tls", "--json"], env);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  const report = JSON.parse(r.out) as CheckReport;
  expect(report.tls).toBe(true);
  return report.checks.find((c) => c.id === "tls")!;
}

const ca = () => join(dir, "ca.crt");
const other = () => join(dir, "other.crt");
const ENCRYPTED = /^connection encrypted \(TLSv1\.[23]; /;

describe("the right CA and host name", () => {
  test("prefer (no sslmode) and require: encrypted, certificate not verified", async () => {
    expect((await tlsLine(right, "")).detail).toMatch(/^connection encrypted \(TLSv1\.[23]; certificate not verified \(sslmode=prefer\)\)$/);
    expect((await tlsLine(right, "?sslmode=require")).detail).toMatch(/^connection encrypted \(TLSv1\.[23]; certificate not verified \(sslmode=require\)\)$/);
  });

  test("verify-ca and verify-full with sslrootcert pass; require with sslrootcert verifies the chain (libpq)", async () => {
    expect((await tlsLine(right, `?sslmode=verify-ca&sslrootcert=${ca()}`)).detail).toMatch(/; certificate verified, host name not checked\)$/);
    expect((await tlsLine(right, `?sslmode=verify-full&sslrootcert=${ca()}`)).detail).toMatch(/; certificate and host name verified\)$/);
    expect((await tlsLine(right, `?sslmode=require&sslrootcert=${ca()}`)).detail).toMatch(/; certificate verified, host name not checked\)$/);
  });

  test("PGSSLMODE and PGSSLROOTCERT work like the URL parameters", async () => {
    const line = await tlsLine(right, "", { PGSSLMODE: "verify-full", PGSSLROOTCERT: ca() });
    expect(line.detail).toMatch(ENCRYPTED);
    expect(line.detail).toMatch(/; certificate and host name verified\)$/);
  });

  test("disable: not encrypted; a warning, a failure with --require-tls; progress goes to a terminal stderr only", async () => {
    const plain = await check(right, "?sslmode=disable", [], {}, true);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("warn  connection is not encrypted (TLS off)\n");
    const required = await check(right, "?sslmode=disable", ["--require-tls"], {}, true);
    expect(required.code).toBe(1);
    expect(required.out).toContain("FAIL  connection is not encrypted (TLS off)\n");
    expect(required.err).toContain("\r\u001b[Kchecking objects in \"public\"...");
    expect(required.err.endsWith("\r\u001b[K")).toBe(true);
  });
});

describe("a wrong CA or the wrong host name: exit 2, one line with the fix", () => {
  const port = () => right.port;
  test("verify-full without sslrootcert: Node does not trust the test CA", async () => {
    const r = await check(right, "?sslmode=verify-full");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `pg-vendor-access: cannot connect to whaly_bi@127.0.0.1:${port()}/postgres: unable to verify the first certificate; ` +
        "fix: the server's certificate is not signed by a CA Node trusts: pass the issuing CA with sslrootcert=<file> (or PGSSLROOTCERT); for RDS download the RDS CA bundle, global-bundle.pem\n",
    );
  });

  test.each(["verify-ca", "verify-full", "require"])("%s with another CA as sslrootcert", async (mode) => {
    const r = await check(right, `?sslmode=${mode}&sslrootcert=${other()}`);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toHaveLength(2);
    expect(r.err).toMatch(
      new RegExp(
        `^pg-vendor-access: cannot connect to whaly_bi@127\\.0\\.0\\.1:${port()}/postgres: (self-signed certificate in certificate chain|unable to verify the first certificate|unable to get local issuer certificate); ` +
          `fix: the server's certificate is not signed by a CA in ${other().replace(/[.]/g, "\\.")}: pass the CA that issued it \\(for RDS the RDS CA bundle, global-bundle\\.pem\\)\\n$`,
      ),
    );
  });

  test("wrong host name: verify-full fails, verify-ca (chain only) passes", async () => {
    const r = await check(wrongName, `?sslmode=verify-full&sslrootcert=${ca()}`);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `pg-vendor-access: cannot connect to whaly_bi@127.0.0.1:${wrongName.port}/postgres: Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ; ` +
        "fix: the certificate is for another host name: connect with the name the certificate was issued for (the RDS endpoint), or use sslmode=verify-ca to check the chain only\n",
    );
    expect((await tlsLine(wrongName, `?sslmode=verify-ca&sslrootcert=${ca()}`)).detail).toMatch(/; certificate verified, host name not checked\)$/);
  });
});

test("no process warning from node-postgres's sslmode handling in any of the above", () => {
  expect(warnings.filter((w) => /ssl/i.test(w))).toEqual([]);
});
