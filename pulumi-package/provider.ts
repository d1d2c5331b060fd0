import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { PostgresVendorAccess } from "../src/component";
import type { PostgresVendorAccessArgs as ComponentArgs } from "../src/args";
import type { PostgresVendorAccessArgs as PackageArgs } from "./schema";

/** The package name: resource tokens are `pg-vendor-access:index:<component>`. */
export const PACKAGE_NAME = "pg-vendor-access";

// The engine hands the component the inputs of the package schema unchanged, so they must be valid
// arguments of the TypeScript component: this fails to compile when the two drift apart.
const packageArgsAreComponentArgs = (args: PackageArgs): ComponentArgs => args;
void packageArgsAreComponentArgs;

/** Schema properties that carry secrets: the analyzer of @pulumi/pulumi 3.248 has no way to mark them. */
const SECRET_INPUTS = ["password"];
const SECRET_OUTPUTS = ["password", "connection"];
/** Whole numbers the analyzer can only type as `number` (Python would get `float`, Go `float64`). */
const INTEGER_INPUTS = ["port", "connectionLimit"];

/**
 * The component provider of @pulumi/pulumi (schema inferred from ./schema.ts, construction of the
 * TypeScript component), with the secret flags and integer types added to the schema it serves.
 */
export class VendorAccessProvider extends ComponentProvider {
  constructor(version: string) {
    super({ name: PACKAGE_NAME, dirname: __dirname, version, components: [PostgresVendorAccess] });
  }

  override async getSchema(): Promise<string> {
    const schema = JSON.parse(await super.getSchema());
    const resource = schema.resources[`${PACKAGE_NAME}:index:${PostgresVendorAccess.name}`];
    for (const name of SECRET_INPUTS) resource.inputProperties[name].secret = true;
    for (const name of SECRET_OUTPUTS) resource.properties[name].secret = true;
    for (const name of INTEGER_INPUTS) resource.inputProperties[name].type = "integer";
    schema.types[`${PACKAGE_NAME}:index:VendorConnection`].properties.port.type = "integer";
    return JSON.stringify(schema);
  }
}
