import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { cidrKey, cidrSize, isWorldOpen, parseCidr } from "../../src/cidr";

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
