/**
 * `npm run demo`: the main job end to end on this machine, with nothing installed beyond `npm ci`.
 *
 * 1. starts a throwaway PostgreSQL (the system's server binaries, else the embedded ones from node_modules);
 * 2. creates a sample database `analytics` with a table owner `app_owner` and tables in `public` and `sales`;
 * 3. runs `pulumi up` of the root program (Pulumi.yaml) with a `dev`-like stack config: Segment and Whaly —
 *    with the Pulumi CLI on PATH if there is one, else the toolchain built by scripts/pulumi-toolchain.sh;
 * 4. runs `pg-vendor-access check` as each vendor, prints a report and each vendor's connection settings
 *    (password masked);
 * 5. destroys the stack and stops the server. With `--keep`, it waits for Ctrl-C before doing so.
 */
import { spawnSync } from "node:child_process";
import { startPostgres } from "../test/support/pg-server";
import { E2EStack, type Integration } from "../test/e2e/support/workspace";
import { REPO_ROOT } from "../test/e2e/support/toolchain";

const keep = process.argv.includes("--keep");
const say = (line: string) => process.stdout.write(`${line}\n`);
/** Nothing of the password itself, only its length: `pulumi stack output connections --show-secrets` shows it. */
const mask = (password: string) => `******** (${password.length} characters)`;

const integrations: Integration[] = [
  { vendor: "segment", region: "us", readSchemas: ["public", "sales"], tableOwners: ["app_owner"] },
  { vendor: "whaly", readSchemas: ["public", "sales"], tableOwners: ["app_owner"] },
];

async function main(): Promise<number> {
  say("==> starting a throwaway PostgreSQL");
  const server = await startPostgres();
  say(`    PostgreSQL ${server.major} on 127.0.0.1:${server.port}`);
  try {
    say("==> creating the sample database analytics (owner app_owner, schemas public and sales)");
    await server.withClient({}, async (c) => {
      await c.query("CREATE ROLE app_owner LOGIN PASSWORD 'app-owner-demo-password'");
      await c.query("CREATE DATABASE analytics");
    });
    await server.withClient({ database: "analytics" }, async (c) => {
      await c.query("GRANT CREATE ON SCHEMA public TO app_owner");
      await c.query("CREATE SCHEMA sales AUTHORIZATION app_owner");
    });
    await server.withClient({ database: "analytics", user: "app_owner", password: "app-owner-demo-password" }, async (c) => {
      await c.query("CREATE TABLE public.customers (id serial PRIMARY KEY, name text)");
      await c.query("INSERT INTO public.customers (name) VALUES ('Ada'), ('Grace')");
      await c.query("CREATE TABLE sales.orders (id serial PRIMARY KEY, customer_id int, total numeric)");
      await c.query("INSERT INTO sales.orders (customer_id, total) VALUES (1, 42.5)");
    });

    say("==> pulumi up (root program, stack config like Pulumi.dev.yaml: Segment and Whaly)");
    const stack = await E2EStack.create(
      "demo",
      { host: "127.0.0.1", port: server.port, database: "analytics", username: server.superuser.user, password: server.superuser.password, superuser: true },
      integrations,
      {},
      { onOutput: (out) => process.stdout.write(out), pathPulumi: hasPulumiOnPath() },
    );
    await stack.up();
    const connections = (await stack.outputs()).connections as Record<string, { host: string; port: number; database: string; user: string; password: string }>;

    say("\n==> pg-vendor-access check, as each vendor");
    let failures = 0;
    for (const i of integrations) {
      const conn = connections[i.vendor];
      const url = `postgres://${encodeURIComponent(conn.user)}:${encodeURIComponent(conn.password)}@127.0.0.1:${server.port}/analytics?sslmode=disable`;
      const args = ["dist/cli/main.js", "check", "--url", url, "--vendor", i.vendor, "--no-color"];
      for (const s of i.readSchemas as string[]) args.push("--read-schema", s);
      for (const o of i.tableOwners as string[]) args.push("--table-owner", o);
      const run = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: "utf8" });
      say(`--- ${i.vendor} (exit ${run.status})`);
      process.stdout.write(run.stdout);
      if (run.status !== 0) failures++;
    }

    say("\n==> report");
    for (const [name, conn] of Object.entries(connections)) {
      say(`${name}: host=${conn.host} port=${conn.port} database=${conn.database} user=${conn.user} password=${mask(conn.password)}`);
    }
    say(failures === 0 ? "every vendor check passed" : `${failures} vendor check(s) failed`);

    if (keep) {
      say(`\nkept running: psql "postgres://${server.superuser.user}@127.0.0.1:${server.port}/analytics" (password ${server.superuser.password}); stack dir ${stack.workDir}`);
      say("press Ctrl-C to destroy the stack and stop the server");
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    }
    say("==> pulumi destroy");
    await stack.destroy();
    await stack.remove();
    return failures === 0 ? 0 : 1;
  } finally {
    say("==> stopping PostgreSQL");
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

/** A Pulumi CLI the user installed wins over building the toolchain. */
function hasPulumiOnPath(): boolean {
  return spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;
}
