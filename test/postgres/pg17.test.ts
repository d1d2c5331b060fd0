// The proof suite on PostgreSQL 17 (node_modules/pg17). Skipped when PG_MAJOR picks one major (the matrix).
import { describe } from "vitest";
import { vendorAccessSuite } from "./suite";

describe.skipIf(process.env.PG_MAJOR !== undefined)("PostgreSQL 17", () => vendorAccessSuite(17));
