import type { LoggedStatement, ReplayTarget, Session } from "./sql";

/** What a handler gets to run an operation. */
export interface OpContext {
  target: ReplayTarget;
  log: LoggedStatement[];
  /** One transaction on `database` (COMMIT, or ROLLBACK for reads). */
  tx<T>(database: string, body: (s: Session) => Promise<T>, finish?: "COMMIT" | "ROLLBACK"): Promise<T>;
}

/** Inputs/state of one resource, in the SDK's input shape (camelCase). */
export type Props = Record<string, any>;

/**
 * The provider's behaviour for one resource type. Register more with `registerHandler` (e.g. Publication,
 * ReplicationSlot): the engine does ordering, diffing, replacement and drift detection.
 */
export interface ResourceHandler {
  type: string;
  /** Inputs whose change forces replacement. Every other change is an in-place update. */
  replaceOn: readonly string[];
  /** Array inputs that are sets (order-insensitive). */
  setFields?: readonly string[];
  /** The bridge forces delete-before-replace for this type (Grant). */
  deleteBeforeReplace?: boolean;
  /** Fills in the provider's defaults so inputs compare with read-back state. */
  normalize(inputs: Props, ctx: { providerDatabase: string; admin: string }): Props;
  create(ctx: OpContext, inputs: Props): Promise<void>;
  /** Absent: every change replaces. */
  update?(ctx: OpContext, old: Props, next: Props): Promise<void>;
  /** The provider's Read plus its state rules; `undefined` = removed from state. */
  read(ctx: OpContext, inputs: Props): Promise<Props | undefined>;
  delete(ctx: OpContext, state: Props): Promise<void>;
  /** Fields compared for drift; default every normalized input except those in `writeOnly`. */
  writeOnly?: readonly string[];
}
