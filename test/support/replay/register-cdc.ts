/** Registers the CDC handlers (Publication, ReplicationSlot) with the replay engine; import for side effect. */
import { registerHandler } from "./engine";
import { publicationHandler } from "./handlers/publication";
import { replicationSlotHandler } from "./handlers/replication-slot";

registerHandler(publicationHandler);
registerHandler(replicationSlotHandler);

export { publicationHandler, replicationSlotHandler };
