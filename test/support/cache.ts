/**
 * Tools the tests install for themselves (moto's server, the Python wheels of the e2e suite) live in this
 * project's cache directory outside the repository, `$XDG_CACHE_HOME/pg-vendor-access/<name>` (default
 * `~/.cache/...`), built once per machine: concurrent test workers wait for the one that builds.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** `$XDG_CACHE_HOME/pg-vendor-access/<name>`, or under `~/.cache`. */
export function cacheDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "pg-vendor-access", name);
}

/** The file {@link buildOnce} writes last in a directory: without it, the directory is an interrupted build. */
export const completeMarker = (dir: string): string => join(dir, ".installed");

/**
 * Builds `dir` with `build` unless it is complete, under a lock directory `<dir>.lock` that other workers
 * wait on (up to 10 minutes). `build` gets an empty `dir`; a build that throws leaves no marker, so the next
 * run starts over. `note` goes into the marker (what was installed).
 */
export async function buildOnce(dir: string, note: string, build: (dir: string) => Promise<void>): Promise<void> {
  const marker = completeMarker(dir);
  if (existsSync(marker)) return;
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(marker)) return;
      if (Date.now() > deadline) throw new Error(`gave up waiting for another install into ${dir} (remove ${lock} if none is running)`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    if (existsSync(marker)) return;
    rmSync(dir, { recursive: true, force: true });
    await build(dir);
    writeFileSync(marker, `${note}\n`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
