import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { alternativesFor, GENERIC_ALTERNATIVES, VENDOR_ALTERNATIVES } from "../../src/cli/doctor/alternatives";
import { cidrRange, coverage, subtractRange } from "../../src/cli/doctor/ip";
import { vendors } from "../../src/vendors";

describe("cidrRange", () => {
  test.each([
    ["52.25.130.38/32", "ipv4", 0x34198226n, 0x34198226n],
    ["34.223.203.5/28", "ipv4", 0x22dfcb00n, 0x22dfcb0fn],
    ["0.0.0.0/0", "ipv4", 0n, 0xffffffffn],
    ["2001:db8::/32", "ipv6", 0x20010db8n << 96n, ((0x20010db8n + 1n) << 96n) - 1n],
    ["::1", "ipv6", 1n, 1n],
    ["fe80::/10", "ipv6", 0xfe80n << 112n, (0xfec0n << 112n) - 1n],
  ])("%s", (cidr, family, first, last) => {
    expect(cidrRange(cidr)).toEqual({ family, first, last });
  });

  test("malformed text has no range", () => {
    expect(cidrRange("300.1.1.1/32")).toBeUndefined();
    expect(cidrRange("")).toBeUndefined();
  });
});

describe("coverage", () => {
  const r = (cidr: string) => cidrRange(cidr)!;

  test("containment, partial cover, union of smaller blocks, other family", () => {
    expect(coverage(r("34.223.203.0/28"), [r("34.223.0.0/16")])).toEqual({ coverage: "full", covered: 16n });
    expect(coverage(r("34.223.203.0/28"), [r("34.223.203.0/29")])).toEqual({ coverage: "partial", covered: 8n });
    expect(coverage(r("34.223.203.0/28"), [r("34.223.203.8/29"), r("34.223.203.0/29")])).toEqual({ coverage: "full", covered: 16n });
    expect(coverage(r("34.223.203.0/28"), [r("34.223.203.0/29"), r("34.223.203.0/30")])).toEqual({ coverage: "partial", covered: 8n });
    expect(coverage(r("34.223.203.0/28"), [r("34.223.204.0/28")])).toEqual({ coverage: "none", covered: 0n });
    expect(coverage(r("2001:db8::/64"), [r("0.0.0.0/0")])).toEqual({ coverage: "none", covered: 0n });
    expect(coverage(r("2001:db8:0:1::/64"), [r("2001:db8::/32")])).toEqual({ coverage: "full", covered: 1n << 64n });
  });

  test("agrees with address-by-address counting (IPv4 blocks inside 10.0.0.0/24)", () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([host, prefix]) => `10.0.0.${host}/${prefix}`);
    fc.assert(
      fc.property(block, fc.array(block, { maxLength: 6 }), (target, rules) => {
        const t = r(target);
        const ranges = rules.map(r);
        let count = 0n;
        for (let a = t.first; a <= t.last; a++) if (ranges.some((x) => x.first <= a && a <= x.last)) count++;
        const total = t.last - t.first + 1n;
        const expected = count === 0n ? "none" : count === total ? "full" : "partial";
        expect(coverage(t, ranges)).toEqual({ coverage: expected, covered: count });
      }),
      { numRuns: 300 },
    );
  });
});

describe("subtractRange", () => {
  const r = (cidr: string) => cidrRange(cidr)!;
  test("inside count and the pieces left on either side", () => {
    expect(subtractRange(r("10.0.0.0/24"), r("10.0.0.64/26"))).toEqual({
      inside: 64n,
      outside: [
        { family: "ipv4", first: 0x0a000000n, last: 0x0a00003fn },
        { family: "ipv4", first: 0x0a000080n, last: 0x0a0000ffn },
      ],
    });
    expect(subtractRange(r("10.0.0.0/26"), r("10.0.0.0/8"))).toEqual({ inside: 64n, outside: [] });
    expect(subtractRange(r("10.0.0.0/26"), r("10.0.1.0/24"))).toEqual({ inside: 0n, outside: [r("10.0.0.0/26")] });
    expect(subtractRange(r("10.0.0.0/26"), r("::/0"))).toEqual({ inside: 0n, outside: [r("10.0.0.0/26")] });
  });
});

describe("private-access alternatives", () => {
  test("documented per preset; everything else gets the generic SSH tunnel / PrivateLink advice", () => {
    expect(alternativesFor("segment").map((a) => a.method)).toEqual(["AWS PrivateLink (private beta)"]);
    expect(alternativesFor("whaly").map((a) => a.method)).toEqual(["SSH tunnel"]);
    expect(alternativesFor("rudderstack").map((a) => a.method)).toEqual(["none documented"]);
    expect(alternativesFor("custom")).toBe(GENERIC_ALTERNATIVES);
    expect(alternativesFor("constructor")).toBe(GENERIC_ALTERNATIVES);
    expect(GENERIC_ALTERNATIVES.map((a) => a.method)).toEqual(["SSH tunnel", "AWS PrivateLink"]);
  });

  test("every entry cites an https page of the vendor; catalogued presets without an entry fall back to generic", () => {
    for (const [id, list] of Object.entries(VENDOR_ALTERNATIVES)) {
      expect(list.length, id).toBeGreaterThan(0);
      for (const alternative of list) expect(alternative.url, id).toMatch(/^https:\/\//);
    }
    for (const id of Object.keys(vendors)) {
      expect(alternativesFor(id)).toBe(id in VENDOR_ALTERNATIVES ? VENDOR_ALTERNATIVES[id] : GENERIC_ALTERNATIVES);
    }
  });
});
