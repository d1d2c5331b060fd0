/**
 * Text that reaches a SQL comment, an error message or a terminal must not be able to act there: a line
 * break ends a `--` comment (the rest of the line then runs as SQL, or as a psql `\!` shell command), an
 * escape sequence rewrites the terminal, a bidirectional override reorders what a reviewer reads. This leaf
 * module (no imports) finds such characters and escapes them into visible text.
 */

/**
 * Characters refused in identifiers and escaped in printed text: C0 controls (NUL, tab, line feed,
 * carriage return, ESC, ...), DEL, C1 controls (U+0080-U+009F, e.g. the single-byte CSI U+009B), line and
 * paragraph separators, bidirectional marks, embeddings, overrides and isolates, and the byte-order mark.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNSAFE_GLOBAL = new RegExp(UNSAFE.source, "g");
/** The unsafe characters outside C0 (which JSON.stringify escapes itself, and uses as layout). */
const UNSAFE_BEYOND_C0 = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Short escapes for the common ones, as JSON writes them; every other unsafe character becomes `\uXXXX`. */
const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** The first unsafe character of `text` as `U+XXXX` and its index, or `undefined` when there is none. */
export function findUnsafeCharacter(text: string): { codePoint: string; index: number } | undefined {
  const match = UNSAFE.exec(text);
  if (!match) return undefined;
  return { codePoint: `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`, index: match.index };
}

/** `text` with every unsafe character replaced by a visible escape (`\n`, `\u001b`, ...); other text unchanged. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_GLOBAL, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * JSON.stringify(value, null, 2), with the unsafe characters JSON leaves raw (DEL, C1 controls, line and
 * paragraph separators, bidirectional controls, the byte-order mark) written as `\uXXXX` escapes: the
 * output is the same JSON to a parser, and inert in a terminal. JSON already escapes C0 controls.
 */
export function toSafeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_BEYOND_C0, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Replaces each occurrence of a secret in `message` by `***`, longest secret first. An occurrence counts
 * where it stands as a token of its own: not glued to a letter or digit on either side. So a secret inside
 * a URL (`:secret@`), in quotes or alone is masked, but a short secret that happens to be part of a longer
 * word ("ion" in "connection") leaves that word readable instead of garbling it.
 */
export function maskSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  const list = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length > 0))].sort((a, b) => b.length - a.length);
  let out = message;
  for (const secret of list) {
    let result = "";
    let from = 0;
    for (let at = out.indexOf(secret); at !== -1; at = out.indexOf(secret, at + 1)) {
      if (at < from) continue;
      const glued = (outside: string | undefined, inside: string) => outside !== undefined && WORD.test(outside) && WORD.test(inside);
      if (glued(out[at - 1], secret[0]!) || glued(out[at + secret.length], secret[secret.length - 1]!)) continue;
      result += out.slice(from, at) + "***";
      from = at + secret.length;
    }
    out = result + out.slice(from);
  }
  return out;
}

const WORD = /^[\p{L}\p{N}]$/u;
