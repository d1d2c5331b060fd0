/**
 * Stack configuration of the root program (`Pulumi.yaml` + `Pulumi.<stack>.yaml`): parsing and validation.
 * Pure: no Pulumi runtime. The root program feeds it the runtime config (every top-level value a string,
 * structured values as JSON text); the CLI feeds it the `config:` map of a `Pulumi.<stack>.yaml` as parsed
 * YAML (numbers, booleans, lists and maps as such, encrypted values as `{ secure: "..." }`). Both shapes
 * are accepted. Every error names the config key, in Pulumi's spelling, and what would be valid.
 */
import { COMPONENT_ARGUMENTS, type PostgresVendorAccessArgs } from "./args";
import { planVendorAccess, type AccessPlan } from "./plan";
import { escapeUnsafe } from "./safe-text";
import { ArgumentError, validateIdentifier } from "./validate";

/** The project name, which is also the namespace of the program's own config keys. */
export const STACK_CONFIG_NAMESPACE = "pg-vendor-access";

/**
 * An invalid stack configuration; `key` is the config key (with path), e.g. `pg-vendor-access:integrations[1].region`.
 * Control characters in key and message are shown escaped, never raw; no message carries a secret value.
 */
export class StackConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${escapeUnsafe(key)}: ${escapeUnsafe(message)}`);
    this.name = "StackConfigError";
  }
}

/** TLS modes the provider's driver (lib/pq) accepts. */
export const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** Connection settings of the explicit `postgresql.Provider`, from the `postgresql:*` keys. */
export interface PostgresProviderSettings {
  host: string;
  port: number;
  /** The application database; every integration works in it (role deletion acts only here). */
  database: string;
  username: string;
  /** Absent when unset, or when encrypted in the stack file (then listed in `encrypted`). */
  password?: string;
  sslmode: SslMode;
  superuser: boolean;
  expectedVersion?: string;
  connectTimeout?: number;
  maxConnections?: number;
  sslrootcert?: string;
  databaseUsername?: string;
}

/** Settings of the explicit `aws.Provider`, from the `aws:*` keys. Present only when an integration has a security group. */
export interface AwsProviderSettings {
  region: string;
  profile?: string;
  allowedAccountIds?: string[];
}

/** One `PostgresVendorAccess` of the stack: its arguments plus its (unique) name. */
export type StackIntegration = PostgresVendorAccessArgs & { name: string };

export interface StackConfig {
  provider: PostgresProviderSettings;
  aws?: AwsProviderSettings;
  /** In config order; defaults (database, port, host) filled in. */
  integrations: StackIntegration[];
  /** The access plan of each integration, same order. */
  plans: AccessPlan[];
  /** Config keys whose values are encrypted in the stack file: present, but unknown here. */
  encrypted: string[];
  /** Soft problems (the planner's and the stack's). */
  warnings: string[];
}

export interface ParseStackConfigOptions {
  /** Keys whose (decrypted) values are secret, e.g. from the Pulumi runtime; used only for warnings. */
  secretKeys?: readonly string[];
}

/** Keys of one `integrations` entry besides `name`: the component's arguments. */
const INTEGRATION_ARG_KEYS = COMPONENT_ARGUMENTS;
const INTEGRATION_KEYS: readonly string[] = ["name", ...INTEGRATION_ARG_KEYS];

const PROJECT_KEYS = ["integrations", "vendorHost"] as const;
const POSTGRES_KEYS = [
  "host",
  "port",
  "database",
  "username",
  "password",
  "sslmode",
  "superuser",
  "expectedVersion",
  "connectTimeout",
  "maxConnections",
  "sslrootcert",
  "databaseUsername",
] as const;
const AWS_KEYS = ["region", "profile", "allowedAccountIds"] as const;

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const NAME_MAX = 40;
const SECURITY_GROUP_PATTERN = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const VERSION_PATTERN = /^\d+(?:\.\d+){0,2}$/;
const LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"];

const quote = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");
const key = (namespace: string, name: string) => `${namespace}:${name}`;

/** True for an encrypted stack-file value, `{ secure: "v1:..." }`. */
export function isEncryptedValue(value: unknown): value is { secure: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { secure?: unknown }).secure === "string"
  );
}

/**
 * Parses and validates a stack's config map (keys `namespace:name`). Throws {@link StackConfigError} on the
 * first problem, before anything could be registered. Keys of other namespaces (`pulumi:*`, ...) are ignored.
 */
export function parseStackConfig(config: Record<string, unknown>, options: ParseStackConfigOptions = {}): StackConfig {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new StackConfigError("config", "must be a map of config keys (namespace:name) to values.");
  }
  const secretKeys = new Set(options.secretKeys ?? []);
  const project: Record<string, unknown> = {};
  const postgres: Record<string, unknown> = {};
  const awsConfig: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(config)) {
    const colon = fullKey.indexOf(":");
    const namespace = colon < 0 ? STACK_CONFIG_NAMESPACE : fullKey.slice(0, colon);
    const name = colon < 0 ? fullKey : fullKey.slice(colon + 1);
    const bucket =
      namespace === STACK_CONFIG_NAMESPACE ? project : namespace === "postgresql" ? postgres : namespace === "aws" ? awsConfig : undefined;
    if (bucket) bucket[name] = value;
  }
  checkKnownKeys(STACK_CONFIG_NAMESPACE, project, PROJECT_KEYS, "keys of this program");
  checkKnownKeys("postgresql", postgres, POSTGRES_KEYS, "settings this program passes to its postgresql provider");
  checkKnownKeys("aws", awsConfig, AWS_KEYS, "settings this program passes to its aws provider");

  const encrypted: string[] = [];
  const warnings: string[] = [];
  const provider = parseProvider(postgres, secretKeys, encrypted, warnings);

  const vendorHostKey = key(STACK_CONFIG_NAMESPACE, "vendorHost");
  const vendorHost = optionalString(vendorHostKey, project.vendorHost);

  const integrationsKey = key(STACK_CONFIG_NAMESPACE, "integrations");
  const rawIntegrations = structured(integrationsKey, project.integrations);
  if (rawIntegrations === undefined) {
    throw new StackConfigError(
      integrationsKey,
      'is required: list the vendor integrations of this stack, e.g. [{ vendor: "segment", region: "us", readSchemas: ["public"] }].',
    );
  }
  if (!Array.isArray(rawIntegrations) || rawIntegrations.length === 0) {
    throw new StackConfigError(integrationsKey, "must be a non-empty list of integrations (maps with at least `vendor`).");
  }

  const integrations: StackIntegration[] = [];
  const plans: AccessPlan[] = [];
  for (const [i, raw] of rawIntegrations.entries()) {
    const path = `${integrationsKey}[${i}]`;
    const integration = parseIntegration(path, raw, provider, vendorHost || undefined, encrypted);
    let plan: AccessPlan;
    try {
      const { name: _name, ...args } = integration;
      plan = planVendorAccess(args);
    } catch (error) {
      if (error instanceof ArgumentError) {
        throw new StackConfigError(`${path}.${error.argument}`, error.detail);
      }
      throw error;
    }
    integrations.push(integration);
    plans.push(plan);
    warnings.push(...plan.warnings.map((w) => `${path} (${integration.name}): ${w}`));
  }
  checkAcrossIntegrations(integrationsKey, integrations, plans);

  let awsSettings: AwsProviderSettings | undefined;
  const networked = integrations.map((it, i) => (it.securityGroupId !== undefined ? i : -1)).filter((i) => i >= 0);
  if (networked.length > 0) {
    awsSettings = parseAws(awsConfig, `${integrationsKey}[${networked[0]}].securityGroupId`);
  } else if (Object.keys(awsConfig).length > 0) {
    warnings.push(
      `${Object.keys(awsConfig).map((k) => key("aws", k)).join(", ")} set, but no integration has a securityGroupId, so no AWS provider is created.`,
    );
  }

  // Warnings quote config values (the host, ...) and reach a terminal: control characters escaped.
  return { provider, ...(awsSettings ? { aws: awsSettings } : {}), integrations, plans, encrypted, warnings: warnings.map(escapeUnsafe) };
}

function checkKnownKeys(namespace: string, values: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const name of Object.keys(values)) {
    if (!known.includes(name)) {
      throw new StackConfigError(key(namespace, name), `is not one of the ${what}; valid keys: ${quote(known.map((k) => key(namespace, k)))}.`);
    }
  }
}

/** A structured value: as is from YAML, or parsed from the JSON text the Pulumi runtime hands over. */
function structured(configKey: string, value: unknown): unknown {
  if (isEncryptedValue(value)) {
    throw new StackConfigError(
      configKey,
      "is encrypted as a whole; keep the list in plain text and encrypt only secret leaves, e.g. `pulumi config set --secret --path 'integrations[0].password' ...`.",
    );
  }
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    // Not echoed: the text may hold a password leaf.
    throw new StackConfigError(configKey, "is a string that is not a JSON list; write it as a YAML list.");
  }
}

function optionalString(configKey: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new StackConfigError(configKey, `must be a string, got ${JSON.stringify(value)}.`);
  return value;
}

function requiredString(configKey: string, value: unknown, example: string): string {
  if (value === undefined || value === "") throw new StackConfigError(configKey, `is required, e.g. ${example}.`);
  const text = optionalString(configKey, value)!;
  if (text.trim() !== text) throw new StackConfigError(configKey, `${JSON.stringify(text)} has leading or trailing spaces; remove them.`);
  return text;
}

/** An integer given as a number, or as decimal text (top-level config values are strings at run time). */
function integer(configKey: string, value: unknown, min: number, max: number, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    throw new StackConfigError(configKey, `${JSON.stringify(value)} is not valid; use ${hint}.`);
  }
  return n;
}

function boolean(configKey: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new StackConfigError(configKey, `${JSON.stringify(value)} is not a boolean; use true or false.`);
}

function parseProvider(values: Record<string, unknown>, secretKeys: Set<string>, encrypted: string[], warnings: string[]): PostgresProviderSettings {
  const k = (name: string) => key("postgresql", name);
  for (const name of Object.keys(values)) {
    if (name !== "password" && isEncryptedValue(values[name])) {
      throw new StackConfigError(k(name), "is encrypted, but only postgresql:password may be a secret; store this setting in plain text.");
    }
  }
  const host = requiredString(k("host"), values.host, '"mydb.abc123.eu-west-1.rds.amazonaws.com" or "127.0.0.1"');
  const port = integer(k("port"), values.port, 1, 65535, "an integer from 1 to 65535 (PostgreSQL's default is 5432)") ?? 5432;
  const database = requiredString(k("database"), values.database, '"analytics" (the application database the vendors read)');
  try {
    validateIdentifier("database", database);
  } catch (error) {
    if (error instanceof ArgumentError) throw new StackConfigError(k("database"), error.detail);
    throw error;
  }
  const username = requiredString(k("username"), values.username, '"postgres" (the admin role that creates the vendor roles)');

  let password: string | undefined;
  if (isEncryptedValue(values.password)) {
    encrypted.push(k("password"));
  } else {
    if (values.password !== undefined && typeof values.password !== "string") {
      // Never echo the value: an unquoted all-digit password arrives as a number, a bracketed one as a list.
      throw new StackConfigError(
        k("password"),
        `must be a string, but YAML read a ${describeType(values.password)} (the value is not shown: it is a secret); store it with \`pulumi config set --secret postgresql:password\`, or quote it.`,
      );
    }
    password = values.password;
    if (password !== undefined && !secretKeys.has(k("password"))) {
      warnings.push(`${k("password")} is stored in plain text; set it with \`pulumi config set --secret postgresql:password\`.`);
    }
  }

  const sslmodeValue = values.sslmode ?? "require";
  if (typeof sslmodeValue !== "string" || !(SSL_MODES as readonly string[]).includes(sslmodeValue)) {
    throw new StackConfigError(k("sslmode"), `${JSON.stringify(sslmodeValue)} is not a TLS mode of the provider; valid: ${quote(SSL_MODES)}.`);
  }
  const sslmode = sslmodeValue as SslMode;
  if (sslmode === "disable" && !LOCAL_HOSTS.includes(host)) {
    warnings.push(`${k("sslmode")} is "disable" for ${host}: the admin password and all data cross the network unencrypted. Use "require" or "verify-full" for a remote server.`);
  }
  const superuser = boolean(k("superuser"), values.superuser) ?? false;

  let expectedVersion: string | undefined;
  if (values.expectedVersion !== undefined) {
    expectedVersion = String(values.expectedVersion);
    if (!VERSION_PATTERN.test(expectedVersion)) {
      throw new StackConfigError(k("expectedVersion"), `${JSON.stringify(values.expectedVersion)} is not a PostgreSQL version; use e.g. "15" or "16.4".`);
    }
  }
  const connectTimeout = integer(k("connectTimeout"), values.connectTimeout, 0, 86_400, "a number of seconds from 0 to 86400");
  const maxConnections = integer(k("maxConnections"), values.maxConnections, 1, 10_000, "an integer of at least 1");
  const sslrootcert = optionalString(k("sslrootcert"), values.sslrootcert);
  const databaseUsername = optionalString(k("databaseUsername"), values.databaseUsername);

  return {
    host,
    port,
    database,
    username,
    ...(password !== undefined ? { password } : {}),
    sslmode,
    superuser,
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    ...(connectTimeout !== undefined ? { connectTimeout } : {}),
    ...(maxConnections !== undefined ? { maxConnections } : {}),
    ...(sslrootcert !== undefined ? { sslrootcert } : {}),
    ...(databaseUsername !== undefined ? { databaseUsername } : {}),
  };
}

