import { isIPv4, isIPv6 } from "node:net";

/** A CIDR block with host bits masked, in the canonical text AWS stores. */
export interface NormalizedCidr {
  family: "ipv4" | "ipv6";
  /** Canonical `a.b.c.d/n` or compressed lower-case IPv6 `x::/n`. */
  cidr: string;
  /** Prefix length. */
  prefix: number;
}

/** Parses a CIDR (or a bare address, taken as a single host) and masks its host bits; undefined when malformed. */
export function parseCidr(text: string): NormalizedCidr | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const address = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash === -1 ? undefined : trimmed.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;

  if (isIPv4(address)) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return undefined;
    const octets = address.split(".").map(Number);
    const value = octets.reduce((acc, octet) => acc * 256 + octet, 0);
    const size = 2 ** (32 - prefix);
    const network = Math.floor(value / size) * size;
    const masked = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
    return { family: "ipv4", cidr: `${masked}/${prefix}`, prefix };
  }
  if (isIPv6(address) && !address.includes("%")) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (prefix > 128) return undefined;
    const groups = expandIPv6(address);
    let remaining = prefix;
    const masked = groups.map((group) => {
      const keep = Math.max(0, Math.min(16, remaining));
      remaining -= keep;
      return keep === 0 ? 0 : group & (0xffff << (16 - keep)) & 0xffff;
    });
    return { family: "ipv6", cidr: `${compressIPv6(masked)}/${prefix}`, prefix };
  }
  return undefined;
}

/** Eight 16-bit groups of an IPv6 address (handles `::` and a trailing dotted IPv4 part). */
function expandIPv6(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = text.slice(0, -dotted[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : new Array(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16));
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
function compressIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  const left = hex.slice(0, bestStart).join(":");
  const right = hex.slice(bestStart + bestLength).join(":");
  return `${left}::${right}`;
}

/** True for a block that admits every address of its family (`0.0.0.0/0`, `::/0`). */
export function isWorldOpen(cidr: NormalizedCidr): boolean {
  return cidr.prefix === 0;
}

/** Logical-name fragment for a normalized CIDR: `52.25.130.38/32` -> `52-25-130-38-32`. */
export function cidrKey(cidr: string): string {
  return cidr.replace(/[.:/]/g, "-");
}

/** Number of addresses a block covers (as a bigint, IPv6 blocks are large). */
export function cidrSize(cidr: NormalizedCidr): bigint {
  const bits = cidr.family === "ipv4" ? 32 : 128;
  return 1n << BigInt(bits - cidr.prefix);
}

/** First address of a normalized block, as a number. */
function cidrStart(cidr: NormalizedCidr): bigint {
  const address = cidr.cidr.slice(0, cidr.cidr.indexOf("/"));
  if (cidr.family === "ipv4") return address.split(".").reduce((acc, octet) => acc * 256n + BigInt(octet), 0n);
  return expandIPv6(address).reduce((acc, group) => acc * 65536n + BigInt(group), 0n);
}

/**
 * Number of distinct addresses a set of blocks of one family covers together. Two CIDR blocks are either
 * disjoint or one contains the other, so after sorting by start a block that begins inside the previous
 * one adds nothing.
 */
export function cidrUnionSize(cidrs: readonly NormalizedCidr[]): bigint {
  const ranges = cidrs.map((c) => ({ start: cidrStart(c), size: cidrSize(c) })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : b.size > a.size ? 1 : b.size < a.size ? -1 : 0));
  let total = 0n;
  let end = -1n;
  for (const r of ranges) {
    if (r.start < end) continue;
    total += r.size;
    end = r.start + r.size;
  }
  return total;
}
