// What the package's provider does when the engine asks it to construct PostgresVendorAccess: it builds the
// TypeScript component from the inputs, so a Python, Go or YAML program gets the same validation and
// messages, before anything is registered, and the same children and secret outputs.
import { beforeAll, expect, test } from "vitest";
import { VendorAccessProvider } from "../../pulumi-package/provider";
import { PulumiCapture, unwrap } from "../support/pulumi-capture";

const TOKEN = "pg-vendor-access:index:PostgresVendorAccess";
let capture: PulumiCapture;
beforeAll(async () => {
  capture = await PulumiCapture.install();
});

test("invalid inputs are refused with the TypeScript component's message and nothing is registered", async () => {
  capture.reset();
  const provider = new VendorAccessProvider("0.1.0");
  await expect(
    provider.construct("bad", TOKEN, { vendor: "segment", database: "analytics", region: "apac", readSchemas: ["public"] }, {}),
  ).rejects.toThrow('[region] "apac" is not a Segment Reverse ETL region; known regions: "us", "eu".');
  await expect(provider.construct("bad2", TOKEN, { vendor: "acme", database: "analytics" }, {})).rejects.toThrow(/^\[vendor\] "acme"/);
  expect(capture.registrations).toEqual([]);
});

test("a type token of another package or module is refused", async () => {
  const provider = new VendorAccessProvider("0.1.0");
  await expect(provider.construct("x", "other:index:PostgresVendorAccess", {}, {})).rejects.toThrow("Invalid package name other, expected 'pg-vendor-access'");
  await expect(provider.construct("x", "pg-vendor-access:index:Nope", {}, {})).rejects.toThrow("Component class not found for 'Nope'");
});

test("valid inputs construct the component: Whaly's role, secret connection, and the schema's outputs as state", async () => {
  capture.reset();
  const provider = new VendorAccessProvider("0.1.0");
  const result = await provider.construct("whaly", TOKEN, { vendor: "whaly", database: "warehouse", readSchemas: ["marts"], tableOwners: ["dbt"], host: "db.example" }, {});
  expect(Object.keys(result.state).sort()).toEqual(["connection", "ingressRuleIds", "managedSchemas", "password", "roleName"]);
  expect(await unwrap(result.state.roleName)).toBe("whaly_bi");
  expect(await unwrap(result.state.managedSchemas)).toEqual([]);
  const connection = await unwrap(result.state.connection);
  expect({ ...connection, password: typeof connection.password }).toEqual({ host: "db.example", port: 5432, database: "warehouse", user: "whaly_bi", password: "string" });
  expect(await result.state.connection.isSecret).toBe(true);
  expect(await result.state.password.isSecret).toBe(true);
  expect(capture.registrations.filter((r) => r.type === "postgresql:index/role:Role").map((r) => r.inputs.name)).toEqual(["whaly_bi"]);
}, 600_000);
