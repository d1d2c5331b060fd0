/**
 * Command-line parsing for `pg-vendor-access`, on `node:util` `parseArgs`. Every mistake becomes a
 * {@link UsageError} naming the option and what would be valid; the entry point exits 2 on it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { escapeUnsafe } from "../safe-text";

export const COMMANDS = ["check", "plan", "doctor", "help"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** Bad command line: unknown command or option, missing or malformed value. Exit code 2. */
export class UsageError extends Error {
  /** `hint`: whether to point at `--help` (command-line mistakes, not unreadable files). */
  constructor(message: string, readonly command?: CommandName, readonly hint = true) {
    // Messages quote flags and file contents: control characters are shown escaped, never raw.
    super(escapeUnsafe(message));
    this.name = "UsageError";
  }
}

/** Output options every command shares. */
export interface CommonOptions {
  help: boolean;
  json: boolean;
  /** `true`/`false` when `--color`/`--no-color` was given; otherwise decided from the environment. */
  color?: boolean;
}

export interface CheckOptions extends CommonOptions {
  /** Connection URL; otherwise the standard `PG*` environment variables. */
  url?: string;
  /** JSON/YAML file with the component's arguments (instead of, or completed by, the flags below). */
  argsFile?: string;
  vendor?: string;
  mode?: string;
  roleName?: string;
  database?: string;
  readSchemas: string[];
  tableOwners: string[];
  managedSchemas: string[];
  requireTls: boolean;
  /** Unneeded privileges (extras) fail the check instead of warning. */
  strict: boolean;
  /** Connect timeout in seconds. */
  connectTimeout: number;
}

export interface PlanOptions extends CommonOptions {
  /** JSON/YAML file with the component's arguments. */
  file?: string;
  /** A root-stack config file `Pulumi.<stack>.yaml`. */
  stackFile?: string;
  /** Component name, for logical names (`<name>-<key>`); default from the file, else the vendor id. */
  name?: string;
  /** With a stack file: only this integration. */
  integration?: string;
  /** Print only the SQL script. */
  sqlOnly: boolean;
}

export interface DoctorCliOptions extends CommonOptions {
  instance?: string;
  cluster?: string;
  vendor?: string;
  region?: string;
  extraCidrs: string[];
  port?: number;
  awsRegion?: string;
  endpoint?: string;
}

export type ParsedCommandLine =
  | { command: "check"; options: CheckOptions }
  | { command: "plan"; options: PlanOptions }
  | { command: "doctor"; options: DoctorCliOptions }
  | { command: "help"; topic?: CommandName }
  | { command: "version" };

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
};

const CHECK: Options = {
  ...COMMON,
  url: { type: "string" },
  "args-file": { type: "string", short: "f" },
  vendor: { type: "string" },
  mode: { type: "string" },
  role: { type: "string" },
  database: { type: "string" },
  "read-schema": { type: "string", multiple: true },
  "table-owner": { type: "string", multiple: true },
  "managed-schema": { type: "string", multiple: true },
  "require-tls": { type: "boolean" },
  strict: { type: "boolean" },
  "connect-timeout": { type: "string" },
};

const PLAN: Options = {
  ...COMMON,
  file: { type: "string", short: "f" },
  "stack-file": { type: "string" },
  name: { type: "string" },
  integration: { type: "string" },
  "sql-only": { type: "boolean" },
};

const DOCTOR: Options = {
  ...COMMON,
  instance: { type: "string" },
  cluster: { type: "string" },
  vendor: { type: "string" },
  region: { type: "string" },
  "extra-cidr": { type: "string", multiple: true },
  port: { type: "string" },
  "aws-region": { type: "string" },
  endpoint: { type: "string" },
};

const OPTIONS_BY_COMMAND: Record<"check" | "plan" | "doctor", Options> = { check: CHECK, plan: PLAN, doctor: DOCTOR };

/** Long option names a command accepts, for error messages. */
export function optionNames(command: "check" | "plan" | "doctor"): string[] {
  return Object.keys(OPTIONS_BY_COMMAND[command]).map((o) => `--${o}`);
}

