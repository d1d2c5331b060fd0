/**
 * Guards for what the CLI reads from files, flags and the environment before anything else sees it: bounded
 * file reads, component names fit for a SQL comment and a terminal, a `--url` that parses (named in the
 * error, never echoed: it may hold a password) and TLS modes PostgreSQL knows.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { findUnsafeCharacter } from "../safe-text";
import { UsageError } from "./args";

/** Largest argument or stack file the CLI reads: far above any real one, small enough to refuse a wrong file fast. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

/**
 * Reads a UTF-8 file of at most {@link MAX_INPUT_FILE_BYTES}. Reads at most one byte past the cap, so a huge
 * file, a device such as /dev/zero or an endless pipe is refused without being read whole.
 */
export function readBoundedFile(path: string, option: string): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new UsageError(`${option} ${JSON.stringify(path)} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, undefined, false);
  }
  try {
    const buffer = Buffer.alloc(MAX_INPUT_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw new UsageError(`${option} ${JSON.stringify(path)} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, undefined, false);
      }
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_INPUT_FILE_BYTES) {
      throw new UsageError(
        `${option} ${JSON.stringify(path)} is larger than ${MAX_INPUT_FILE_BYTES} bytes (1 MiB), the limit for argument and stack files; check that it is the right file.`,
        undefined,
        false,
      );
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * A component name from `--name` or a file's `name`: non-empty, visible characters only (it is written
 * into SQL comment lines and to the terminal, and becomes part of every logical name).
 */
export function checkComponentName(where: string, name: unknown): string {
  if (typeof name !== "string" || name === "") throw new UsageError(`${where} must be a non-empty string (the component name).`, undefined, false);
  const unsafe = findUnsafeCharacter(name);
  if (unsafe) {
    throw new UsageError(
      `${where} ${JSON.stringify(name)} contains a control character (${unsafe.codePoint}); a component name must hold visible characters only (it is written into SQL comments and logical names).`,
      undefined,
      false,
    );
  }
  return name;
}

/**
 * libpq's TLS modes, plus node-postgres's `no-verify` (encrypted, certificate not checked). Anything else
 * is refused rather than silently read as some TLS setting (node-postgres turns an unknown value in a URL
 * into full verification and an unknown `PGSSLMODE` into no TLS at all).
 */
export const LIBPQ_SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"] as const;

const SSL_MODE_HELP = `valid: ${LIBPQ_SSL_MODES.map((m) => JSON.stringify(m)).join(", ")}`;

/**
 * Checks `--url` before the driver sees it: it must parse as a `postgres://` URL and carry a known
 * `sslmode`. The URL is never echoed (it may hold the password); the message names `--url` and what to fix.
 */
export function checkConnectionUrl(url: string): void {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError(`--url must start with postgres:// or postgresql:// (e.g. postgres://user@host:5432/db?sslmode=require).`, "check");
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
    decodeURIComponent(parsed.password);
    decodeURIComponent(parsed.username);
  } catch {
    throw new UsageError(
      "--url is not a valid URL (not shown: it may hold a password); use postgres://user:password@host:5432/database?sslmode=require and percent-encode special characters in the user and password (e.g. @ as %40, % as %25).",
      "check",
    );
  }
  const modes = parsed.searchParams.getAll("sslmode");
  for (const mode of modes) checkSslMode(`--url sslmode`, mode);
}

/** Checks the `PGSSLMODE` variable when the connection comes from the environment. */
export function checkEnvironmentSslMode(env: NodeJS.ProcessEnv): void {
  if (env.PGSSLMODE !== undefined && env.PGSSLMODE !== "") checkSslMode("PGSSLMODE", env.PGSSLMODE);
}

function checkSslMode(where: string, mode: string): void {
  if (!(LIBPQ_SSL_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`${where} ${JSON.stringify(mode)} is not a PostgreSQL TLS mode; ${SSL_MODE_HELP}.`, "check");
  }
}
