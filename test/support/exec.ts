/**
 * Runs a command without blocking the event loop. Long synchronous child processes (npm install, pip install)
 * starve the vitest worker's RPC and end in "Timeout calling onTaskUpdate" on a busy machine.
 */
import { spawn } from "node:child_process";

export interface ExecResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

export function exec(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; uid?: number; gid?: number } = {},
): Promise<ExecResult> {
  return new Promise((done) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
    });
    child.once("error", (error) => done({ status: null, stdout, stderr, error }));
    child.once("close", (status) => done({ status, stdout, stderr }));
  });
}
