// The proof suite on the default major: PostgreSQL 15 (Debian package), or PG_MAJOR (npm run test:matrix).
import { defaultMajor } from "../support/pg-server";
import { vendorAccessSuite } from "./suite";

vendorAccessSuite(defaultMajor());
