/**
 * Address arithmetic for the doctor: CIDR blocks as inclusive bigint ranges, and whether a set of
 * admitted blocks covers a vendor block completely, partly or not at all. Host bits are masked here
 * (moto stores rule CIDRs verbatim; AWS masks them), so `10.0.0.7/24` behaves like `10.0.0.0/24`.
 */
import { parseCidr, type NormalizedCidr } from "../../cidr";

/** An inclusive address range of one family. */
export interface AddressRange {
  family: "ipv4" | "ipv6";
  first: bigint;
  last: bigint;
}

/** The range a CIDR covers, or undefined when the text is not a CIDR. */
export function cidrRange(text: string): AddressRange | undefined {
  const parsed = parseCidr(text);
  return parsed ? rangeOf(parsed) : undefined;
}

/** The range of an already normalized block. */
export function rangeOf(cidr: NormalizedCidr): AddressRange {
  const slash = cidr.cidr.lastIndexOf("/");
  const address = cidr.cidr.slice(0, slash);
  const bits = cidr.family === "ipv4" ? 32 : 128;
  const first = cidr.family === "ipv4" ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const size = 1n << BigInt(bits - cidr.prefix);
  return { family: cidr.family, first, last: first + size - 1n };
}

function ipv4ToBigInt(address: string): bigint {
  return address.split(".").reduce((acc, octet) => acc * 256n + BigInt(Number(octet)), 0n);
}

/** Parses the compressed form `parseCidr` produces (hex groups, at most one `::`, no dotted tail). */
function ipv6ToBigInt(address: string): bigint {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n);
}

/** How much of `target` the `admitted` ranges cover together. */
export type Coverage = "full" | "partial" | "none";

/**
 * Whether the union of `admitted` ranges covers `target`. Several smaller rules (two /29s) can cover a
 * vendor's /28 together, so this sweeps the sorted ranges instead of looking for one containing block.
 */
export function coverage(target: AddressRange, admitted: readonly AddressRange[]): { coverage: Coverage; covered: bigint } {
  const relevant = admitted
    .filter((r) => r.family === target.family && r.last >= target.first && r.first <= target.last)
    .map((r) => ({ first: r.first < target.first ? target.first : r.first, last: r.last > target.last ? target.last : r.last }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let covered = 0n;
  let next = target.first; // first address not yet counted
  for (const r of relevant) {
    if (r.last < next) continue;
    const from = r.first > next ? r.first : next;
    covered += r.last - from + 1n;
    next = r.last + 1n;
  }
  const total = target.last - target.first + 1n;
  return { coverage: covered === 0n ? "none" : covered === total ? "full" : "partial", covered };
}

/** Splits `piece` into the part inside `cut` (as an address count) and the parts outside it. */
export function subtractRange(piece: AddressRange, cut: AddressRange): { inside: bigint; outside: AddressRange[] } {
  if (cut.family !== piece.family || cut.last < piece.first || cut.first > piece.last) return { inside: 0n, outside: [piece] };
  const outside: AddressRange[] = [];
  if (cut.first > piece.first) outside.push({ family: piece.family, first: piece.first, last: cut.first - 1n });
  if (cut.last < piece.last) outside.push({ family: piece.family, first: cut.last + 1n, last: piece.last });
  const first = cut.first > piece.first ? cut.first : piece.first;
  const last = cut.last < piece.last ? cut.last : piece.last;
  return { inside: last - first + 1n, outside };
}
