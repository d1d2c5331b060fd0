export { Replayer, registerHandler, type Drift, type Operation, type OpKind, type Resource, type UpResult } from "./engine";
export { qi, ql, inTransaction, lockRole, lockDatabase, withRolesGranted, databaseOwner, type ReplayTarget, type LoggedStatement, Session } from "./sql";
export type { OpContext, Props, ResourceHandler } from "./types";
