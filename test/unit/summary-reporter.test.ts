/**
 * The summary line CI reads counts failed hooks and files as failures: runs vitest on fixture files (a failing
 * beforeAll, a failing afterAll, a file that does not load, ordinary results) and reads its last line.
 */
import { join, resolve } from "node:path";
import { expect, test } from "vitest";
import { exec } from "../support/exec";

const ROOT = resolve(__dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "summary");

async function lastLine(files: string[]): Promise<{ line: string; status: number | null }> {
  const r = await exec(process.execPath, [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(FIXTURES, "vitest.config.ts"), ...files], {
    cwd: FIXTURES,
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    timeoutMs: 240_000,
  });
  const lines = r.stdout.trim().split("\n");
  return { line: lines[lines.length - 1]!, status: r.status };
}

test("a failing beforeAll counts as one failure; the tests it skipped count as skipped", async () => {
  expect(await lastLine(["hook.fixture.ts"])).toEqual({ line: "0 passed, 1 failed, 2 skipped", status: 1 });
}, 240_000);

test("a failing afterAll, a file that does not load and a failed test each count", async () => {
  expect(await lastLine([])).toEqual({ line: "2 passed, 4 failed, 3 skipped", status: 1 });
}, 240_000);