function parseIntegration(
  path: string,
  raw: unknown,
  provider: PostgresProviderSettings,
  vendorHost: string | undefined,
  encrypted: string[],
): StackIntegration {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    // The entry is not echoed: a misplaced entry may be a password.
    throw new StackConfigError(path, `must be a map with at least \`vendor\`, got a ${describeType(raw)}.`);
  }
  const entry = raw as Record<string, unknown>;
  for (const [name, value] of Object.entries(entry)) {
    if (!INTEGRATION_KEYS.includes(name)) {
      throw new StackConfigError(`${path}.${name}`, `is not an integration setting; valid: ${quote(INTEGRATION_KEYS)}.`);
    }
    if (name !== "password" && isEncryptedValue(value)) {
      throw new StackConfigError(`${path}.${name}`, "is encrypted, but only `password` may be a secret; store this setting in plain text.");
    }
  }

  const args: Record<string, unknown> = {};
  for (const name of INTEGRATION_ARG_KEYS) {
    if (entry[name] !== undefined) args[name] = entry[name];
  }

  const vendor = entry.vendor;
  const nameValue = entry.name ?? (typeof vendor === "string" && vendor !== "" ? vendor : undefined);
  if (typeof nameValue !== "string" || !NAME_PATTERN.test(nameValue) || nameValue.length > NAME_MAX) {
    throw new StackConfigError(
      `${path}.name`,
      `${JSON.stringify(nameValue)} is not a valid integration name; use lower-case letters, digits and single hyphens, starting with a letter, at most ${NAME_MAX} characters (e.g. "segment-eu"). It defaults to the vendor id.`,
    );
  }

  if (entry.database !== undefined && entry.database !== provider.database) {
    throw new StackConfigError(
      `${path}.database`,
      `${JSON.stringify(entry.database)} differs from postgresql:database ${JSON.stringify(provider.database)}; the provider must connect to the database the vendor uses (role deletion acts only there). Remove the setting, or use a separate stack per database.`,
    );
  }
  args.database = provider.database;

  if (entry.port !== undefined) args.port = integer(`${path}.port`, entry.port, 1, 65535, "an integer from 1 to 65535");
  else args.port = provider.port;
  if (entry.connectionLimit !== undefined) {
    args.connectionLimit = integer(`${path}.connectionLimit`, entry.connectionLimit, -1, 1_000_000, "-1 (no limit) or a positive integer");
  }

  const host = entry.host === undefined ? (vendorHost ?? provider.host) : optionalString(`${path}.host`, entry.host);
  if (host === "") throw new StackConfigError(`${path}.host`, "must not be empty; remove it to use pg-vendor-access:vendorHost or postgresql:host.");
  args.host = host;

  if (entry.securityGroupId !== undefined) {
    const sg = entry.securityGroupId;
    if (typeof sg !== "string" || !SECURITY_GROUP_PATTERN.test(sg)) {
      throw new StackConfigError(`${path}.securityGroupId`, `${JSON.stringify(sg)} is not a security group id; use "sg-" followed by 8 or 17 hex digits, e.g. "sg-0123456789abcdef0".`);
    }
  }

  if (isEncryptedValue(entry.password)) {
    delete args.password;
    encrypted.push(`${path}.password`);
  } else if (entry.password !== undefined && typeof entry.password !== "string") {
    throw new StackConfigError(
      `${path}.password`,
      `must be a string, but YAML read a ${describeType(entry.password)} (the value is not shown: it is a secret); store it with \`pulumi config set --secret --path\`, quote it, or remove it to generate one.`,
    );
  }

  return { name: nameValue, ...(args as unknown as PostgresVendorAccessArgs) };
}

