/**
 * Replays what a Pulumi program registers against a real PostgreSQL server, the way the engine and the
 * `@pulumi/postgresql` provider would: resources in dependency order, independent ones concurrently on
 * separate connections, one transaction per operation, Read after every create/update (its result is the
 * state), in-place update or replacement per the provider's schema, deletes in reverse dependency order.
 */
import type { Registration } from "../pulumi-capture";
import { defaultPrivilegesHandler } from "./handlers/default-privileges";
import { grantHandler } from "./handlers/grant";
import { grantRoleHandler } from "./handlers/grant-role";
import { roleHandler } from "./handlers/role";
import { schemaHandler } from "./handlers/schema";
import { inTransaction, type LoggedStatement, type ReplayTarget } from "./sql";
import type { OpContext, Props, ResourceHandler } from "./types";

const handlers = new Map<string, ResourceHandler>();

/** Adds (or replaces) the handler for a resource type. */
export function registerHandler(handler: ResourceHandler): void {
  handlers.set(handler.type, handler);
}
for (const h of [roleHandler, grantHandler, defaultPrivilegesHandler, schemaHandler, grantRoleHandler]) registerHandler(h);

/** Types the replay skips: not PostgreSQL resources. Any other unhandled `postgresql:` type is an error. */
function replayable(reg: Registration): boolean {
  if (handlers.has(reg.type)) return true;
  if (reg.type.startsWith("postgresql:")) throw new Error(`replay: no handler for ${reg.type} (${reg.urn}); add one with registerHandler`);
  return false;
}

export interface Resource {
  urn: string;
  type: string;
  /** Normalized inputs of the last successful apply. */
  inputs: Props;
  /** State = the provider's Read after the last apply or refresh. */
  state: Props;
  dependencies: string[];
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
}

export type OpKind = "create" | "update" | "replace" | "delete" | "same";

export interface Operation {
  urn: string;
  type: string;
  kind: OpKind;
}

export interface Drift {
  urn: string;
  field: string;
  desired: unknown;
  actual: unknown;
  /** True when the resource vanished from state (Read found nothing). */
  removed?: boolean;
}

export interface UpResult {
  operations: Operation[];
  /** Differences between inputs and the post-apply Read (would show on the next refresh/up). */
  drift: Drift[];
}

function canonical(h: ResourceHandler, props: Props): string {
  const out: Props = {};
  for (const key of Object.keys(props).sort()) {
    const v = props[key];
    out[key] = Array.isArray(v) && h.setFields?.includes(key) ? [...v].sort() : v;
  }
  return JSON.stringify(out);
}

function changedFields(h: ResourceHandler, a: Props, b: Props): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonical(h, { x: a[k] }) !== canonical(h, { x: b[k] }));
}

export class Replayer {
  /** Current stack state by URN. */
  readonly resources = new Map<string, Resource>();
  /** Every statement run, in order of execution. */
  readonly log: LoggedStatement[] = [];
  private readonly ctx: OpContext;

  constructor(readonly target: ReplayTarget) {
    this.ctx = {
      target,
      log: this.log,
      tx: (database, body, finish) => inTransaction(target, this.log, database, body, finish),
    };
  }

  private normalize(reg: Registration): Props {
    const h = handlers.get(reg.type)!;
    const inputs = Object.fromEntries(Object.entries(reg.inputs).filter(([k]) => !k.startsWith("__")));
    return h.normalize(inputs, { providerDatabase: this.target.providerDatabase, admin: this.target.admin.user });
  }

  private drift(urn: string, h: ResourceHandler, desired: Props, state: Props | undefined): Drift[] {
    if (!state) return [{ urn, field: "*", desired, actual: undefined, removed: true }];
    return changedFields(h, desired, state)
      .filter((f) => !h.writeOnly?.includes(f))
      .map((field) => ({ urn, field, desired: desired[field], actual: state[field] }));
  }

