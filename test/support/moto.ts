/**
 * A `moto_server` for one test file: started on 127.0.0.1 and a free port, reset between tests with
 * `POST /moto-api/reset`, and stopped by killing exactly the process this module spawned.
 *
 * {@link findOrInstallMoto} finds the server (`MOTO_SERVER`, `moto_server` on PATH, or this project's cached
 * virtual environment) and otherwise installs `moto[server]` with pip into that cache, outside the repository
 * (`$XDG_CACHE_HOME/pg-vendor-access/moto-<version>`, default `~/.cache/...`). Only when Python has no pip
 * does it give up, with the reason and the install command, and the moto tests are skipped.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { buildOnce, cacheDir, completeMarker } from "./cache";
import { exec } from "./exec";

/** The moto release the doctor tests are written against. */
export const MOTO_VERSION = "5.2.1";
export const MOTO_INSTALL_HINT = `pip install "moto[server]==${MOTO_VERSION}"`;

/** Where the cached virtual environment lives. */
export function motoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return cacheDir(`moto-${MOTO_VERSION}`, env);
}

async function runs(command: string, args: string[]): Promise<boolean> {
  return (await exec(command, args)).status === 0;
}

function runsSync(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore", timeout: 60_000 }).status === 0;
}

/**
 * Why the moto tests cannot run here, or undefined when {@link findOrInstallMoto} will find or install the
 * server. Quick and synchronous, so a test file can decide at collection time what to skip.
 */
export function motoSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MOTO_SERVER || runsSync("moto_server", ["--help"]) || existsSync(completeMarker(motoCacheDir(env)))) return undefined;
  const python = ["python3", "python"].some((p) => runsSync(p, ["-m", "pip", "--version"]) && runsSync(p, ["-c", "import ensurepip, venv"]));
  return python ? undefined : `moto_server is not installed and Python with pip and venv is not available to install it; install it with: ${MOTO_INSTALL_HINT}`;
}

/**
 * The moto_server command to run, installing it when needed: `{ command }`, or `{ skip }` with the reason
 * when it cannot be installed here (no python3 with venv and pip). A failing pip install throws: the tests
 * must fail rather than skip when moto could be installed but was not.
 */
export async function findOrInstallMoto(env: NodeJS.ProcessEnv = process.env): Promise<{ command: string } | { skip: string }> {
  if (env.MOTO_SERVER) return { command: env.MOTO_SERVER };
  if (await runs("moto_server", ["--help"])) return { command: "moto_server" };
  const dir = motoCacheDir(env);
  const cached = join(dir, "bin", "moto_server");
  if (existsSync(completeMarker(dir))) return { command: cached };
  let python: string | undefined;
  for (const candidate of ["python3", "python"]) {
    if ((await runs(candidate, ["-m", "pip", "--version"])) && (await runs(candidate, ["-c", "import ensurepip, venv"]))) {
      python = candidate;
      break;
    }
  }
  if (!python) {
    return { skip: `moto_server is not installed and Python with pip and venv is not available to install it; install it with: ${MOTO_INSTALL_HINT}` };
  }
  const py = python;
  // A venv's scripts carry its absolute path, so it is built in place.
  await buildOnce(dir, `moto[server]==${MOTO_VERSION}`, async () => {
    const venv = await exec(py, ["-m", "venv", dir]);
    if (venv.status !== 0) throw new Error(`${py} -m venv ${dir} failed: ${venv.stderr}`);
    const pip = await exec(join(dir, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", `moto[server]==${MOTO_VERSION}`], { timeoutMs: 900_000 });
    if (pip.status !== 0) {
      throw new Error(`installing moto into ${dir} failed (${MOTO_INSTALL_HINT}): ${(pip.stderr || String(pip.error)).trim().split("\n").slice(-3).join(" ")}`);
    }
  });
  return { command: cached };
}

export interface MotoServer {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint`. */
  endpoint: string;
  port: number;
  pid: number;
  /** Clears every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the spawned process (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

// moto imports a large part of boto on start-up: slow on a loaded machine.
const START_TIMEOUT_MS = 120_000;

/** A TCP port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startMoto(command = process.env.MOTO_SERVER ?? "moto_server"): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(command, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    // Moto must never reach a real AWS account.
    env: { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("exit", (code) => resolve({ code }));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  let ready = false;
  while (!ready) {
    const early = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
    if (early) {
      if ((early.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
        throw new Error(
          `${command} was not found on PATH; the doctor tests need moto's server mode: pip install "moto[server]==5.2.1" (or set MOTO_SERVER to its path).`,
        );
      }
      throw new Error(`${command} exited before it was ready (code ${early.code}${early.error ? `, ${early.error.message}` : ""}): ${stderr.trim()}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      ready = response.ok;
    } catch {
      // not listening yet
    }
    if (!ready && Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${command} did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s: ${stderr.trim()}`);
    }
  }
  const pid = child.pid!;
  // If the test process ends without calling stop(), do not leave this server behind.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (response.status !== 200) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop() {
      stopped ??= (async () => {
        process.removeListener("exit", killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}
