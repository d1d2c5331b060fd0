import * as postgresql from "@pulumi/postgresql";
import * as pulumi from "@pulumi/pulumi";
import type { AccessPlan, PlannedPostgresResource } from "../plan";
import { chainTail, extendChain } from "./chain";

export interface PostgresChildren {
  role: postgresql.Role;
  managedSchemas: postgresql.Schema[];
  grants: postgresql.Grant[];
  defaultPrivileges: postgresql.DefaultPrivileges[];
  /** CDC children, present only with the `cdc` argument. */
  publication?: postgresql.Publication;
  replicationSlot?: postgresql.ReplicationSlot;
  replicationMembership?: postgresql.GrantRole;
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

  // Memberships the plan grants with GrantRole (rds_replication) are also listed in the Role's `roles`: the
  // provider's Role Update revokes every membership not listed there (and refresh reads them all back), so
  // a password rotation would otherwise silently revoke the vendor's replication privilege.
  const memberOf = plan.postgres.flatMap((p) => (p.kind === "roleMembership" ? [p.grantRole] : []));

  for (const item of plan.postgres) {
    const logicalName = `${name}-${item.key}`;
    extendChain(database, declare(item, logicalName));
  }
  return children;

  /** Declares one planned resource (after the current chain tail) and records it in `children`. */
  function declare(item: PlannedPostgresResource, logicalName: string): pulumi.Resource {
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
            replication: item.replication,
            ...(memberOf.length > 0 ? { roles: memberOf } : {}),
            bypassRowLevelSecurity: false,
            ...(secrets.connectionLimit !== undefined ? { connectionLimit: secrets.connectionLimit } : {}),
          },
          after(),
        );
        return children.role;
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
        return schema;
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
        return grant;
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
        return defaults;
      }
      case "publication": {
        children.publication = new postgresql.Publication(
          logicalName,
          // Owner defaults to the provider's user, which must own the published tables.
          { name: item.name, database, tables: item.tables, dropCascade: false },
          after(),
        );
        return children.publication;
      }
      case "replicationSlot": {
        children.replicationSlot = new postgresql.ReplicationSlot(
          logicalName,
          { name: item.name, database, plugin: item.plugin },
          after(),
        );
        return children.replicationSlot;
      }
      case "roleMembership": {
        children.replicationMembership = new postgresql.GrantRole(
          logicalName,
          { role: children.role.name, grantRole: item.grantRole, withAdminOption: false },
          // GrantRole replaces create-before-delete, and the old resource's REVOKE would undo the new GRANT.
          { ...after(), deleteBeforeReplace: true },
        );
        return children.replicationMembership;
      }
    }
  }
}
