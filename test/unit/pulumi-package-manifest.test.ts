// pulumi-package/package.json tells the engine which provider plugins the package always needs (our
// Node.js language host reports the resource plugins reachable from its `dependencies`, and the CLI installs
// them before `pulumi package add` runs the provider). They must be the root package's pins, and AWS is
// left out on purpose: its plugin is loaded only when a security group is managed (README, Troubleshooting).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const read = (path: string) => JSON.parse(readFileSync(join(__dirname, "..", "..", path), "utf8"));

it("declares @pulumi/pulumi, postgresql and random at the root package's versions, and nothing else", () => {
  const root = read("package.json").dependencies;
  expect(read("pulumi-package/package.json").dependencies).toEqual({
    "@pulumi/postgresql": root["@pulumi/postgresql"],
    "@pulumi/pulumi": root["@pulumi/pulumi"],
    "@pulumi/random": root["@pulumi/random"],
  });
  expect(Object.keys(root)).toContain("@pulumi/aws");
});

it("runs on the Node.js runtime from its TypeScript entry point", () => {
  expect(readFileSync(join(__dirname, "..", "..", "pulumi-package", "PulumiPlugin.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  expect(read("pulumi-package/package.json").main).toBe("index.ts");
});