const quoteList = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** Parses `argv` (without `node` and the script). */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h") return { command: "help" };
  if (first === "--version" || first === "-V") return { command: "version" };
  if (first === "help") {
    if (rest[0] === undefined) return { command: "help" };
    return { command: "help", topic: commandName(rest[0]) };
  }
  const command = commandName(first);
  if (command === "help") return { command: "help" };

  const values = parseFor(command, rest);
  const common = commonOptions(values);
  switch (command) {
    case "check":
      return {
        command,
        options: {
          ...common,
          url: str(values.url),
          argsFile: str(values["args-file"]),
          vendor: str(values.vendor),
          mode: str(values.mode),
          roleName: str(values.role),
          database: str(values.database),
          readSchemas: list(values["read-schema"]),
          tableOwners: list(values["table-owner"]),
          managedSchemas: list(values["managed-schema"]),
          requireTls: values["require-tls"] === true,
          strict: values.strict === true,
          connectTimeout: values["connect-timeout"] === undefined ? 10 : positiveInteger("--connect-timeout", values["connect-timeout"], command, 3600),
        },
      };
    case "plan": {
      const options: PlanOptions = {
        ...common,
        file: str(values.file),
        stackFile: str(values["stack-file"]),
        name: str(values.name),
        integration: str(values.integration),
        sqlOnly: values["sql-only"] === true,
      };
      if (!options.help) {
        if (options.file !== undefined && options.stackFile !== undefined) {
          throw new UsageError("--file and --stack-file are mutually exclusive; give one of them.", command);
        }
        if (options.file === undefined && options.stackFile === undefined) {
          throw new UsageError("plan needs --file <args.json|args.yaml> or --stack-file <Pulumi.<stack>.yaml>.", command);
        }
        if (options.integration !== undefined && options.stackFile === undefined) {
          throw new UsageError("--integration only applies with --stack-file.", command);
        }
        if (options.sqlOnly && options.json) throw new UsageError("--sql-only and --json are mutually exclusive; give one of them.", command);
      }
      return { command, options };
    }
    case "doctor": {
      const options: DoctorCliOptions = {
        ...common,
        instance: str(values.instance),
        cluster: str(values.cluster),
        vendor: str(values.vendor),
        region: str(values.region),
        extraCidrs: list(values["extra-cidr"]),
        port: values.port === undefined ? undefined : positiveInteger("--port", values.port, command, 65535),
        awsRegion: str(values["aws-region"]),
        endpoint: str(values.endpoint),
      };
      if (!options.help) {
        if ((options.instance === undefined) === (options.cluster === undefined)) {
          throw new UsageError("doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>.", command);
        }
        if (options.vendor === undefined) throw new UsageError("doctor needs --vendor <preset id>.", command);
      }
      return { command, options };
    }
  }
}

function commandName(word: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(word)) return word as CommandName;
  throw new UsageError(`unknown command ${JSON.stringify(word)}; valid commands: ${quoteList(COMMANDS)}.`);
}

function parseFor(command: "check" | "plan" | "doctor", args: readonly string[]): Record<string, string | boolean | (string | boolean)[] | undefined> {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS_BY_COMMAND[command], strict: true, allowPositionals: true });
    if (positionals.length > 0) {
      throw new UsageError(`${command} takes no positional arguments (got ${quoteList(positionals)}); options: ${optionNames(command).join(", ")}.`, command);
    }
    return values;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${describeParseError(e as Error & { code?: string })} ${command} options: ${optionNames(command).join(", ")}.`, command);
  }
}

/** Turns node's parseArgs messages into one short sentence. */
function describeParseError(e: Error & { code?: string }): string {
  const match = /'(-{1,2}[^' ]+)/.exec(e.message);
  const option = match?.[1] ?? "option";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}.`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(e.message) ? `option ${option} needs a value.` : `option ${option} takes no value.`;
    default:
      return e.message.split("\n")[0]!;
  }
}

function commonOptions(values: Record<string, unknown>): CommonOptions {
  if (values.color === true && values["no-color"] === true) throw new UsageError("--color and --no-color are mutually exclusive.");
  return {
    help: values.help === true,
    json: values.json === true,
    ...(values.color === true ? { color: true } : values["no-color"] === true ? { color: false } : {}),
  };
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function positiveInteger(option: string, value: unknown, command: CommandName, max: number): number {
  const text = String(value);
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${option} ${JSON.stringify(text)} is not valid; use an integer from 1 to ${max}.`, command);
  }
  return n;
}

/**
 * Whether to colour output: `--color`/`--no-color` first, then `NO_COLOR` / `FORCE_COLOR`, else only when
 * the stream is a terminal.
 */
export function decideColor(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true;
}

/** Where a command writes; the entry point passes the process streams, tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout / stderr are terminals (colour, progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** Wraps `text` in an ANSI style when `enabled`. */
export function paint(enabled: boolean, style: keyof typeof ANSI, text: string): string {
  return enabled ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
}
