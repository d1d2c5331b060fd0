/**
 * Temporary owner membership for the printed SQL, the way the `postgresql` provider does it (`withRolesGranted`)
 * for an administrator that is not a superuser, such as the RDS master user: PostgreSQL lets only members of an
 * object's owner grant on it (`permission denied for schema …`) or set its default privileges (`must be member
 * of role …`). The prologue makes the admin a member of every owner role it is not yet a member of; the
 * epilogue revokes exactly those memberships before COMMIT. For a superuser both are no-ops.
 *
 * Names never enter the PL/pgSQL bodies: they are passed as transaction-local settings (`SET LOCAL`), so the
 * bodies are constant text that no identifier can break out of.
 */
import type { AccessPlan } from "./plan";
import { quoteLiteral } from "./sql";

/** A PostgreSQL array literal (`{"a","b \"c\""}`) of `values`. */
export function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}

/** Roles the admin may need to be a member of, named in the plan (the schemas' current owners are looked up). */
export function membershipRoles(plan: AccessPlan): string[] {
  const roles = new Set(plan.tableOwners);
  // CREATE SCHEMA … AUTHORIZATION <vendor> and ALTER SCHEMA … OWNER TO <vendor> need membership in the vendor role.
  if (plan.managedSchemas.length > 0) roles.add(plan.roleName);
  return [...roles].sort();
}

/** Schemas whose owner, and whose objects' owners, the admin may need to be a member of. */
export function membershipSchemas(plan: AccessPlan): string[] {
  const schemas = new Set([...plan.readSchemas, ...plan.managedSchemas]);
  for (const table of plan.cdc?.tables ?? []) schemas.add(table.split(".")[0]!);
  return [...schemas].sort();
}

const PROLOGUE_BODY = `DO $pg_vendor_access$
DECLARE
  me name := current_user;
  schemas text[] := current_setting('pg_vendor_access.schemas')::text[];
  owner name;
  member_already boolean;
  granted text[] := '{}';
  reversed text[] := '{}';
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = me) THEN
    RETURN;
  END IF;
  FOR owner IN
    SELECT o.rolname FROM pg_roles o
     WHERE (o.rolname = ANY (current_setting('pg_vendor_access.roles')::text[])
            OR o.oid IN (SELECT nspowner FROM pg_namespace WHERE nspname = ANY (schemas))
            OR o.oid IN (SELECT c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY (schemas))
            OR o.oid IN (SELECT p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (schemas))
            OR o.oid = (SELECT datdba FROM pg_database WHERE datname = current_database()))
       AND o.rolname <> me AND NOT o.rolsuper AND o.rolname !~ '^pg_'
     ORDER BY 1
  LOOP
    -- PostgreSQL 16 split membership into ADMIN, INHERIT and SET; acting as the owner needs SET.
    IF current_setting('server_version_num')::int >= 160000 THEN
      member_already := pg_has_role(me, owner, 'SET');
    ELSE
      member_already := pg_has_role(me, owner, 'MEMBER');
    END IF;
    CONTINUE WHEN member_already;
    -- An owner that is itself a member of the admin would make the membership circular: lift that first.
    IF EXISTS (SELECT 1 FROM pg_auth_members m
                WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = me)
                  AND m.member = (SELECT oid FROM pg_roles WHERE rolname = owner)) THEN
      EXECUTE format('REVOKE %I FROM %I', me, owner);
      reversed := reversed || owner::text;
    END IF;
    EXECUTE format('GRANT %I TO %I', owner, me);
    granted := granted || owner::text;
  END LOOP;
  PERFORM set_config('pg_vendor_access.granted', granted::text, true);
  PERFORM set_config('pg_vendor_access.reversed', reversed::text, true);
END
$pg_vendor_access$;`;

const EPILOGUE_BODY = `DO $pg_vendor_access$
DECLARE
  owner text;
BEGIN
  FOR owner IN SELECT unnest(coalesce(nullif(current_setting('pg_vendor_access.granted', true), ''), '{}')::text[]) LOOP
    EXECUTE format('REVOKE %I FROM %I', owner, current_user);
  END LOOP;
  FOR owner IN SELECT unnest(coalesce(nullif(current_setting('pg_vendor_access.reversed', true), ''), '{}')::text[]) LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = owner) THEN
      EXECUTE format('GRANT %I TO %I', current_user, owner);
    END IF;
  END LOOP;
  PERFORM set_config('pg_vendor_access.granted', '{}', true);
  PERFORM set_config('pg_vendor_access.reversed', '{}', true);
END
$pg_vendor_access$;`;

/** Lines that make a non-superuser admin a member of the owner roles for the rest of the transaction. */
export function membershipPrologue(plan: AccessPlan): string[] {
  return [
    "-- Temporary membership for an administrator that is not a superuser (e.g. the RDS master user), as the",
    "-- provider does: it becomes a member of each owner role it needs and is not yet a member of; revoked before COMMIT.",
    `SET LOCAL pg_vendor_access.roles = ${quoteLiteral(arrayLiteral(membershipRoles(plan)))};`,
    `SET LOCAL pg_vendor_access.schemas = ${quoteLiteral(arrayLiteral(membershipSchemas(plan)))};`,
    PROLOGUE_BODY,
  ];
}

/** Lines that revoke the memberships the prologue granted (and restore any it lifted). */
export function membershipEpilogue(): string[] {
  return ["-- Revoke the temporary memberships.", EPILOGUE_BODY];
}
