/**
 * Runs Pulumi programs under mocks and records every registration the engine would receive: type, logical
 * name, URN, parent, provider, inputs (secrets unwrapped, secretness remembered), and the options that
 * matter to the postgresql provider (dependsOn, deleteBeforeReplace, retainOnDelete) plus the dependencies
 * the SDK computed. The real-PostgreSQL suite replays these records; unit tests assert on them.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { beforeAll, beforeEach } from "vitest";

export interface Registration {
  type: string;
  name: string;
  urn: string;
  /** Parent URN ("" for the stack). */
  parent: string;
  custom: boolean;
  /** Provider reference `urn::id`, "" when the default provider would be used. */
  provider: string;
  /** Inputs with secrets unwrapped. */
  inputs: Record<string, any>;
  /** Top-level input names whose value was a secret. */
  secretInputs: string[];
  /** URNs this resource depends on: explicit dependsOn plus those implied by its inputs. */
  dependencies: string[];
  /** URNs from explicit `dependsOn` only, where distinguishable (the engine receives them merged). */
  propertyDependencies: Record<string, string[]>;
  deleteBeforeReplace: boolean;
  retainOnDelete: boolean;
  protect: boolean;
  /** Id returned by the mock, and the state (outputs) it returned. */
  id: string;
  state: Record<string, any>;
}

export interface InvokeRecord {
  token: string;
  provider: string;
  inputs: Record<string, any>;
}

export interface CaptureOptions {
  /**
   * Emulates `pulumi:disable-default-providers: ["*"]`: any custom resource or invoke without an explicit
   * provider fails, as the engine would fail it.
   */
  requireExplicitProviders?: boolean;
  /** Run as a preview (outputs unknown). */
  preview?: boolean;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SPECIAL_SIG = "4dabf18193072939515e22adb298388d";

function unwrapSecrets(value: any): { value: any; secret: boolean } {
  if (value && typeof value === "object" && !Array.isArray(value) && value[SPECIAL_SIG] === SECRET_SIG) {
    return { value: unwrapSecrets(value.value).value, secret: true };
  }
  if (Array.isArray(value)) {
    let secret = false;
    const out = value.map((v) => {
      const r = unwrapSecrets(v);
      secret ||= r.secret;
      return r.value;
    });
    return { value: out, secret };
  }
  if (value && typeof value === "object") {
    let secret = false;
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = unwrapSecrets(v);
      secret ||= r.secret;
      out[k] = r.value;
    }
    return { value: out, secret };
  }
  return { value, secret: false };
}

/** Deterministic fake outputs per resource type, enough for the component's outputs to resolve. */
function mockState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
  const digest = createHash("sha256").update(`${type}/${name}`).digest("hex");
  switch (type) {
    case "random:index/randomPassword:RandomPassword": {
      // Deterministic, policy-conforming stand-in for the generated password.
      const result = `Aa1-${digest.slice(0, Math.max(12, (inputs.length ?? 40) - 6))}Zz9`;
      return { id: "none", state: { ...inputs, result, bcryptHash: `$2a$10$${digest.slice(0, 53)}` } };
    }
    case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
      const id = `sgr-${digest.slice(0, 17)}`;
      return { id, state: { ...inputs, securityGroupRuleId: id, arn: `arn:aws:ec2:us-east-1:123456789012:security-group-rule/${id}` } };
    }
    case "postgresql:index/role:Role":
      return { id: inputs.name, state: { ...inputs } };
    case "postgresql:index/schema:Schema":
      return { id: `${inputs.database}.${inputs.name}`, state: { ...inputs } };
    default:
      return { id: `${name}-id`, state: { ...inputs } };
  }
}

export class PulumiCapture {
  readonly registrations: Registration[] = [];
  readonly invokes: InvokeRecord[] = [];
  /** Registrations the mock refused (default provider disabled). */
  readonly refused: string[] = [];

  private constructor(private readonly options: CaptureOptions) {}

