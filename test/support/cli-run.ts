/** Runs the CLI in-process with collecting streams, as the entry point would with the process streams. */
import type { CliIo } from "../../src/cli/args";
import { main } from "../../src/cli/main";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, tty = false): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    env,
  };
  const code = await main(argv, io);
  return { code, out, err };
}
