// Entry point of the Pulumi component package (PulumiPlugin.yaml): serves PostgresVendorAccess to the engine.
// The Node.js language host's run-plugin entry point loads this file; the engine's address is in argv.
import { main } from "@pulumi/pulumi/provider";
import { VendorAccessProvider } from "./provider";
// The analyzer infers the package schema from the declarations it reaches from this entry point.
export * from "./schema";

// The package version is the npm package's, so SDKs generated from it say which release they wrap.
const { version } = require("../package.json") as { version: string };

main(new VendorAccessProvider(version), process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
