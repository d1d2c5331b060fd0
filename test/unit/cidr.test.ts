import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { cidrKey, cidrSize, cidrUnionSize, isWorldOpen, parseCidr } from "../../src/cidr";
import { CIDR_LIMITS, validateCidrCoverage } from "../../src/validate";
import { vendors } from "../../src/vendors";

describe("parseCidr", () => {
  test.each([
    ["52.25.130.38/32", "52.25.130.38/32", "ipv4", 32],
    ["52.25.130.38", "52.25.130.38/32", "ipv4", 32],
    [" 104.155.0.0/17 ", "104.155.0.0/17", "ipv4", 17],
    ["34.223.203.5/28", "34.223.203.0/28", "ipv4", 28],
    ["10.255.255.255/8", "10.0.0.0/8", "ipv4", 8],
    ["0.0.0.0/0", "0.0.0.0/0", "ipv4", 0],
    ["255.255.255.255/31", "255.255.255.254/31", "ipv4", 31],
    ["2001:DB8::1/32", "2001:db8::/32", "ipv6", 32],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1/128", "ipv6", 128],
    ["2001:db8:abcd:12ff::/56", "2001:db8:abcd:1200::/56", "ipv6", 56],
    ["::/0", "::/0", "ipv6", 0],
    ["::ffff:10.1.2.3/128", "::ffff:a01:203/128", "ipv6", 128],
    ["fe80:0:0:0:0:0:0:0/10", "fe80::/10", "ipv6", 10],
  ])("%s -> %s", (input, cidr, family, prefix) => {
    expect(parseCidr(input)).toEqual({ cidr, family, prefix });
  });

  test.each(["", "1.2.3", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "256.1.1.1/32", "1.2.3.4/8/8", "2001:db8::/129", "fe80::1%eth0/64", "host.example.com", "1.2.3.4 /32", "01.2.3.4/32"])(
    "rejects %j",
    (input) => {
      expect(parseCidr(input)).toBeUndefined();
    },
  );

  test("masking is idempotent and the result contains the input address (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const once = parseCidr(`${address}/${prefix}`)!;
        expect(parseCidr(once.cidr)).toEqual(once);
        const toInt = (a: string) => a.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
        const network = toInt(once.cidr.split("/")[0]);
        const size = 2 ** (32 - prefix);
        expect(toInt(address) - network).toBeGreaterThanOrEqual(0);
        expect(toInt(address) - network).toBeLessThan(size);
      }),
    );
  });

  test("IPv6 normalization is idempotent (property)", () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (address, prefix) => {
        const once = parseCidr(`${address}/${prefix}`);
        expect(once).toBeDefined();
        expect(parseCidr(once!.cidr)).toEqual(once);
      }),
    );
  });
});

describe("helpers", () => {
  test("cidrKey turns separators into dashes", () => {
    expect(cidrKey("52.25.130.38/32")).toBe("52-25-130-38-32");
    expect(cidrKey("2001:db8::/32")).toBe("2001-db8---32");
  });
  test("isWorldOpen only for /0", () => {
    expect(isWorldOpen(parseCidr("0.0.0.0/0")!)).toBe(true);
    expect(isWorldOpen(parseCidr("::/0")!)).toBe(true);
    expect(isWorldOpen(parseCidr("0.0.0.0/1")!)).toBe(false);
  });
  test("cidrSize counts addresses", () => {
    expect(cidrSize(parseCidr("34.76.0.0/14")!)).toBe(262144n);
    expect(cidrSize(parseCidr("2001:db8::/64")!)).toBe(1n << 64n);
  });
});

describe("breadth limits against the catalogue", () => {
  // The limits (validate.ts CIDR_LIMITS) are derived from what vendors publish: if a preset ever ships a
  // broader block or a larger set, this says so before the limit silently refuses it.
  const all = Object.values(vendors).flatMap((preset) => Object.entries(preset.regions).map(([region, cidrs]) => ({ id: `${preset.id}/${region}`, cidrs: cidrs.map((c) => parseCidr(c)!) })));
  test("the broadest published block is a /14 and the largest set covers 882,432 addresses (Whaly)", () => {
    const broadest = Math.min(...all.flatMap((r) => r.cidrs.map((c) => c.prefix)));
    expect(broadest).toBe(14);
    const largest = all.map((r) => ({ id: r.id, size: cidrUnionSize(r.cidrs) })).sort((a, b) => (a.size < b.size ? 1 : -1))[0];
    expect(largest).toEqual({ id: "whaly/global", size: 882432n });
  });
  test("every preset region is within the limits (4 times the broadest block, about 4.75 times the largest set)", () => {
    expect(CIDR_LIMITS.ipv4.broadestPrefix).toBe(12);
    expect(CIDR_LIMITS.ipv4.maxAddresses).toBe(4194304n);
    for (const r of all) {
      expect(() => validateCidrCoverage(r.id, r.cidrs)).not.toThrow();
      for (const c of r.cidrs) expect(c.prefix).toBeGreaterThanOrEqual(CIDR_LIMITS[c.family].broadestPrefix);
    }
  });
});
