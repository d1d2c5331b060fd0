import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { identifierKey } from "../../src/names";

describe("identifierKey", () => {
  test.each([
    ["public", "public"],
    ["app_migrator", "app_migrator"],
    ["Sales", "Sales"],
    ["my schema", "my~20~schema"],
    ['we"ird;', "we~22~ird~3b~"],
    ["café", "caf~e9~"],
    ["a-b", "a~2d~b"],
    ["x~y", "x~7e~y"],
    ["😀", "~1f600~"],
  ])("%j -> %j", (input, key) => {
    expect(identifierKey(input)).toBe(key);
  });

  test("is injective and never emits '-' (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), fc.string({ unit: "grapheme", minLength: 1 }), (a, b) => {
        expect(identifierKey(a)).not.toContain("-");
        if (a !== b) expect(identifierKey(a)).not.toBe(identifierKey(b));
      }),
    );
  });
});
