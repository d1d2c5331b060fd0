/**
 * Loads TypeScript modules of this repository from a plain `node` script: esbuild (installed with vitest) bundles
 * them in memory and the bundle is imported as a data URL. Nothing is written to disk.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Bundles `contents` (TypeScript, resolved from the repository root) and imports the result. */
export async function loadTs(contents) {
  let esbuild;
  try {
    esbuild = await import("esbuild");
  } catch {
    console.error("esbuild is not installed; run npm ci first (it comes with vitest).");
    process.exit(2);
  }
  const bundle = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    logLevel: "silent",
  });
  return import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString("base64")}`);
}
