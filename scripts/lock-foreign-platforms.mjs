#!/usr/bin/env node
// The registry mirror on our build machines serves only the linux-x64 builds of rollup's
// platform packages, so `npm install` leaves the others out of package-lock.json and
// `npm ci` then refuses the lock as "out of sync". This adds lock entries for the missing
// optional platform packages (with their os/cpu so npm skips them here), keeping `npm ci`
// usable. Run it after any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (!path.endsWith("node_modules/rollup")) continue;
  const manifest = JSON.parse(readFileSync(new URL(`../${path}/package.json`, import.meta.url), "utf8"));
  for (const [dep, version] of Object.entries(manifest.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (packages[key]) continue;
    const [, os, cpu, libc] = dep.match(/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/) ?? [];
    packages[key] = {
      version, dev: entry.dev, optional: true,
      ...(os ? { os: [os === "win32" ? "win32" : os] } : {}),
      ...(cpu ? { cpu: [cpu === "arm" ? "arm" : cpu] } : {}),
      ...(libc && /^(gnu|musl)/.test(libc) ? { libc: [libc.startsWith("musl") ? "musl" : "glibc"] } : {}),
    };
    added++;
  }
}
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} foreign-platform lock entries`);
