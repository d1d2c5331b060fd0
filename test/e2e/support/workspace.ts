/**
 * A stack of the root project (Pulumi.yaml, `main: stack/index.ts`) driven by the Automation API's
 * LocalWorkspace with the real CLI, language host and provider plugins. The project directory is a copy of
 * the root Pulumi.yaml under .test-tmp/ whose `main` points back at the repository's stack/index.ts, so each
 * test's Pulumi.<stack>.yaml stays out of the repository.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type EngineEvent, type OpType, type Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { REPO_ROOT, fileBackend, toolchain } from "./toolchain";

/** One integration as the stack file lists it under `pg-vendor-access:integrations`. */
export type Integration = Record<string, unknown> & { name?: string; vendor: string };

export interface ProviderConfig {
  host: string;
  port: number;
  database: string;
  username: string;
  password: string;
  superuser: boolean;
}

export interface StepSummary {
  /** Operation per resource URN, for every resource whose step is not `same`. */
  steps: Record<string, OpType>;
  /** Every diagnostic message the engine printed (warnings and errors). */
  diagnostics: string[];
}

export interface CreateOptions {
  /** Streams the CLI's output (for the demo); tests only collect engine events. */
  onOutput?: (out: string) => void;
  /** Use the `pulumi` on PATH (with its own plugins) instead of the toolchain; the demo's choice. */
  pathPulumi?: boolean;
}

let counter = 0;

export class E2EStack {
  private constructor(
    readonly stack: Stack,
    readonly workDir: string,
    private readonly stackFile: string,
    private readonly onOutput?: (out: string) => void,
  ) {}

