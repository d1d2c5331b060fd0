/**
 * `pulumi package add <path>` on a checkout nobody has installed yet (what a user gets from `git clone`, and
 * what the CLI does itself for a git URL): the engine asks our Node.js language host to install the plugin
 * directory's dependencies, the host runs `npm ci` in the repository root (the nearest package-lock.json,
 * whose code pulumi-package/ runs), and the provider then serves the same schema as this working copy's.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { REPO_ROOT } from "./support/toolchain";
import { PACKAGE_DIR, cliEnv, runPulumi } from "./support/package-project";

test("a fresh clone: get-schema installs the repository's dependencies, then serves the working copy's schema", async () => {
  // Outside this repository, whose node_modules Node (and the host) would otherwise find from the clone.
  const parent = mkdtempSync(join(tmpdir(), "pva-fresh-checkout-"));
  onTestFinished(() => rmSync(parent, { recursive: true, force: true }));
  const clone = join(parent, "pg-vendor-access");
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", REPO_ROOT, clone]);
  expect(existsSync(join(clone, "node_modules"))).toBe(false);
  const env = cliEnv("fresh-checkout");

  const fresh = await runPulumi(REPO_ROOT, ["package", "get-schema", join(clone, "pulumi-package")], env);
  expect(existsSync(join(clone, "node_modules", "@pulumi", "pulumi", "cmd", "run-plugin", "index.js"))).toBe(true);
  const here = await runPulumi(REPO_ROOT, ["package", "get-schema", PACKAGE_DIR], env);
  expect(JSON.parse(fresh.stdout)).toEqual(JSON.parse(here.stdout));
  // The installed working copy has nothing to install.
  expect(here.stderr).toContain("@pulumi/pulumi is installed; nothing to install");
  expect(fresh.stderr).not.toContain("nothing to install");
}, 900_000);
