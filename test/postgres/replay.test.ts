/**
 * Self-tests of the replay harness: it must reproduce the provider behaviours the proof suite relies on
 * (literal quoting, temporary owner membership, replacement order, races between independent resources),
 * or the suite could pass for the wrong reason.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultMajor, startPostgres, type PgServer } from "../support/pg-server";
import { APP_OWNER, createScenario } from "../support/fixture";
import { TYPES, type Registration } from "../support/pulumi-capture";
import { Replayer } from "../support/replay";

function reg(name: string, type: string, inputs: Record<string, any>, extra: Partial<Registration> = {}): Registration {
  return {
    type,
    name,
    urn: `urn:pulumi:stack::project::${type}::${name}`,
    parent: "",
    custom: true,
    provider: "",
    inputs,
    secretInputs: [],
    dependencies: [],
    propertyDependencies: {},
    deleteBeforeReplace: false,
    retainOnDelete: false,
    protect: false,
    id: name,
    state: inputs,
    ...extra,
  };
}

let server: PgServer;
beforeAll(async () => {
  server = await startPostgres({ major: defaultMajor() });
});
afterAll(() => server?.stop());

describe("replay harness", () => {
  test("Role password literals are quoted like the provider (backslash doubled, no E'')", async () => {
    const sc = await createScenario(server, "rds");
    try {
      const replayer = new Replayer(sc.target);
      await replayer.up([reg("quoted", TYPES.role, { name: "quoted", login: true, password: "p'a\\ss" })]);
      const select = "SELECT current_user AS u";
      expect((await sc.as("quoted", "p'a\\\\ss", (c) => c.query(select))).rows).toEqual([{ u: "quoted" }]);
      await expect(sc.as("quoted", "p'a\\ss", (c) => c.query(select))).rejects.toThrow(/password authentication failed/);
      expect(replayer.log.map((l) => l.sql)).toContain(
        `CREATE ROLE "quoted" WITH ENCRYPTED PASSWORD 'p''a\\\\ss' VALID UNTIL 'infinity' CONNECTION LIMIT -1 NOSUPERUSER NOCREATEDB NOCREATEROLE INHERIT LOGIN NOBYPASSRLS NOREPLICATION`,
      );
      await replayer.destroy();
    } finally {
      await sc.cleanup(["quoted"]);
    }
  });

  test("a non-superuser admin gets the owner's membership only inside the transaction, REVOKE before GRANT", async () => {
    const sc = await createScenario(server, "rds");
    try {
      const adminMemberships = () =>
        sc.asSuperuser(async (c) =>
          (await c.query(
            `SELECT pg_get_userbyid(roleid) AS role, admin_option FROM pg_auth_members
             WHERE member = (SELECT oid FROM pg_roles WHERE rolname = 'rds_admin') AND roleid = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
            [APP_OWNER],
          )).rows,
        );
      const before = await adminMemberships();
      expect(before).toEqual(server.major >= 16 ? [{ role: APP_OWNER, admin_option: true }] : []);
      const replayer = new Replayer(sc.target);
      const role = reg("v", TYPES.role, { name: "v", login: true, password: "pw-v" });
      const grant = reg("g", TYPES.grant, { database: sc.database, role: "v", schema: "sales", objectType: "table", privileges: ["SELECT"] }, { dependencies: [role.urn] });
      expect((await replayer.up([role, grant])).drift).toEqual([]);
      const sqls = replayer.log.map((l) => l.sql);
      const seq = [
        `GRANT "${APP_OWNER}" TO "rds_admin"`,
        `REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA "sales" FROM "v"`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA "sales" TO "v"`,
        `REVOKE "${APP_OWNER}" FROM "rds_admin"`,
      ].map((s) => sqls.indexOf(s));
      expect(seq.every((i) => i >= 0)).toBe(true);
      expect([...seq].sort((a, b) => a - b)).toEqual(seq);
      // Memberships of the admin in the owner are back to what they were (none; on PG16+ only the automatic
      // ADMIN-without-SET membership of the role's creator, which does not count for the provider).
      expect(await adminMemberships()).toEqual(before);
      await replayer.destroy();
    } finally {
      await sc.cleanup(["v"]);
    }
  });

  test("DefaultPrivileges replaced create-before-delete loses its grant (why the component sets deleteBeforeReplace)", async () => {
    const sc = await createScenario(server, "superuser");
    try {
      const role = reg("v", TYPES.role, { name: "v", login: true, password: "pw" });
      const dp = (withGrantOption: boolean, deleteBeforeReplace: boolean) =>
        reg("dp", TYPES.defaultPrivileges, { database: sc.database, owner: APP_OWNER, role: "v", schema: "sales", objectType: "table", privileges: ["SELECT"], withGrantOption }, { dependencies: [role.urn], deleteBeforeReplace });
      for (const dbr of [false, true]) {
        const replayer = new Replayer(sc.target);
        await replayer.up([role, dp(false, dbr)]);
        const replaced = await replayer.up([role, dp(true, dbr)]);
        expect(replaced.operations.filter((o) => o.kind !== "same").map((o) => o.kind)).toEqual(dbr ? ["replace"] : ["replace", "delete"]);
        const drift = await replayer.refresh();
        if (dbr) expect(drift).toEqual([]);
        else expect(drift.map((d) => d.removed)).toEqual([true]);
        await replayer.destroy();
      }
    } finally {
      await sc.cleanup(["v"]);
    }
  });

  test("independent Grants on one schema for different roles run concurrently and can fail with 'tuple concurrently updated'", async () => {
    const sc = await createScenario(server, "superuser");
    const roles = Array.from({ length: 12 }, (_, i) => `racer${i}`);
    try {
      await sc.asSuperuser(async (c) => {
        for (const r of roles) await c.query(`CREATE ROLE ${r}`);
      });
      let raced = false;
      for (let attempt = 0; attempt < 5 && !raced; attempt++) {
        const replayer = new Replayer(sc.target);
        const grants = roles.map((r) => reg(`g-${r}-${attempt}`, TYPES.grant, { database: sc.database, role: r, schema: "sales", objectType: "schema", privileges: ["USAGE"] }));
        try {
          await replayer.up(grants);
        } catch (e) {
          expect(String(e)).toMatch(/tuple concurrently updated/);
          raced = true;
        }
        // The same grants chained one after another never race.
        const chained = roles.map((r, i) => reg(`c-${r}-${attempt}`, TYPES.grant, { database: sc.database, role: r, schema: "sales", objectType: "schema", privileges: ["USAGE"] }, { dependencies: i ? [`urn:pulumi:stack::project::${TYPES.grant}::c-${roles[i - 1]}-${attempt}`] : [] }));
        const ok = new Replayer(sc.target);
        expect((await ok.up(chained)).drift).toEqual([]);
      }
      expect(raced).toBe(true);
    } finally {
      await sc.cleanup(roles);
    }
  });
});
