import { airbyte } from "./airbyte";
import { census } from "./census";
import { fivetran } from "./fivetran";
import { grafana } from "./grafana";
import { hightouch } from "./hightouch";
import { lightdash } from "./lightdash";
import { looker } from "./looker";
import { metabase } from "./metabase";
import { mixpanel } from "./mixpanel";
import { omni } from "./omni";
import { posthog } from "./posthog";
import { preset } from "./preset";
import { retool } from "./retool";
import { rudderstack } from "./rudderstack";
import { segment } from "./segment";
import { stitch } from "./stitch";
import type { VendorPreset } from "./types";
import { whaly } from "./whaly";

export * from "./types";

/** The preset catalogue: preset id -> the vendor's requirements as plain data. */
export const vendors: Readonly<Record<string, VendorPreset>> = Object.freeze({
  segment,
  whaly,
  census,
  airbyte,
  stitch,
  rudderstack,
  metabase,
  fivetran,
  hightouch,
  posthog,
  omni,
  retool,
  preset,
  lightdash,
  grafana,
  looker,
  mixpanel,
});

/** The id meaning "no preset": role, privileges and CIDRs all come from the arguments. */
export const CUSTOM_VENDOR = "custom";
