/**
 * The root stack program: every vendor integration of a stack, from stack config alone. `index.ts` runs it
 * with the Pulumi runtime's config; tests run it with their own.
 *
 * All config is validated (src/stack-config.ts) before the first resource is registered, so a bad stack
 * file fails `pulumi preview` with a message naming the key, and never leaves a half-declared stack.
 */
import * as aws from "@pulumi/aws";
import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { PostgresVendorAccess, type VendorConnection } from "../src/component";
import { parseStackConfig, type StackConfig } from "../src/stack-config";

/** Stack outputs, each a map keyed by integration name. */
export interface StackOutputs {
  /** Vendor login role per integration. */
  roleNames: pulumi.Output<Record<string, string>>;
  /** Vendor-owned schemas per integration (empty for read-only vendors). */
  managedSchemas: pulumi.Output<Record<string, string[]>>;
  /** Security-group ingress rule ids per integration (empty without securityGroupId). */
  ingressRuleIds: pulumi.Output<Record<string, string[]>>;
  /** What to paste into each vendor's connection form (secret). */
  connections: pulumi.Output<Record<string, VendorConnection>>;
}

/** The Pulumi runtime's config as the stack file has it: `namespace:key` -> value, plus which keys are secret. */
export function readRuntimeConfig(): { config: Record<string, string>; secretKeys: string[] } {
  const config = pulumi.runtime.allConfig();
  // `isConfigSecret` is internal to the SDK; without it the only loss is a plain-text-password warning.
  const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  const secretKeys = typeof isSecret === "function" ? Object.keys(config).filter((k) => isSecret(k)) : [];
  return { config, secretKeys };
}

/** Declares the providers and one PostgresVendorAccess per configured integration. */
export function runStack(config: Record<string, unknown>, secretKeys: readonly string[] = []): StackOutputs {
  const stack: StackConfig = parseStackConfig(config, { secretKeys });
  if (stack.encrypted.length > 0) {
    // The engine decrypts secrets before the program runs; this means the value never reached us.
    throw new Error(`${stack.encrypted.join(", ")}: encrypted value could not be read; check the stack's secrets provider.`);
  }
  for (const warning of stack.warnings) void pulumi.log.warn(warning);

  const p = stack.provider;
  const pg = new postgresql.Provider("postgresql", {
    host: p.host,
    port: p.port,
    database: p.database,
    username: p.username,
    ...(p.password !== undefined ? { password: pulumi.secret(p.password) } : {}),
    sslmode: p.sslmode,
    superuser: p.superuser,
    ...(p.expectedVersion !== undefined ? { expectedVersion: p.expectedVersion } : {}),
    ...(p.connectTimeout !== undefined ? { connectTimeout: p.connectTimeout } : {}),
    ...(p.maxConnections !== undefined ? { maxConnections: p.maxConnections } : {}),
    ...(p.sslrootcert !== undefined ? { sslrootcert: p.sslrootcert } : {}),
    ...(p.databaseUsername !== undefined ? { databaseUsername: p.databaseUsername } : {}),
  });
  // Explicit providers for everything, so stacks can set `pulumi:disable-default-providers: ["*"]` and
  // nothing ever falls back to ambient provider config.
  const rnd = new random.Provider("random", {});
  const awsProvider = stack.aws
    ? new aws.Provider("aws", {
        region: stack.aws.region as aws.Region,
        ...(stack.aws.profile !== undefined ? { profile: stack.aws.profile } : {}),
        ...(stack.aws.allowedAccountIds !== undefined ? { allowedAccountIds: stack.aws.allowedAccountIds } : {}),
      })
    : undefined;

  const components = stack.integrations.map(({ name, ...args }) => {
    const component = new PostgresVendorAccess(name, args, {
      providers: { postgresql: pg, random: rnd, ...(awsProvider ? { aws: awsProvider } : {}) },
    });
    return [name, component] as const;
  });

  const byName = <T>(pick: (c: PostgresVendorAccess) => pulumi.Output<T>): pulumi.Output<Record<string, T>> =>
    pulumi.all(Object.fromEntries(components.map(([name, c]) => [name, pick(c)]))) as pulumi.Output<Record<string, T>>;

  return {
    roleNames: byName((c) => c.roleName),
    managedSchemas: byName((c) => c.managedSchemas),
    ingressRuleIds: byName((c) => c.ingressRuleIds),
    connections: pulumi.secret(byName((c) => c.connection)),
  };
}
