#!/usr/bin/env node
/**
 * `pg-vendor-access` entry point: dispatches to `check`, `plan` and `doctor` and maps outcomes to exit
 * codes (0 ok, 1 a check failed, 2 usage, argument, connection or AWS error, with the reason in one line).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StackConfigError } from "../stack-config";
import { toSafeJson } from "../safe-text";
import { ArgumentError } from "../validate";
import { decideColor, parseCommandLine, UsageError, type CliIo, type DoctorCliOptions } from "./args";
import { checkHelp, CheckConnectionError, runCheck } from "./check";
import { planHelp, runPlan } from "./plan";

export const mainHelp = `Usage: pg-vendor-access <command> [options]

Commands:
  check    Connect as the vendor and report whether it has what it needs, and nothing more
  plan     Print the resources the component would declare and the equivalent SQL (no database, no cloud)
  doctor   AWS: can the vendor reach this RDS instance or Aurora cluster over the network?
  help     Show help for a command: pg-vendor-access help <command>

Options:
  -h, --help      Show help (also after a command: pg-vendor-access check --help)
  -V, --version   Show the package version

Without a command this text goes to stderr and the exit code is 2. With --json, errors are also printed as a
JSON object on stdout: {"ok": false, "error": {"message": "...", "command": "...", "exitCode": 2}}.

Exit codes: 0 ok, 1 a check failed, 2 usage, argument, connection or AWS error.`;

type DoctorModule = typeof import("./doctor");
type DoctorReport = import("./doctor").DoctorReport;

/** Loaded lazily, so `check` and `plan` never load the AWS SDK. */
async function loadDoctor(): Promise<DoctorModule> {
  // The SDK is pinned to a release that supports Node 20; its notice about future releases needing
  // Node 22 would otherwise precede every report. Users can still turn it on by setting the variable.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return await import("./doctor");
}

async function runDoctorCommand(options: DoctorCliOptions, io: CliIo): Promise<number> {
  const doctor = await loadDoctor();
  if (options.help) {
    io.stdout(doctor.doctorHelp + "\n");
    return 0;
  }
  const doctorOptions: import("./doctor").DoctorOptions = {
    vendor: options.vendor!,
    ...(options.instance !== undefined ? { instance: options.instance } : {}),
    ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.extraCidrs.length > 0 ? { extraCidrs: options.extraCidrs } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.awsRegion !== undefined ? { awsRegion: options.awsRegion } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  };
  let report: DoctorReport;
  try {
    report = await doctor.runDoctor(doctorOptions);
  } catch (e) {
    if (e instanceof ArgumentError || e instanceof UsageError) throw e;
    throw new CommandError(`doctor could not query AWS: ${oneLine((e as Error).message)}`);
  }
  if (options.json) io.stdout(toSafeJson(report) + "\n");
  else io.stdout(doctor.formatDoctorReport(report, { color: decideColor(options.color, { isTTY: io.stdoutIsTTY }, io.env) }).replace(/\n?$/, "\n"));
  return report.ok ? 0 : 1;
}

/** Whether the command line asks for JSON output (also when it failed to parse). */
function wantsJson(argv: readonly string[]): boolean {
  return argv.slice(0, argv.indexOf("--") === -1 ? argv.length : argv.indexOf("--")).includes("--json");
}

/** An error that ends a command with exit 2 and a one-line reason. */
class CommandError extends Error {}

function oneLine(text: string): string {
  return text.split("\n")[0]!.trim();
}

function packageVersion(): string {
  for (const candidate of [join(__dirname, "..", "..", "package.json"), join(__dirname, "..", "..", "..", "package.json")]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pg-vendor-access" && pkg.version) return pkg.version;
    } catch {
      // try the next location (src/ under ts, dist/ when installed)
    }
  }
  return "unknown";
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // No command at all is a usage mistake: the overview goes to stderr and the exit code says so.
  if (argv.length === 0) {
    io.stderr(mainHelp + "\n");
    return 2;
  }
  let commandForHint: string | undefined;
  try {
    const parsed = parseCommandLine(argv);
    switch (parsed.command) {
      case "help": {
        const topic = parsed.topic;
        if (topic === "check") io.stdout(checkHelp + "\n");
        else if (topic === "plan") io.stdout(planHelp + "\n");
        else if (topic === "doctor") io.stdout((await loadDoctor()).doctorHelp + "\n");
        else io.stdout(mainHelp + "\n");
        return 0;
      }
      case "version":
        io.stdout(`${packageVersion()}\n`);
        return 0;
      case "check":
        commandForHint = "check";
        return await runCheck(parsed.options, io);
      case "plan":
        commandForHint = "plan";
        return await runPlan(parsed.options, io);
      case "doctor":
        commandForHint = "doctor";
        return await runDoctorCommand(parsed.options, io);
    }
  } catch (e) {
    const command = e instanceof UsageError ? (e.command ?? commandForHint) : commandForHint;
    const hint = e instanceof UsageError && e.hint ? ` (see: pg-vendor-access ${command ? `${command} ` : ""}--help)` : "";
    const message = e instanceof Error ? e.message : String(e);
    const known = e instanceof UsageError || e instanceof ArgumentError || e instanceof CheckConnectionError || e instanceof CommandError || e instanceof StackConfigError;
    const line = `${known ? "" : "unexpected error: "}${oneLine(message)}`;
    io.stderr(`pg-vendor-access: ${line}${hint}\n`);
    // A script that asked for JSON gets JSON on stdout for errors too (the exit code is 2 either way).
    if (wantsJson(argv)) io.stdout(toSafeJson({ ok: false, error: { message: line, ...(command ? { command } : {}), exitCode: 2 } }) + "\n");
    return 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