  /** Installs mocks for this process (replacing earlier ones) and returns the recorder. */
  static async install(options: CaptureOptions = {}): Promise<PulumiCapture> {
    const capture = new PulumiCapture(options);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (capture.options.requireExplicitProviders && args.custom && !args.provider && !args.type.startsWith("pulumi:providers:")) {
            const message = `default provider for ${args.type} ${args.name} is disabled (no explicit provider)`;
            capture.refused.push(message);
            throw new Error(message);
          }
          return mockState(args.type, args.name, args.inputs);
        },
        call: (args) => {
          if (capture.options.requireExplicitProviders && !args.provider) {
            throw new Error(`default provider for invoke ${args.token} is disabled (no explicit provider)`);
          }
          capture.invokes.push({ token: args.token, provider: args.provider ?? "", inputs: args.inputs });
          throw new Error(`Mock not implemented: ${args.token}`);
        },
      },
      "project",
      "stack",
      options.preview ?? false,
    );
    const monitor: any = (pulumi.runtime as any).getMonitor();
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
      original(req, (err: any, resp: any) => {
        if (!err && resp) {
          const raw = (pulumi.runtime as any).deserializeProperties
            ? (pulumi.runtime as any).deserializeProperties(req.getObject(), true)
            : req.getObject().toJavaScript();
          const inputs: Record<string, any> = {};
          const secretInputs: string[] = [];
          for (const [k, v] of Object.entries(raw ?? {})) {
            const r = unwrapSecrets(v);
            inputs[k] = r.value;
            if (r.secret) secretInputs.push(k);
          }
          const propertyDependencies: Record<string, string[]> = {};
          req.getPropertydependenciesMap().forEach((v: any, k: string) => {
            propertyDependencies[k] = v.getUrnsList();
          });
          const state = unwrapSecrets(resp.getObject()?.toJavaScript() ?? {}).value;
          capture.registrations.push({
            type: req.getType(),
            name: req.getName(),
            urn: resp.getUrn(),
            parent: req.getParent(),
            custom: req.getCustom(),
            provider: req.getProvider(),
            inputs,
            secretInputs: secretInputs.sort(),
            dependencies: req.getDependenciesList(),
            propertyDependencies,
            deleteBeforeReplace: req.getDeletebeforereplace(),
            retainOnDelete: req.getRetainondelete?.() ?? false,
            protect: req.getProtect?.() ?? false,
            id: resp.getId(),
            state,
          });
        }
        callback(err, resp);
      });
    };
    return capture;
  }

  /** Runs `program` and waits until every registration it caused has reached the mock monitor. */
  async run<T>(program: () => T | Promise<T>): Promise<T> {
    const result = await program();
    await (pulumi.runtime as any).waitForRPCs();
    return result;
  }

  /** Clears recorded registrations (between programs in one test file). */
  reset(): void {
    this.registrations.length = 0;
    this.invokes.length = 0;
    this.refused.length = 0;
  }

  /** Registrations of one type token. */
  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }
}

/** Resolves an Output (or plain value); rejects when the Output failed (an apply threw, a registration failed). */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return (pulumi.output(value) as any).promise() as Promise<T>;
}

/** True if the Output is marked secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as any).isSecret as Promise<boolean>;
}

export const TYPES = {
  component: "pg-vendor-access:index:PostgresVendorAccess",
  role: "postgresql:index/role:Role",
  grant: "postgresql:index/grant:Grant",
  defaultPrivileges: "postgresql:index/defaultPrivileges:DefaultPrivileges",
  schema: "postgresql:index/schema:Schema",
  grantRole: "postgresql:index/grantRole:GrantRole",
  publication: "postgresql:index/publication:Publication",
  replicationSlot: "postgresql:index/replicationSlot:ReplicationSlot",
  password: "random:index/randomPassword:RandomPassword",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
} as const;

/**
 * Installs the mocks once for a test file and gives each test a fresh record (registrations, the
 * cross-component chains and reserved rules). Returns a getter for the capture.
 */
export function useFreshCapture(options: CaptureOptions = {}, resets: (() => void)[] = []): () => PulumiCapture {
  let capture: PulumiCapture;
  beforeAll(async () => {
    capture = await PulumiCapture.install(options);
  });
  beforeEach(() => {
    capture.reset();
    for (const reset of resets) reset();
  });
  return () => capture;
}
