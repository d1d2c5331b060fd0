/**
 * The component as a Pulumi package, used from a Go program by the real engine: `pulumi package add
 * <repo>/pulumi-package` (the CLI asks our Node.js host to run the component provider for its schema, then our
 * Go host, tools/pulumi/engine/cmd/pulumi-language-go, to generate the Go SDK into sdks/ and link it into
 * go.mod), then the program builds against the typed SDK (and a mistyped one does not), and `pulumi up`
 * constructs Segment and Whaly access through the provider on a throwaway PostgreSQL 15; each vendor does
 * its job, and destroy leaves nothing. The Go SDK (github.com/pulumi/pulumi/sdk/v3 at @pulumi/pulumi's version)
 * comes from the Go module proxy into the usual module cache; the first build compiles it (minutes on 2 cores),
 * later runs reuse GOCACHE.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Scenario } from "../support/fixture";
import { exec } from "../support/exec";
import { REPO_ROOT, toolchain } from "./support/toolchain";
import type { Integration } from "./support/workspace";
import {
  PACKAGE_DIR,
  destroyAndCheck,
  packageIntegrations,
  readProject,
  runPulumi,
  setUpPackageTest,
  tearDownPackageTest,
  upAndProbe,
  type PackageTest,
} from "./support/package-project";

/** The SDK's module path: the code generator's default for a package with no repository URL. */
const MODULE = "example.com/pulumi-pg-vendor-access/sdk/go";
const IMPORT = `${MODULE}/pgvendoraccess`;
const PULUMI_SDK_VERSION: string = require(join(REPO_ROOT, "package-lock.json")).packages["node_modules/@pulumi/pulumi"].version;
const PACKAGE_VERSION: string = require(join(REPO_ROOT, "package.json")).version;

const goStrings = (xs: unknown): string => `[]string{${(xs as string[]).map((x) => JSON.stringify(x)).join(", ")}}`;

/**
 * A Go program declaring one PostgresVendorAccess per integration (its vendor as the SDK's enum constant) and
 * exporting their connections. `extra` is added to the first component's arguments (the negative builds).
 */
function goProgram(list: Integration[], extra = ""): string {
  const components = list.map(({ vendor, region, readSchemas, tableOwners }, i) => {
    const constant = `pva.VendorId${vendor[0].toUpperCase()}${vendor.slice(1)}`;
    const regionArg = region ? `\n\t\t\tRegion:      pulumi.StringRef(${JSON.stringify(region)}),` : "";
    return `
		${vendor}, err := pva.NewPostgresVendorAccess(ctx, ${JSON.stringify(vendor)}, &pva.PostgresVendorAccessArgs{
			Vendor:      ${constant},
			Database:    database,${regionArg}
			ReadSchemas: ${goStrings(readSchemas)},
			TableOwners: ${goStrings(tableOwners)},${i === 0 ? extra : ""}
		})
		if err != nil {
			return err
		}
		connections[${JSON.stringify(vendor)}] = ${vendor}.Connection`;
  });
  return `package main

import (
	pva "${IMPORT}"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		database := config.Require(ctx, "database")
		connections := pulumi.Map{}
${components.join("\n")}
		// One output, secret as soon as any connection is (each carries its vendor's password).
		ctx.Export("connections", connections.ToMapOutput())
		return nil
	})
}
`;
}

