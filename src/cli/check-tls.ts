/**
 * TLS for `check` with libpq's meaning of `sslmode` (node-postgres treats `require` as `verify-full`, so a
 * certificate Node does not trust, RDS's included, fails there):
 *
 * | sslmode | encrypted | certificate checked |
 * | --- | --- | --- |
 * | `disable` | no | – |
 * | `allow`, `prefer` (default) | if the server offers TLS | no |
 * | `require` | yes | no; with `sslrootcert` given, like `verify-ca` (as libpq does) |
 * | `verify-ca` | yes | chain against `sslrootcert` |
 * | `verify-full` | yes | chain against `sslrootcert`, and the host name |
 *
 * `sslrootcert` comes from the URL parameter or `PGSSLROOTCERT`; `sslrootcert=system` (or none with
 * `verify-ca`/`verify-full`) means Node's built-in public CAs. For RDS use the RDS CA bundle
 * (`global-bundle.pem`), see README.
 */
import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { UsageError } from "./args";

export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** URL query parameters `check` handles itself and removes before node-postgres sees the URL. */
const TLS_PARAMETERS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "uselibpqcompat", "ssl"];

export interface TlsSettings {
  mode: SslMode;
  /** Where the trusted CAs come from: a file path, or `system` (Node's built-in list). */
  rootCert?: string;
  /** What to pass as node-postgres's `ssl`: false for no TLS. */
  ssl: false | ConnectionOptions;
  /** `allow`/`prefer`: retry without TLS when the server does not offer it. */
  plainFallback: boolean;
  /** Whether the server certificate is verified (chain, and host name for verify-full). */
  verifies: "none" | "chain" | "chain-and-host";
}

/**
 * Reads `sslmode` and `sslrootcert` from the URL (else `PGSSLMODE`, `PGSSLROOTCERT`) and returns the URL
 * without TLS parameters plus the settings. `readFile` is injectable for tests.
 */
export function tlsSettings(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string = (p) => readFileSync(p, "utf8"),
): { url?: string; tls: TlsSettings } {
  let mode: string | undefined = env.PGSSLMODE;
  let rootCert: string | undefined = env.PGSSLROOTCERT;
  let cleaned = url;
  if (url !== undefined) {
    const query = url.indexOf("?");
    if (query !== -1) {
      const params = new URLSearchParams(url.slice(query + 1));
      if (params.has("sslmode")) mode = params.get("sslmode")!;
      if (params.has("sslrootcert")) rootCert = params.get("sslrootcert")!;
      for (const name of ["sslcert", "sslkey"]) {
        if (params.has(name)) throw new UsageError(`--url parameter ${name} (client certificates) is not supported by check; use password authentication.`, "check");
      }
      for (const name of TLS_PARAMETERS) params.delete(name);
      const rest = params.toString();
      cleaned = url.slice(0, query) + (rest ? `?${rest}` : "");
    }
  }
  mode ??= "prefer";
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new UsageError(`sslmode ${JSON.stringify(mode)} is not valid; use one of ${SSL_MODES.map((m) => JSON.stringify(m)).join(", ")} (as in libpq).`, "check");
  }
  const sslmode = mode as SslMode;
  if (rootCert === "") rootCert = undefined;

  let ca: string | undefined;
  if (rootCert !== undefined && rootCert !== "system" && sslmode !== "disable") {
    try {
      ca = readFile(rootCert);
    } catch (e) {
      throw new UsageError(`sslrootcert ${JSON.stringify(rootCert)} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; give the path of a PEM file with the CA certificates (for RDS: the RDS CA bundle).`, "check", false);
    }
  }
  // libpq: with a root certificate, require verifies the chain as verify-ca does.
  const verifies: TlsSettings["verifies"] =
    sslmode === "verify-full" ? "chain-and-host" : sslmode === "verify-ca" || (sslmode === "require" && rootCert !== undefined) ? "chain" : "none";
  let ssl: TlsSettings["ssl"];
  if (sslmode === "disable") ssl = false;
  else if (verifies === "none") ssl = { rejectUnauthorized: false };
  else {
    ssl = {
      rejectUnauthorized: true,
      ...(ca !== undefined ? { ca } : {}),
      // verify-ca checks the chain only: any host name is accepted.
      ...(verifies === "chain" ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  return {
    ...(cleaned !== undefined ? { url: cleaned } : {}),
    tls: { mode: sslmode, ...(rootCert !== undefined ? { rootCert } : {}), ssl, plainFallback: sslmode === "allow" || sslmode === "prefer", verifies },
  };
}

/** What the TLS check line says about verification. */
export function describeVerification(tls: TlsSettings): string {
  switch (tls.verifies) {
    case "chain-and-host":
      return "certificate and host name verified";
    case "chain":
      return "certificate verified, host name not checked";
    case "none":
      return `certificate not verified (sslmode=${tls.mode})`;
  }
}

/** A one-line fix for a TLS connection error, or undefined when the error is not about TLS. */
export function tlsErrorHint(message: string, tls: TlsSettings): string | undefined {
  if (/does not support SSL|SSL off|no pg_hba.conf entry .* SSL off/i.test(message) && tls.mode !== "disable") {
    return `the server does not offer TLS with sslmode=${tls.mode}; enable ssl on the server, or use sslmode=prefer (or disable) for a local server`;
  }
  if (/Hostname\/IP does not match|altnames/i.test(message)) {
    return "the certificate is for another host name: connect with the name the certificate was issued for (the RDS endpoint), or use sslmode=verify-ca to check the chain only";
  }
  if (/self[- ]signed|unable to (get|verify)|certificate (has expired|is not yet valid)|unknown ca|CERT_/i.test(message)) {
    return tls.rootCert === undefined || tls.rootCert === "system"
      ? "the server's certificate is not signed by a CA Node trusts: pass the issuing CA with sslrootcert=<file> (or PGSSLROOTCERT); for RDS download the RDS CA bundle, global-bundle.pem"
      : `the server's certificate is not signed by a CA in ${tls.rootCert}: pass the CA that issued it (for RDS the RDS CA bundle, global-bundle.pem)`;
  }
  return undefined;
}