  /** `pulumi up` of a program's registrations against the current state. */
  async up(registrations: Registration[]): Promise<UpResult> {
    const regs = registrations.filter(replayable);
    const urns = new Set(regs.map((r) => r.urn));
    const operations: Operation[] = [];
    const drift: Drift[] = [];
    const pendingDeletes: Resource[] = [];
    const done = new Map<string, Promise<void>>();

    const run = (reg: Registration): Promise<void> => {
      const existing = done.get(reg.urn);
      if (existing) return existing;
      const p = (async () => {
        await Promise.all(reg.dependencies.filter((d) => urns.has(d) && d !== reg.urn).map((d) => run(regs.find((r) => r.urn === d)!)));
        const h = handlers.get(reg.type)!;
        const desired = this.normalize(reg);
        const old = this.resources.get(reg.urn);
        let kind: OpKind;
        if (!old) {
          kind = "create";
          await h.create(this.ctx, desired);
        } else {
          const changed = changedFields(h, old.state, desired);
          if (changed.length === 0) kind = "same";
          else if (!h.update || changed.some((f) => h.replaceOn.includes(f))) {
            kind = "replace";
            if (reg.deleteBeforeReplace || h.deleteBeforeReplace) {
              await h.delete(this.ctx, old.state);
            } else {
              pendingDeletes.push(old);
            }
            await h.create(this.ctx, desired);
          } else {
            kind = "update";
            await h.update(this.ctx, old.state, desired);
          }
        }
        operations.push({ urn: reg.urn, type: reg.type, kind });
        if (kind === "same") {
          this.resources.set(reg.urn, { ...old!, dependencies: reg.dependencies, retainOnDelete: reg.retainOnDelete, deleteBeforeReplace: reg.deleteBeforeReplace });
          return;
        }
        const state = await h.read(this.ctx, desired);
        if (!state) throw new Error(`replay: ${reg.urn} was ${kind}d but the provider's Read no longer finds it`);
        drift.push(...this.drift(reg.urn, h, desired, state));
        this.resources.set(reg.urn, {
          urn: reg.urn,
          type: reg.type,
          inputs: desired,
          state,
          dependencies: reg.dependencies,
          retainOnDelete: reg.retainOnDelete,
          deleteBeforeReplace: reg.deleteBeforeReplace,
        });
      })();
      done.set(reg.urn, p);
      return p;
    };
    const results = await Promise.allSettled(regs.map(run));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;

    // Replaced (create-before-delete) and removed resources are deleted last, in reverse dependency order.
    const removed = [...this.resources.values()].filter((r) => !urns.has(r.urn));
    await this.deleteAll([...pendingDeletes, ...removed], operations);
    for (const r of removed) this.resources.delete(r.urn);
    return { operations, drift };
  }

  /** Deletes resources, each only after everything in the set that depends on it. */
  private async deleteAll(resources: Resource[], operations: Operation[]): Promise<void> {
    const done = new Map<Resource, Promise<void>>();
    const run = (r: Resource): Promise<void> => {
      const existing = done.get(r);
      if (existing) return existing;
      const p = (async () => {
        await Promise.all(resources.filter((o) => o !== r && o.dependencies.includes(r.urn)).map(run));
        if (!r.retainOnDelete) await handlers.get(r.type)!.delete(this.ctx, r.state);
        operations.push({ urn: r.urn, type: r.type, kind: "delete" });
      })();
      done.set(r, p);
      return p;
    };
    const results = await Promise.allSettled(resources.map(run));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
  }

  /** `pulumi destroy`: everything, in reverse dependency order. */
  async destroy(): Promise<Operation[]> {
    const operations: Operation[] = [];
    const all = [...this.resources.values()];
    await this.deleteAll(all, operations);
    this.resources.clear();
    return operations;
  }

  /** `pulumi refresh`: re-reads every resource; returns how state differs from the inputs. Updates state. */
  async refresh(): Promise<Drift[]> {
    const drift: Drift[] = [];
    for (const r of this.resources.values()) {
      const h = handlers.get(r.type)!;
      const state = await h.read(this.ctx, r.inputs);
      drift.push(...this.drift(r.urn, h, r.inputs, state));
      if (state) r.state = state;
      else this.resources.delete(r.urn);
    }
    return drift;
  }
}
