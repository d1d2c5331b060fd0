// The proof suite on the default major: PostgreSQL 15 (the system's, else the pg15 npm package), or PG_MAJOR (npm run test:matrix).
import { defaultMajor } from "../support/pg-server";
import { vendorAccessSuite } from "./suite";

vendorAccessSuite(defaultMajor());
