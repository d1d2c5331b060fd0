/**
 * The package as a user installs it: `npm pack` (which runs `prepare`, the build), then the tarball installed
 * into an empty project. The library loads by name and the component constructs under Pulumi mocks; the CLI
 * runs through `npx`. This is what a git-URL or path install produces too (npm runs `prepare` for both).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { exec, type ExecResult } from "../support/exec";

const ROOT = resolve(__dirname, "..", "..");
let work: string;
let project: string;

function run(command: string, args: string[], cwd: string): Promise<ExecResult> {
  // npm_config_* from the outer `npm test` would redirect the inner npm (e.g. its prefix); drop them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
  return exec(command, args, { cwd, env: { ...env, NO_COLOR: "1" }, timeoutMs: 600_000 });
}

function ok(r: ExecResult, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.error}`);
  return r.stdout;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pgva-pack-"));
  project = join(work, "consumer");
  const packed = JSON.parse(ok(await run("npm", ["pack", "--json", "--pack-destination", work], ROOT), "npm pack")) as { filename: string; files: { path: string }[] }[];
  const tarball = join(work, packed[0]!.filename);
  const files = packed[0]!.files.map((f) => f.path);
  // What a published package must hold: the compiled library, its types and the CLI; no sources or tests.
  expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js"]));
  expect(files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(f))).toEqual([]);

  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }) + "\n");
  ok(await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], project), "npm install <tarball>");
  copyFileSync(join(ROOT, "test", "fixtures", "consumer", "use-library.js"), join(project, "use-library.js"));
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the installed package holds dist/ and no TypeScript sources", () => {
  const dist = readdirSync(join(project, "node_modules", "pg-vendor-access", "dist"));
  expect(dist).toEqual(expect.arrayContaining(["index.js", "index.d.ts", "component.js", "cli"]));
  expect(readdirSync(join(project, "node_modules", "pg-vendor-access"))).not.toContain("src");
});

test("require(\"pg-vendor-access\") constructs the component under Pulumi mocks", async () => {
  const r = await run(process.execPath, ["use-library.js"], project);
  expect(JSON.parse(ok(r, "use-library.js").trim())).toEqual({ roleName: "whaly_bi", vendors: true, components: 1, roles: 1, ingressRules: 36 });
});

test("npx pg-vendor-access: version, plan from a file, and usage without arguments", async () => {
  expect(ok(await run("npx", ["--no-install", "pg-vendor-access", "--version"], project), "--version").trim()).toBe("0.1.0");
  writeFileSync(join(project, "whaly.yaml"), "vendor: whaly\ndatabase: warehouse\nreadSchemas: [marts]\ntableOwners: [dbt]\n");
  const plan = ok(await run("npx", ["--no-install", "pg-vendor-access", "plan", "--file", "whaly.yaml", "--sql-only"], project), "plan");
  expect(plan).toContain('CREATE ROLE "whaly_bi" WITH PASSWORD :\'vendor_password\'');
  expect(plan).toContain('GRANT SELECT ON ALL TABLES IN SCHEMA "marts" TO "whaly_bi";');
  const bare = await run("npx", ["--no-install", "pg-vendor-access"], project);
  expect(bare.status).toBe(2);
  expect(bare.stdout).toBe("");
  expect(bare.stderr).toMatch(/^Usage: pg-vendor-access <command> \[options\]/);
});