describe("Go program using the pg-vendor-access package", () => {
  let t: PackageTest;
  let sc: Scenario;
  let stack: Stack;
  let project: string;
  let goEnv: NodeJS.ProcessEnv;
  let env: Record<string, string>;
  let added: string;
  const list = packageIntegrations();
  const sdk = () => join(project, "sdks", "pg-vendor-access");

  /** `go <args>` in the project, with the usual module and build caches. */
  const go = (...args: string[]) => exec("go", args, { cwd: project, env: goEnv, timeoutMs: 1_200_000 });

  beforeAll(async () => {
    goEnv = { ...process.env, ...toolchain().env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly" };
    // The program imports the SDK before it exists: `package add` links it, and its `go mod tidy` keeps it.
    t = await setUpPackageTest("go", {
      "Pulumi.yaml": YAML.stringify({ name: "pva-go-package", runtime: "go" }),
      "go.mod": `module pva-go-package\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v${PULUMI_SDK_VERSION}\n`,
      "main.go": goProgram(list),
    });
    ({ sc, stack, project, env, added } = t);
  });
  afterAll(() => tearDownPackageTest(t));

  test("package add generates the Go SDK module under sdks/ and links it into go.mod", () => {
    expect(added).toContain(`import pgvendoraccess "${IMPORT}"`);
    expect(readFileSync(join(sdk(), "go.mod"), "utf8")).toMatch(new RegExp(`^module ${MODULE}\n`));
    expect(JSON.parse(readFileSync(join(sdk(), "pgvendoraccess", "pulumi-plugin.json"), "utf8"))).toEqual({
      resource: true,
      name: "pg-vendor-access",
      version: PACKAGE_VERSION,
    });
    const goMod = readFileSync(join(project, "go.mod"), "utf8");
    expect(goMod).toContain(`replace ${MODULE} => ./sdks/pg-vendor-access\n`);
    expect(goMod).toMatch(new RegExp(`\n\t${MODULE} v0\\.0\\.0[-0-9]*\n`));
    expect(goMod).toContain(`\tgithub.com/pulumi/pulumi/sdk/v3 v${PULUMI_SDK_VERSION}\n`);
    expect(readProject(project).packages).toEqual({ "pg-vendor-access": PACKAGE_DIR });
  });

  test("pulumi about shows the Go runtime, the package's plugin (from the SDK the program imports) and its modules", async () => {
    const about = await runPulumi(project, ["about", "--json"], env);
    const info = JSON.parse(about.stdout);
    expect(info.runtime.language).toBe("go");
    expect(info.plugins).toContainEqual({ name: "pg-vendor-access", version: PACKAGE_VERSION, kind: "resource" });
    expect(info.dependencies).toEqual([
      { name: MODULE, version: "v0.0.0" },
      { name: "github.com/pulumi/pulumi/sdk/v3", version: `v${PULUMI_SDK_VERSION}` },
    ]);
  });

  test("the SDK has typed arguments: enums for vendor and mode, plain ints, secret password in and out", () => {
    const src = readFileSync(join(sdk(), "pgvendoraccess", "postgresVendorAccess.go"), "utf8");
    const args = src.slice(src.indexOf("type PostgresVendorAccessArgs struct {"));
    const field = (name: string) => args.match(new RegExp(`\n\t${name} (\\S+)\n`))?.[1];
    expect(field("Vendor")).toBe("VendorId");
    expect(field("Mode")).toBe("*VendorMode");
    expect(field("Database")).toBe("string");
    expect(field("Port")).toBe("*int");
    expect(field("ConnectionLimit")).toBe("pulumi.IntPtrInput");
    expect(field("ReadSchemas")).toBe("[]string");
    expect(field("Password")).toBe("pulumi.StringPtrInput");
    // A password given as plain text is made secret before it leaves the program; both outputs stay secret.
    expect(src).toContain("args.Password = pulumi.ToSecret(args.Password).(pulumi.StringPtrInput)");
    expect(src).toMatch(/AdditionalSecretOutputs\(\[\]string\{\s*"connection",\s*"password",\s*\}\)/);
    const enums = readFileSync(join(sdk(), "pgvendoraccess", "pulumiEnums.go"), "utf8");
    expect(enums).toContain('VendorIdSegment = VendorId("segment")');
    expect(enums).toContain('VendorIdWhaly = VendorId("whaly")');
    expect(enums).toContain('VendorModeReadOnly = VendorMode("read-only")');
  });

  // The first build compiles github.com/pulumi/pulumi/sdk/v3 and its dependencies: minutes on a loaded machine.
  test("the program builds and vets against the SDK", { timeout: 1_500_000 }, async () => {
    const build = await go("build", "-o", "/dev/null", ".");
    expect(build.status, build.stderr).toBe(0);
    const vet = await go("vet", ".");
    expect(vet.status, vet.stderr).toBe(0);
  });

  test("a wrong type for port or an unknown vendor constant does not build", async () => {
    const broken = async (source: string): Promise<string> => {
      writeFileSync(join(project, "broken.go.txt"), source);
      writeFileSync(join(project, "overlay.json"), JSON.stringify({ Replace: { [join(project, "main.go")]: join(project, "broken.go.txt") } }));
      const build = await go("build", "-overlay", join(project, "overlay.json"), "-o", "/dev/null", ".");
      expect(build.status).not.toBe(0);
      return build.stderr;
    };
    expect(await broken(goProgram(list, `\n\t\t\tPort:        pulumi.String("5432"),`))).toContain('cannot use pulumi.String("5432")');
    expect(await broken(goProgram(list).replace("pva.VendorIdWhaly", "pva.VendorIdWhalyy"))).toContain("undefined: pva.VendorIdWhalyy");
  });

  test("up creates both components through the package; the connections are secret; each vendor does its job", async () => {
    await upAndProbe(stack, sc, list, "go");
  });

  test("destroy removes both roles and every privilege, and keeps Segment's retained schema and rows", async () => {
    await destroyAndCheck(stack, sc, list, "go");
  });
});
