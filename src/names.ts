/**
 * Logical-name fragments for children, derived from what a child represents (schema, owner, CIDR) so
 * that adding or reordering inputs never renames an existing child.
 */

/**
 * Encodes a PostgreSQL identifier for use in a Pulumi logical name. Letters, digits, `_` and `.` stay as
 * they are; every other character becomes `~` + its code point in hex + `~`. The encoding is injective
 * (so `Sales` and `sales`, or `a b` and `a_b`, never collide) and `-` never appears in its output,
 * which makes `-` a safe separator between fragments.
 */
export function identifierKey(identifier: string): string {
  let out = "";
  for (const ch of identifier) {
    out += /[A-Za-z0-9_.]/.test(ch) ? ch : `~${ch.codePointAt(0)!.toString(16)}~`;
  }
  return out;
}
