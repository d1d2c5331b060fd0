/**
 * Entry point of the root project (`Pulumi.yaml`, `main: stack/index.ts`): deploys the vendor integrations
 * listed in the stack's config. The nodejs runtime runs this TypeScript file directly (ts-node); the
 * exports below become the stack outputs.
 */
import { readRuntimeConfig, runStack } from "./program";

const { config, secretKeys } = readRuntimeConfig();
const outputs = runStack(config, secretKeys);

/** Vendor login role per integration name. */
export const roleNames = outputs.roleNames;
/** Vendor-owned schemas per integration name. */
export const managedSchemas = outputs.managedSchemas;
/** Ingress rule ids per integration name. */
export const ingressRuleIds = outputs.ingressRuleIds;
/** Connection details per integration name (secret): `pulumi stack output connections --show-secrets`. */
export const connections = outputs.connections;
