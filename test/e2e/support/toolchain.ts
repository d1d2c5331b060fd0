/**
 * The real Pulumi toolchain for the end-to-end suite: `scripts/pulumi-toolchain.sh` builds it from Go modules
 * (or takes an installed one from PULUMI_TOOLCHAIN_DIR) and prints the directory holding `pulumi`, the Node.js
 * language host and the postgresql/random plugins. Everything runs offline: a file backend, a passphrase
 * secrets provider, no plugin downloads, no update checks, a private PULUMI_HOME.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

export interface Toolchain {
  /** Directory with pulumi, pulumi-language-nodejs, pulumi-resource-postgresql, pulumi-resource-random. */
  binDir: string;
  /** PULUMI_HOME holding both plugins at the SDKs' exact versions. */
  pulumiHome: string;
  /** Environment for the CLI: offline, passphrase secrets, no ambient plugins from PATH. */
  env: Record<string, string>;
}

let cached: Toolchain | undefined;

/** Builds or finds the toolchain once per process (a warm build takes seconds). */
export function toolchain(): Toolchain {
  if (cached) return cached;
  const out = execFileSync("bash", [join(REPO_ROOT, "scripts", "pulumi-toolchain.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const binDir = out.trim().split("\n").pop()!;
  let pulumiHome = join(dirname(binDir), "home");
  if (!existsSync(join(pulumiHome, "plugins"))) {
    // An installed toolchain (PULUMI_TOOLCHAIN_DIR): install its plugins into a private home.
    pulumiHome = mkdtempSync(join(tmpdir(), "pva-pulumi-home-"));
    for (const [name, version] of pluginVersions()) {
      execFileSync(join(binDir, "pulumi"), ["plugin", "install", "resource", name, version, "--file", join(binDir, `pulumi-resource-${name}`)], {
        env: { ...process.env, ...offlineEnv(binDir, pulumiHome) },
        stdio: "ignore",
      });
    }
  }
  cached = { binDir, pulumiHome, env: offlineEnv(binDir, pulumiHome) };
  return cached;
}

/** The plugin versions the npm SDKs ask the engine for. */
export function pluginVersions(): [string, string][] {
  const lock = require(join(REPO_ROOT, "package-lock.json")).packages;
  return [
    ["postgresql", lock["node_modules/@pulumi/postgresql"].version],
    ["random", lock["node_modules/@pulumi/random"].version],
  ];
}

function offlineEnv(binDir: string, pulumiHome: string): Record<string, string> {
  return {
    PATH: `${binDir}:${process.env.PATH ?? ""}`,
    PULUMI_HOME: pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Plugins come from PULUMI_HOME at exact versions, never from PATH.
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LOCK: "false",
    NO_COLOR: "1",
  };
}

/** A fresh file backend directory (state for one test file). */
export function fileBackend(tag: string): string {
  const dir = join(REPO_ROOT, ".test-tmp", "e2e-state", `${tag}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return `file://${dir}`;
}

