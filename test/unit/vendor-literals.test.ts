/** The catalogue against facts copied by hand from the vendors' pages (test/support/vendor-pages.ts). */
import { expect, test } from "vitest";
import { planVendorAccess, vendors } from "../../src";
import { WHALY_CIDRS } from "../support/vendor-pages";

test("Whaly: exactly the 36 CIDRs of its page, in the catalogue and in the plan's ingress rules", () => {
  expect(WHALY_CIDRS).toHaveLength(36);
  expect(Object.keys(vendors.whaly!.regions)).toEqual(["global"]);
  expect([...vendors.whaly!.regions.global!].sort()).toEqual([...WHALY_CIDRS].sort());
  const plan = planVendorAccess({ vendor: "whaly", database: "d", readSchemas: ["public"], tableOwners: ["o"], securityGroupId: "sg-1" });
  expect(plan.ingress.map((r) => r.cidr).sort()).toEqual([...WHALY_CIDRS].sort());
  expect(new Set(plan.ingress.map((r) => r.port))).toEqual(new Set([5432]));
});
