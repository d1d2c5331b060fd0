/**
 * Builds (or finds) the Pulumi toolchain once, before the test files start in parallel, so that two workers
 * never build it at the same time. Progress of a cold build is printed as it goes.
 */
import { toolchain } from "./toolchain";

export default function setup(): void {
  toolchain();
}
