import { describe, expect, test } from "vitest";
import { cidrUnionSize, parseCidr } from "../../src/cidr";
import { escapeUnsafe, findUnsafeCharacter, maskSecrets, toSafeJson } from "../../src/safe-text";
import { comment } from "../../src/sql";

describe("escapeUnsafe", () => {
  test.each([
    ["plain text, quotes \" ' and ü stay", "plain text, quotes \" ' and ü stay"],
    ["a\nb\rc\td", "a\\nb\\rc\\td"],
    ["\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m"],
    ["nul\u0000 del\u007f csi\u009b nel\u0085", "nul\\u0000 del\\u007f csi\\u009b nel\\u0085"],
    ["ls\u2028ps\u2029rlo\u202elri\u2066bom\ufeff", "ls\\u2028ps\\u2029rlo\\u202elri\\u2066bom\\ufeff"],
  ])("%j", (input, expected) => {
    expect(escapeUnsafe(input)).toBe(expected);
  });
  test("finds the first unsafe character", () => {
    expect(findUnsafeCharacter("abc")).toBeUndefined();
    expect(findUnsafeCharacter("ab\u202ec\n")).toEqual({ codePoint: "U+202E", index: 2 });
    expect(findUnsafeCharacter("\u0085")).toEqual({ codePoint: "U+0085", index: 0 });
  });
  test("a comment line cannot be ended by a name", () => {
    expect(comment('role "x\nDROP TABLE t;\r\\! touch f"')).toBe('-- role "x\\nDROP TABLE t;\\r\\! touch f"');
  });
});

describe("toSafeJson", () => {
  test("escapes what JSON leaves raw (C1, DEL, bidi, separators, BOM), keeps the layout, parses back to the same value", () => {
    const value = { name: "a\u009b2Jb\u007f\u202ec\u2028d\ufeff", list: ["\u001b[31m", "plain é"] };
    const text = toSafeJson(value);
    expect(text).toBe(
      '{\n  "name": "a\\u009b2Jb\\u007f\\u202ec\\u2028d\\ufeff",\n  "list": [\n    "\\u001b[31m",\n    "plain é"\n  ]\n}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("maskSecrets", () => {
  test.each([
    ["a secret inside a URL", "bad postgres://u:hunter2@h/db", ["hunter2"], "bad postgres://u:***@h/db"],
    ["a secret in quotes", 'password "hunter2" refused', ["hunter2"], 'password "***" refused'],
    ["a short secret inside words stays readable", "connect ECONNREFUSED: connection refused", ["onn"], "connect ECONNREFUSED: connection refused"],
    ["a secret that is a whole word is masked", "user hunter2 failed", ["hunter2"], "user *** failed"],
    ["longest secret first (the URL, then its password)", "x postgres://u:pw@h y pw", ["pw", "postgres://u:pw@h"], "x *** y ***"],
    ["secrets made of symbols are masked anywhere", "a#$%b", ["#$%"], "a***b"],
    ["adjacent occurrences", "pw pw", ["pw"], "*** ***"],
    ["no secrets", "nothing to hide", [undefined, ""], "nothing to hide"],
  ] as [string, string, (string | undefined)[], string][])("%s", (_label, message, secrets, expected) => {
    expect(maskSecrets(message, secrets)).toBe(expected);
  });
});

describe("cidrUnionSize", () => {
  const parse = (list: string[]) => list.map((c) => parseCidr(c)!);
  test.each([
    [["10.0.0.0/8"], 16777216n],
    [["0.0.0.0/1", "128.0.0.0/1"], 4294967296n],
    [["10.0.0.0/8", "10.1.0.0/16", "10.2.3.4/32"], 16777216n],
    [["10.1.0.0/16", "10.0.0.0/8"], 16777216n],
    [["192.0.2.0/24", "198.51.100.0/24", "192.0.2.128/25"], 512n],
    [["2001:db8::/32", "2001:db8:1::/48"], 79228162514264337593543950336n],
    [[], 0n],
  ])("%j covers %s addresses", (list, expected) => {
    expect(cidrUnionSize(parse(list))).toBe(expected);
  });
});
