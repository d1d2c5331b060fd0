/**
 * Failure paths through the real engine: an unreachable database, a wrong admin password, and an admin
 * without CREATEROLE. `pulumi up` fails with the provider's error (and never prints the admin password);
 * after the cause is fixed, a second `up` converges, the vendor does its job, and refresh is clean: nothing
 * half-applied stands in the way.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createServer } from "node:net";
import { startPostgres, type PgServer } from "../support/pg-server";
import { APP_OWNER, createScenario, type Scenario } from "../support/fixture";
import { qi } from "../support/replay";
import { E2EStack, providerLogin, type Integration } from "./support/workspace";
import { assertDestroyed, plansOf, probeVendors } from "./support/probes";

const whaly: Integration[] = [{ vendor: "whaly", readSchemas: ["public", "sales"], tableOwners: [APP_OWNER] }];

let server: PgServer;
let sc: Scenario;
beforeAll(async () => {
  server = await startPostgres({ major: 15 });
  sc = await createScenario(server, "rds");
});
afterAll(async () => {
  await sc?.cleanup(["whaly_bi", "weak_admin"]);
  await server?.stop();
});

/** Runs `up`, expects it to fail, and returns the error text. */
async function failingUp(stack: E2EStack): Promise<string> {
  try {
    await stack.up();
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error("pulumi up succeeded, but it should have failed");
}

/** Converges after the fix: up, the vendor's job, a clean refresh, then destroy without residue. */
async function converges(stack: E2EStack, tag: string): Promise<void> {
  await stack.up();
  await probeVendors(sc, whaly, await stack.outputs(), tag);
  await stack.refreshNoChanges();
  await stack.destroy();
  await assertDestroyed(sc, Object.values(plansOf(sc, whaly)).map((p) => p.plan), {});
  await stack.remove();
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("failure paths", () => {
  test("unreachable database: up fails with the connection error; pointing at the server converges", async () => {
    const login = providerLogin(server, sc, "rds");
    const stack = await E2EStack.create("fail-unreachable", { ...login, port: await closedPort() }, whaly);
    stack.setConfig({ "postgresql:connectTimeout": "5" });
    const error = await failingUp(stack);
    expect(error).toMatch(/connection refused|connect: connection refused|dial tcp/i);
    expect(error).not.toContain(login.password);
    await stack.setProvider(login);
    await converges(stack, "unreachable");
  });

  test("wrong admin password: up fails with the authentication error and never prints the password", async () => {
    const login = providerLogin(server, sc, "rds");
    const wrong = "Wrong-Admin-Password-0001";
    const stack = await E2EStack.create("fail-password", { ...login, password: wrong }, whaly);
    const error = await failingUp(stack);
    expect(error).toMatch(/password authentication failed/);
    expect(error).not.toContain(wrong);
    await stack.setProvider(login);
    await converges(stack, "password");
  });

  test("admin without CREATEROLE: up fails with PostgreSQL's permission error; granting CREATEROLE converges", async () => {
    const password = "weak-admin-password-0001";
    await server.withClient({}, async (c) => {
      await c.query(`CREATE ROLE weak_admin LOGIN PASSWORD '${password}'`);
      await c.query(`GRANT ${qi(sc.admin.user)} TO weak_admin`);
    });
    const stack = await E2EStack.create("fail-createrole", { ...providerLogin(server, sc, "rds"), username: "weak_admin", password }, whaly);
    const error = await failingUp(stack);
    expect(error).toMatch(/permission denied to create role/);
    expect(error).not.toContain(password);
    await server.withClient({}, (c) => c.query("ALTER ROLE weak_admin CREATEROLE"));
    await converges(stack, "createrole");
  });
});
