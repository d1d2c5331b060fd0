import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import type { AccessPlan } from "../plan";
import { chainTail, extendChain } from "./chain";

export interface PostgresChildren {
  role: postgresql.Role;
  managedSchemas: postgresql.Schema[];
  grants: postgresql.Grant[];
  defaultPrivileges: postgresql.DefaultPrivileges[];
}

export interface RoleSecrets {
  password: pulumi.Input<string>;
  connectionLimit?: pulumi.Input<number>;
}

/**
 * Declares the plan's Postgres children in plan order, each depending on the one before (see chain.ts).
 * Grants, default privileges and schemas take the role's `name` output, so on destroy they are revoked
 * before the role is dropped.
 */
export function declarePostgresChildren(
  name: string,
  plan: AccessPlan,
  secrets: RoleSecrets,
  parent: pulumi.Resource,
): PostgresChildren {
  const children: PostgresChildren = { role: undefined!, managedSchemas: [], grants: [], defaultPrivileges: [] };
  const database = plan.database;
  const after = (): pulumi.CustomResourceOptions => {
    const tail = chainTail(database);
    return { parent, ...(tail ? { dependsOn: [tail] } : {}) };
  };

  for (const item of plan.postgres) {
    const logicalName = `${name}-${item.key}`;
    switch (item.kind) {
      case "role": {
        children.role = new postgresql.Role(
          logicalName,
          {
            name: item.name,
            login: true,
            password: secrets.password,
            superuser: false,
            createDatabase: false,
            createRole: false,
            replication: false,
            bypassRowLevelSecurity: false,
            ...(secrets.connectionLimit !== undefined ? { connectionLimit: secrets.connectionLimit } : {}),
          },
          after(),
        );
        extendChain(database, children.role);
        break;
      }
      case "schema": {
        const schema = new postgresql.Schema(
          logicalName,
          {
            name: item.name,
            database,
            owner: children.role.name,
            // The provider reads dropCascade from state at delete time; "drop" means drop the vendor's tables too.
            dropCascade: item.onDestroy === "drop",
          },
          { ...after(), retainOnDelete: item.onDestroy === "retain" },
        );
        children.managedSchemas.push(schema);
        extendChain(database, schema);
        break;
      }
      case "grant": {
        const grant = new postgresql.Grant(
          logicalName,
          {
            database,
            role: children.role.name,
            objectType: item.objectType,
            ...(item.schema !== undefined ? { schema: item.schema } : {}),
            privileges: item.privileges,
            withGrantOption: false,
          },
          after(),
        );
        children.grants.push(grant);
        extendChain(database, grant);
        break;
      }
      case "defaultPrivileges": {
        const defaults = new postgresql.DefaultPrivileges(
          logicalName,
          {
            database,
            owner: item.owner,
            role: children.role.name,
            schema: item.schema,
            objectType: item.objectType,
            privileges: item.privileges,
            withGrantOption: false,
          },
          // The provider replaces create-before-delete, and the old resource's REVOKE ALL would undo the new one.
          { ...after(), deleteBeforeReplace: true },
        );
        children.defaultPrivileges.push(defaults);
        extendChain(database, defaults);
        break;
      }
    }
  }
  return children;
}