/** What one component cannot see: clashes between the integrations of one stack. */
function checkAcrossIntegrations(integrationsKey: string, integrations: StackIntegration[], plans: AccessPlan[]): void {
  const names = new Map<string, number>();
  const roles = new Map<string, number>();
  const schemas = new Map<string, number>();
  const rules = new Map<string, number>();
  for (const [i, integration] of integrations.entries()) {
    const path = `${integrationsKey}[${i}]`;
    const plan = plans[i];
    const sameName = names.get(integration.name);
    if (sameName !== undefined) {
      throw new StackConfigError(
        `${path}.name`,
        `${JSON.stringify(integration.name)} is already used by ${integrationsKey}[${sameName}]; names must be unique (the name defaults to the vendor id, so set \`name\` when a vendor appears twice).`,
      );
    }
    names.set(integration.name, i);
    const sameRole = roles.get(plan.roleName);
    if (sameRole !== undefined) {
      throw new StackConfigError(
        `${path}.roleName`,
        `${JSON.stringify(plan.roleName)} is already the role of ${integrationsKey}[${sameRole}]; each integration needs its own role, so set a different roleName.`,
      );
    }
    roles.set(plan.roleName, i);
    for (const schema of plan.managedSchemas) {
      const other = schemas.get(schema);
      if (other !== undefined) {
        throw new StackConfigError(
          path,
          `declares managed schema ${JSON.stringify(schema)}, which ${integrationsKey}[${other}] already declares; one database can hold one such integration per vendor.`,
        );
      }
      schemas.set(schema, i);
    }
    if (typeof integration.securityGroupId === "string") {
      for (const rule of plan.ingress) {
        const ruleKey = `${integration.securityGroupId}|${rule.port}|${rule.cidr}`;
        const other = rules.get(ruleKey);
        if (other !== undefined) {
          throw new StackConfigError(
            `${path}.securityGroupId`,
            `${integration.securityGroupId} would get the rule ${rule.cidr} on port ${rule.port} twice (also from ${integrationsKey}[${other}]); AWS refuses duplicate rules. Use another security group for one of them, or remove the CIDR from one.`,
          );
        }
        rules.set(ruleKey, i);
      }
    }
  }
}

