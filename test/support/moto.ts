/**
 * A `moto_server` for one test file: started on 127.0.0.1 and a free port, reset between tests with
 * `POST /moto-api/reset`, and stopped by killing exactly the process this module spawned. When
 * `moto_server` is not installed, `startMoto` rejects with a message saying how to install it (tests
 * must fail, not skip).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

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

const START_TIMEOUT_MS = 30_000;

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
