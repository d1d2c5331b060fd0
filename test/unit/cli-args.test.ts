import { describe, expect, test } from "vitest";
import { decideColor, paint, parseCommandLine, UsageError } from "../../src/cli/args";

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error("expected a UsageError");
}

describe("parseCommandLine", () => {
  test("no arguments, --help and help <command>", () => {
    // main() answers an empty command line with the overview on stderr and exit 2 (cli-plan.test.ts).
    expect(parseCommandLine([])).toEqual({ command: "help" });
    expect(parseCommandLine(["-h"])).toEqual({ command: "help" });
    expect(parseCommandLine(["help"])).toEqual({ command: "help" });
    expect(parseCommandLine(["help", "check"])).toEqual({ command: "help", topic: "check" });
    expect(parseCommandLine(["--version"])).toEqual({ command: "version" });
    expect(usageError(["help", "nope"]).message).toBe('unknown command "nope"; valid commands: "check", "plan", "doctor", "help".');
  });

  test("check: every option, repeatable lists, defaults", () => {
    expect(
      parseCommandLine([
        "check", "--url", "postgres://u@h/db", "--vendor", "segment", "--mode", "m", "--role", "r", "--database", "db",
        "--read-schema", "a", "--read-schema", "B c", "--table-owner", "o", "--managed-schema", "w",
        "--require-tls", "--strict", "--json", "--no-color", "--connect-timeout", "5", "-f", "args.yaml",
      ]),
    ).toEqual({
      command: "check",
      options: {
        help: false, json: true, color: false, url: "postgres://u@h/db", argsFile: "args.yaml", vendor: "segment", mode: "m",
        roleName: "r", database: "db", readSchemas: ["a", "B c"], tableOwners: ["o"], managedSchemas: ["w"],
        requireTls: true, strict: true, connectTimeout: 5,
      },
    });
    expect(parseCommandLine(["check", "--vendor", "whaly"])).toEqual({
      command: "check",
      options: {
        help: false, json: false, url: undefined, argsFile: undefined, vendor: "whaly", mode: undefined, roleName: undefined,
        database: undefined, readSchemas: [], tableOwners: [], managedSchemas: [], requireTls: false, strict: false, connectTimeout: 10,
      },
    });
  });

  test("plan: file or stack file, exclusive options", () => {
    expect(parseCommandLine(["plan", "-f", "a.json", "--sql-only", "--name", "n"])).toEqual({
      command: "plan",
      options: { help: false, json: false, file: "a.json", stackFile: undefined, name: "n", integration: undefined, sqlOnly: true },
    });
    expect(parseCommandLine(["plan", "--help"])).toMatchObject({ command: "plan", options: { help: true } });
    expect(usageError(["plan"]).message).toBe("plan needs --file <args.json|args.yaml> or --stack-file <Pulumi.<stack>.yaml>.");
    expect(usageError(["plan", "-f", "a", "--stack-file", "b"]).message).toBe("--file and --stack-file are mutually exclusive; give one of them.");
    expect(usageError(["plan", "-f", "a", "--integration", "x"]).message).toBe("--integration only applies with --stack-file.");
    expect(usageError(["plan", "-f", "a", "--json", "--sql-only"]).message).toBe("--sql-only and --json are mutually exclusive; give one of them.");
  });

  test("doctor: instance or cluster, vendor required, port validated", () => {
    expect(parseCommandLine(["doctor", "--instance", "db1", "--vendor", "segment", "--region", "us", "--extra-cidr", "1.2.3.4", "--port", "5433", "--aws-region", "eu-west-1", "--endpoint", "http://127.0.0.1:5000"])).toEqual({
      command: "doctor",
      options: {
        help: false, json: false, instance: "db1", cluster: undefined, vendor: "segment", region: "us", extraCidrs: ["1.2.3.4"],
        port: 5433, awsRegion: "eu-west-1", endpoint: "http://127.0.0.1:5000",
      },
    });
    expect(usageError(["doctor", "--vendor", "segment"]).message).toBe("doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>.");
    expect(usageError(["doctor", "--instance", "a", "--cluster", "b", "--vendor", "x"]).message).toBe(
      "doctor needs exactly one of --instance <db-instance-id> or --cluster <db-cluster-id>.",
    );
    expect(usageError(["doctor", "--instance", "a"]).message).toBe("doctor needs --vendor <preset id>.");
    expect(usageError(["doctor", "--instance", "a", "--vendor", "v", "--port", "70000"]).message).toBe('--port "70000" is not valid; use an integer from 1 to 65535.');
    expect(usageError(["doctor", "--instance", "a", "--vendor", "v", "--port", "5e3"]).message).toBe('--port "5e3" is not valid; use an integer from 1 to 65535.');
  });

  test("unknown commands and options, missing values, positionals name the valid choices", () => {
    expect(usageError(["chek"]).message).toBe('unknown command "chek"; valid commands: "check", "plan", "doctor", "help".');
    const unknown = usageError(["plan", "--fil", "x"]);
    expect(unknown.message).toBe(
      "unknown option --fil. plan options: --help, --json, --color, --no-color, --file, --stack-file, --name, --integration, --sql-only.",
    );
    expect(unknown.command).toBe("plan");
    expect(usageError(["check", "--url"]).message).toMatch(/^option --url needs a value\. check options: --help, /);
    expect(usageError(["check", "--json=yes"]).message).toMatch(/^option --json takes no value\. check options: /);
    expect(usageError(["check", "extra"]).message).toMatch(/^check takes no positional arguments \(got "extra"\); options: --help, /);
    expect(usageError(["check", "--connect-timeout", "0"]).message).toBe('--connect-timeout "0" is not valid; use an integer from 1 to 3600.');
    expect(usageError(["plan", "-f", "a", "--color", "--no-color"]).message).toBe("--color and --no-color are mutually exclusive.");
  });
});

describe("decideColor", () => {
  test.each([
    [true, false, {}, true],
    [false, true, {}, false],
    [undefined, true, {}, true],
    [undefined, false, {}, false],
    [undefined, true, { NO_COLOR: "1" }, false],
    [undefined, true, { NO_COLOR: "" }, true],
    [undefined, false, { FORCE_COLOR: "1" }, true],
    [undefined, true, { FORCE_COLOR: "0" }, false],
    [true, false, { NO_COLOR: "1" }, true],
  ] as const)("flag %s, tty %s, env %j -> %s", (flag, tty, env, expected) => {
    expect(decideColor(flag, { isTTY: tty }, env as NodeJS.ProcessEnv)).toBe(expected);
  });
  test("paint wraps only when enabled", () => {
    expect(paint(true, "red", "x")).toBe("\u001b[31mx\u001b[0m");
    expect(paint(false, "red", "x")).toBe("x");
  });
});