function parseAws(values: Record<string, unknown>, neededBy: string): AwsProviderSettings {
  for (const name of Object.keys(values)) {
    if (isEncryptedValue(values[name])) {
      throw new StackConfigError(key("aws", name), "is encrypted; aws settings are not secrets, store it in plain text.");
    }
  }
  const region = values.region;
  if (region === undefined || region === "") {
    throw new StackConfigError("aws:region", `is required because ${neededBy} is set: the ingress rules are created in that region, e.g. "eu-west-1".`);
  }
  if (typeof region !== "string" || !AWS_REGION_PATTERN.test(region)) {
    throw new StackConfigError("aws:region", `${JSON.stringify(region)} is not an AWS region code; use one such as "us-east-1" or "eu-west-1".`);
  }
  const profile = optionalString("aws:profile", values.profile);
  let allowedAccountIds: string[] | undefined;
  if (values.allowedAccountIds !== undefined) {
    const ids = structured("aws:allowedAccountIds", values.allowedAccountIds);
    if (!Array.isArray(ids) || ids.length === 0) {
      throw new StackConfigError("aws:allowedAccountIds", 'must be a non-empty list of 12-digit account ids, e.g. ["123456789012"].');
    }
    allowedAccountIds = ids.map((id, i) => {
      if (typeof id !== "string" || !ACCOUNT_ID_PATTERN.test(id)) {
        throw new StackConfigError(`aws:allowedAccountIds[${i}]`, `${JSON.stringify(id)} is not an AWS account id; use 12 digits, quoted, e.g. "123456789012".`);
      }
      return id;
    });
  }
  return { region, ...(profile !== undefined ? { profile } : {}), ...(allowedAccountIds ? { allowedAccountIds } : {}) };
}

/** The kind of a config value, for messages that must not show the value itself. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object") return "map";
  return typeof value;
}
