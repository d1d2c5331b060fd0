import { segment } from "./segment";
import type { VendorPreset } from "./types";
import { whaly } from "./whaly";

export * from "./types";

/** The preset catalogue: preset id -> the vendor's requirements as plain data. */
export const vendors: Readonly<Record<string, VendorPreset>> = Object.freeze({
  segment,
  whaly,
});

/** The id meaning "no preset": role, privileges and CIDRs all come from the arguments. */
export const CUSTOM_VENDOR = "custom";