  /** Creates a new stack `name` in a fresh file backend with the given provider login and integrations. */
  static async create(
    tag: string,
    provider: ProviderConfig,
    integrations: Integration[],
    extraConfig: Record<string, unknown> = {},
    options: CreateOptions = {},
  ): Promise<E2EStack> {
    const name = `${tag}-${process.pid}-${++counter}`.replace(/[^A-Za-z0-9_.-]/g, "-");
    const workDir = join(REPO_ROOT, ".test-tmp", "e2e-projects", name);
    mkdirSync(workDir, { recursive: true });
    const project = YAML.parse(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
    project.main = relative(workDir, join(REPO_ROOT, "stack", "index.ts"));
    writeFileSync(join(workDir, "Pulumi.yaml"), YAML.stringify(project));

    const common = {
      PULUMI_BACKEND_URL: fileBackend(name),
      PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      // Type-checking is CI's typecheck step; here the program only needs to run.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
    let settings: { pulumiCommand: PulumiCommand; pulumiHome?: string; envVars: Record<string, string> };
    if (options.pathPulumi) {
      settings = { pulumiCommand: await PulumiCommand.get({ skipVersionCheck: true }), envVars: common };
    } else {
      const tc = toolchain();
      settings = {
        pulumiCommand: await PulumiCommand.get({ root: join(tc.binDir, ".."), skipVersionCheck: true }),
        pulumiHome: tc.pulumiHome,
        envVars: { ...tc.env, ...common },
      };
    }
    const stack = await LocalWorkspace.createStack({ stackName: name, workDir }, { workDir, ...settings });
    const e2e = new E2EStack(stack, workDir, join(workDir, `Pulumi.${name}.yaml`), options.onOutput);
    await e2e.setProvider(provider);
    e2e.setConfig({ "pg-vendor-access:integrations": integrations, ...extraConfig });
    return e2e;
  }

  /** Sets the postgresql:* keys (the password as a secret, encrypted with the passphrase). */
  async setProvider(p: ProviderConfig): Promise<void> {
    await this.stack.setAllConfig(providerConfigMap(p));
  }

  /** Writes structured (non-secret) config straight into the stack file, as a user edits it in GitOps. */
  setConfig(values: Record<string, unknown>): void {
    const doc = YAML.parse(readFileSync(this.stackFile, "utf8")) ?? {};
    doc.config = { ...(doc.config ?? {}), ...values };
    writeFileSync(this.stackFile, YAML.stringify(doc));
  }

  /** The stack file's config block as written (secrets stay encrypted). */
  readConfig(): Record<string, unknown> {
    return (YAML.parse(readFileSync(this.stackFile, "utf8")) ?? {}).config ?? {};
  }

  setIntegrations(integrations: Integration[]): void {
    this.setConfig({ "pg-vendor-access:integrations": integrations });
  }

  async up(): Promise<StepSummary> {
    const s = collector();
    const res = await this.stack.up({ onEvent: s.onEvent, onOutput: this.onOutput, color: "never" });
    if (res.summary.result !== "succeeded") throw new Error(`up ${res.summary.result}: ${res.stderr}`);
    return s.summary;
  }

  async preview(opts: { expectNoChanges?: boolean } = {}): Promise<StepSummary> {
    const s = collector();
    await this.stack.preview({ onEvent: s.onEvent, color: "never", ...opts });
    return s.summary;
  }

  /** `pulumi refresh --expect-no-changes`: throws when the real state drifted from the stack's. */
  async refreshNoChanges(): Promise<void> {
    await this.stack.refresh({ expectNoChanges: true, color: "never" });
  }

  async outputs(): Promise<Record<string, unknown>> {
    const out = await this.stack.outputs();
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
  }

  async destroy(): Promise<StepSummary> {
    const s = collector();
    await this.stack.destroy({ onEvent: s.onEvent, onOutput: this.onOutput, color: "never" });
    return s.summary;
  }

  /** Removes the stack from the backend (after destroy). */
  async remove(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name);
  }
}

function collector(): { onEvent: (e: EngineEvent) => void; summary: StepSummary } {
  const summary: StepSummary = { steps: {}, diagnostics: [] };
  return {
    summary,
    onEvent(e) {
      const m = e.resourcePreEvent?.metadata;
      if (m && m.op !== "same" && m.type !== "pulumi:pulumi:Stack") summary.steps[m.urn] = m.op;
      if (e.diagnosticEvent && (e.diagnosticEvent.severity === "warning" || e.diagnosticEvent.severity === "error")) {
        summary.diagnostics.push(e.diagnosticEvent.message);
      }
    },
  };
}

/** The postgresql:* config keys of a provider login, the password as a secret (encrypted with the passphrase). */
export function providerConfigMap(p: ProviderConfig): ConfigMap {
  return {
    "postgresql:host": { value: p.host },
    "postgresql:port": { value: String(p.port) },
    "postgresql:database": { value: p.database },
    "postgresql:username": { value: p.username },
    "postgresql:password": { value: p.password, secret: true },
    "postgresql:sslmode": { value: "disable" },
    "postgresql:superuser": { value: String(p.superuser) },
  };
}

/** The provider login of a fixture scenario, in the shape the stack's postgresql:* keys take. */
export function providerLogin(server: { port: number }, sc: { database: string; admin: { user: string; password: string } }, mode: string): ProviderConfig {
  return { host: "127.0.0.1", port: server.port, database: sc.database, username: sc.admin.user, password: sc.admin.password, superuser: mode === "superuser" };
}

/** The same stack config as a flat `namespace:key` map, for running the root program under mocks. */
export function stackConfig(server: { port: number }, sc: { database: string; admin: { user: string; password: string } }, mode: string, integrations: Integration[]): Record<string, unknown> {
  const p = providerLogin(server, sc, mode);
  return {
    "postgresql:host": p.host,
    "postgresql:port": String(p.port),
    "postgresql:database": p.database,
    "postgresql:username": p.username,
    "postgresql:password": p.password,
    "postgresql:sslmode": "disable",
    "postgresql:superuser": String(p.superuser),
    "pg-vendor-access:integrations": integrations,
  };
}

/**
 * Steps keyed by `<resource type>::<logical name>` instead of URN (URNs embed the stack and parent chain):
 * `Grant::whaly-schema-sales` -> "create".
 */
export function stepsByName(steps: Record<string, OpType>): Record<string, OpType> {
  return Object.fromEntries(
    Object.entries(steps).map(([urn, op]) => {
      const parts = urn.split("::");
      const type = parts[parts.length - 2].split("$").pop()!.split(":").pop()!;
      return [`${type}::${parts[parts.length - 1]}`, op];
    }),
  );
}
