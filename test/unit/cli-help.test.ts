/** One help style for every command: usage line, option table, exit codes; every option documented. */
import { describe, expect, test } from "vitest";
import { optionNames } from "../../src/cli/args";
import { checkHelp } from "../../src/cli/check";
import { doctorHelp } from "../../src/cli/doctor";
import { mainHelp } from "../../src/cli/main";
import { planHelp } from "../../src/cli/plan";

const HELPS = { check: checkHelp, plan: planHelp, doctor: doctorHelp } as const;

describe.each(Object.entries(HELPS) as [keyof typeof HELPS, string][])("%s --help", (command, help) => {
  test("starts with its usage line, ends with exit codes or examples, no trailing newline", () => {
    expect(help.startsWith(`Usage: pg-vendor-access ${command} `)).toBe(true);
    expect(help).toMatch(/\nExit codes: 0 .+, 2 .+/);
    expect(help.endsWith("\n")).toBe(false);
  });

  test("option lines: aligned at column 31, described with a capital letter", () => {
    const options = help.split("\n").filter((l) => /^ {2}(-\w, |    )--[a-z]/.test(l));
    expect(options.length).toBeGreaterThan(3);
    for (const line of options) {
      expect(line, line).toMatch(/^ {2}(-\w, | {4})--\S+( <[^>]+>)?(, --\S+)? +\S/);
      // The description starts in column 31 (after the longest option) with a capital letter or a quote.
      expect(line.slice(31, 32), line).toMatch(/[A-Z("]/);
      expect(line.slice(29, 31), line).toBe("  ");
    }
    expect(help).toContain("\n  -h, --help                   Show this help\n");
  });

  test("documents every option the parser accepts", () => {
    for (const option of optionNames(command)) expect(help, option).toContain(option);
  });
});

test("the overview lists every command", () => {
  for (const command of ["check", "plan", "doctor", "help"]) expect(mainHelp).toMatch(new RegExp(`\\n  ${command} +[A-Z]`));
});
