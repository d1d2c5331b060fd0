/** libpq's sslmode semantics for `check`, as a table written from the libpq documentation. */
import { describe, expect, test } from "vitest";
import { UsageError } from "../../src/cli/args";
import { describeVerification, tlsErrorHint, tlsSettings } from "../../src/cli/check-tls";

const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const read = (path: string) => {
  if (path === "/ca.pem") return CA;
  throw Object.assign(new Error("nope"), { code: "ENOENT" });
};
const settings = (url: string | undefined, env: NodeJS.ProcessEnv = {}) => tlsSettings(url, env, read);

describe("tlsSettings", () => {
  test.each([
    // [query, ssl option for node-postgres, plain fallback, verification]
    ["", { rejectUnauthorized: false }, true, "none"],
    ["?sslmode=disable", false, false, "none"],
    ["?sslmode=allow", { rejectUnauthorized: false }, true, "none"],
    ["?sslmode=prefer", { rejectUnauthorized: false }, true, "none"],
    ["?sslmode=require", { rejectUnauthorized: false }, false, "none"],
    ["?sslmode=verify-ca", { rejectUnauthorized: true, checkServerIdentity: expect.any(Function) }, false, "chain"],
    ["?sslmode=verify-full", { rejectUnauthorized: true }, false, "chain-and-host"],
    ["?sslmode=verify-ca&sslrootcert=/ca.pem", { rejectUnauthorized: true, ca: CA, checkServerIdentity: expect.any(Function) }, false, "chain"],
    ["?sslmode=verify-full&sslrootcert=/ca.pem", { rejectUnauthorized: true, ca: CA }, false, "chain-and-host"],
    // libpq: require with a root certificate verifies the chain, like verify-ca.
    ["?sslmode=require&sslrootcert=/ca.pem", { rejectUnauthorized: true, ca: CA, checkServerIdentity: expect.any(Function) }, false, "chain"],
    ["?sslmode=verify-full&sslrootcert=system", { rejectUnauthorized: true }, false, "chain-and-host"],
  ])("%s", (query, ssl, plainFallback, verifies) => {
    const { url, tls } = settings(`postgres://u:p@db.example.com:5432/app${query}`);
    expect(url).toBe("postgres://u:p@db.example.com:5432/app");
    expect(tls.ssl).toEqual(ssl);
    expect(tls.plainFallback).toBe(plainFallback);
    expect(tls.verifies).toBe(verifies);
  });

  test("verify-ca accepts any host name; verify-full keeps Node's host name check", () => {
    const ca = settings("postgres://h/d?sslmode=verify-ca").tls.ssl as { checkServerIdentity: () => unknown };
    expect(ca.checkServerIdentity()).toBeUndefined();
    expect("checkServerIdentity" in (settings("postgres://h/d?sslmode=verify-full").tls.ssl as object)).toBe(false);
  });

  test("PGSSLMODE and PGSSLROOTCERT apply when the URL does not say; the URL wins", () => {
    expect(settings(undefined, { PGSSLMODE: "verify-full", PGSSLROOTCERT: "/ca.pem" }).tls).toEqual({
      mode: "verify-full", rootCert: "/ca.pem", ssl: { rejectUnauthorized: true, ca: CA }, plainFallback: false, verifies: "chain-and-host",
    });
    expect(settings("postgres://h/d?sslmode=disable", { PGSSLMODE: "verify-full" }).tls.mode).toBe("disable");
  });

  test("other parameters stay in the URL", () => {
    expect(settings("postgres://h/d?application_name=a&sslmode=require&connect_timeout=5").url).toBe("postgres://h/d?application_name=a&connect_timeout=5");
  });

  test("bad sslmode, unreadable sslrootcert and client certificates are usage errors naming the parameter", () => {
    expect(() => settings("postgres://h/d?sslmode=no-verify")).toThrow(UsageError);
    expect(() => settings("postgres://h/d?sslmode=no-verify")).toThrow(
      'sslmode "no-verify" is not valid; use one of "disable", "allow", "prefer", "require", "verify-ca", "verify-full" (as in libpq).',
    );
    expect(() => settings("postgres://h/d?sslmode=verify-full&sslrootcert=/missing.pem")).toThrow(
      'sslrootcert "/missing.pem" cannot be read: ENOENT; give the path of a PEM file with the CA certificates (for RDS: the RDS CA bundle).',
    );
    expect(() => settings("postgres://h/d?sslcert=c.pem")).toThrow("--url parameter sslcert (client certificates) is not supported by check; use password authentication.");
  });
});

test("describeVerification says what was checked", () => {
  expect(describeVerification(settings("postgres://h/d?sslmode=verify-full").tls)).toBe("certificate and host name verified");
  expect(describeVerification(settings("postgres://h/d?sslmode=verify-ca").tls)).toBe("certificate verified, host name not checked");
  expect(describeVerification(settings("postgres://h/d?sslmode=require").tls)).toBe("certificate not verified (sslmode=require)");
});

test("tlsErrorHint: a fix for each TLS failure, none for other errors", () => {
  const full = settings("postgres://h/d?sslmode=verify-full").tls;
  expect(tlsErrorHint("self-signed certificate in certificate chain", full)).toBe(
    "the server's certificate is not signed by a CA Node trusts: pass the issuing CA with sslrootcert=<file> (or PGSSLROOTCERT); for RDS download the RDS CA bundle, global-bundle.pem",
  );
  expect(tlsErrorHint("Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ", full)).toBe(
    "the certificate is for another host name: connect with the name the certificate was issued for (the RDS endpoint), or use sslmode=verify-ca to check the chain only",
  );
  expect(tlsErrorHint("The server does not support SSL connections", settings("postgres://h/d?sslmode=require").tls)).toBe(
    "the server does not offer TLS with sslmode=require; enable ssl on the server, or use sslmode=prefer (or disable) for a local server",
  );
  expect(tlsErrorHint("password authentication failed for user \"x\"", full)).toBeUndefined();
});
