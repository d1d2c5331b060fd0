/**
 * Failures that surface during deployment rather than at construction. Each test gets a fresh file-level
 * mock runtime state: a failed registration leaves the Pulumi runtime with a pending error, so these
 * run in their own file and never wait for all RPCs after the failure.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PostgresVendorAccess, type PostgresVendorAccessArgs } from "../../src";
import { PulumiCapture, TYPES, unwrap } from "../support/pulumi-capture";

// A failing input Output makes the SDK reject the resource's registration, which reaches the process as an
// unhandled rejection (in a real `pulumi up`, the deployment error). Record those here instead of letting
// the runner count them, and assert on them.
const rejections: string[] = [];
let savedListeners: NodeJS.UnhandledRejectionListener[] = [];
const record = (reason: unknown) => rejections.push(String((reason as Error)?.message ?? reason));
beforeAll(() => {
  savedListeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", record);
});
afterAll(async () => {
  await new Promise((r) => setTimeout(r, 200));
  process.removeListener("unhandledRejection", record);
  for (const l of savedListeners) process.on("unhandledRejection", l);
});
/** Waits until `done()` holds, polling; generous, as a loaded machine can be slow to settle promises. */
async function until(done: () => boolean, deadlineMs = 60_000) {
  const deadline = Date.now() + deadlineMs;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
const settled = (count: number) => until(() => rejections.length >= count);

test("a password Output with a backslash fails at deployment with the argument named", async () => {
  await PulumiCapture.install();
  const c = new PostgresVendorAccess("bad", { vendor: "whaly", database: "db", readSchemas: ["public"], password: pulumi.output("has\\backslash-and-long") });
  await expect(unwrap(c.password)).rejects.toThrow("[password] contains a backslash");
  await expect(unwrap(c.connection)).rejects.toThrow("[password] contains a backslash");
  await settled(1);
  expect(rejections.length).toBeGreaterThan(0);
  expect(new Set(rejections)).toEqual(
    new Set([`error serializing property "password": [password] contains a backslash; the postgresql provider doubles backslashes, so the stored password would not match. Use a password without '\\'.`]),
  );
  rejections.length = 0;
});

test("a short password Output fails at deployment", async () => {
  await PulumiCapture.install();
  const c = new PostgresVendorAccess("bad2", { vendor: "whaly", database: "db", readSchemas: ["public"], password: pulumi.output("tiny") });
  await expect(unwrap(c.password)).rejects.toThrow("[password] is 4 characters long; use at least 16 characters, or omit it to generate one.");
  await settled(1);
  expect(new Set(rejections)).toEqual(
    new Set(['error serializing property "password": [password] is 4 characters long; use at least 16 characters, or omit it to generate one.']),
  );
  rejections.length = 0;
});

/** Constructs the component, then expects its deployment to fail with exactly `message` (one rejection). */
async function expectDeploymentFailure(name: string, args: PostgresVendorAccessArgs, message: string) {
  await PulumiCapture.install();
  new PostgresVendorAccess(name, args);
  // The failing registration never resolves the child's outputs: wait for the recorded rejection.
  await settled(1);
  expect(new Set(rejections)).toEqual(new Set([message]));
  rejections.length = 0;
}

test("a connectionLimit Output that resolves to a bad value fails at deployment with the argument named", async () => {
  await expectDeploymentFailure(
    "bad3",
    { vendor: "whaly", database: "db", readSchemas: ["public"], connectionLimit: pulumi.output(-7) },
    'error serializing property "connectionLimit": [connectionLimit] -7 is not valid; use -1 (no limit) or a positive integer.',
  );
});

test("a securityGroupId Output that resolves to an empty string fails at deployment with the argument named", async () => {
  await expectDeploymentFailure(
    "bad4",
    { vendor: "segment", region: "eu", database: "db", readSchemas: ["public"], securityGroupId: pulumi.output("") },
    'error serializing property "securityGroupId": [securityGroupId] is empty; give the id of the security group that receives the ingress rules (e.g. "sg-0123456789abcdef0"), or remove the argument to declare no network rules.',
  );
});

test("without explicit providers, default-providers-disabled refuses every child (the provider check can fail)", async () => {
  const strict = await PulumiCapture.install({ requireExplicitProviders: true });
  const c = new PostgresVendorAccess("segment", { vendor: "segment", region: "us", database: "analytics", readSchemas: ["public"], securityGroupId: "sg-1" });
  // A refused registration never resolves its outputs, so poll the mock's record instead of awaiting them.
  // Three children have no dependency to wait for; the rest wait on the refused password and never register.
  await until(() => strict.refused.length >= 3);
  await new Promise((r) => setTimeout(r, 500));
  void c;
  expect(strict.refused.sort()).toEqual(
    [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule segment-ingress-5432-34-223-203-0-28",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule segment-ingress-5432-52-25-130-38-32",
      "random:index/randomPassword:RandomPassword segment-password",
    ].map((r) => `default provider for ${r} is disabled (no explicit provider)`),
  );
  expect(strict.registrations.filter((r) => r.type === TYPES.role)).toHaveLength(0);
});
