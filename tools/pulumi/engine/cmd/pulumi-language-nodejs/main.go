// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine, written for this
// project because the module proxy it can reach does not serve Pulumi's own host module. It runs a
// program with the `cmd/run` entry point of the @pulumi/pulumi SDK installed next to the program, which does
// the real work (connecting to the resource monitor, ts-node, config); the host only turns the engine's
// RunRequest into that process's flags and environment, and reports its exit.
//
// Implemented: GetPluginInfo, Handshake, GetRequiredPlugins/GetRequiredPackages (resource plugins of the
// packages the program depends on, see dependencies.go), Run, About,
// and for source-based plugins such as pulumi-package/ (plugin.go) RunPlugin and InstallDependencies.
// Everything else (templates, code generation, linking SDKs) answers Unimplemented.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// version is set with -ldflags -X main.version=<the CLI version>.
var version = "3.0.0-dev"

func main() {
	flags := flag.NewFlagSet("pulumi-language-nodejs", flag.ContinueOnError)
	// Flags older engines pass from the project's runtime options; newer ones send them in ProgramInfo.
	typescript := flags.Bool("typescript", true, "run TypeScript programs through ts-node")
	tsconfig := flags.String("tsconfig", "", "path of the tsconfig.json ts-node uses")
	nodeargs := flags.String("nodeargs", "", "extra arguments for node")
	flags.String("root", "", "project root (unused)")
	flags.String("tracing", "", "tracing endpoint (unused)")
	flags.String("packagemanager", "", "package manager (unused)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(2)
	}
	host := &nodeHost{
		Base:     langhost.Base{Version: version, EngineAddress: flags.Arg(0)},
		defaults: runtimeOptions{typescript: *typescript, tsconfig: *tsconfig, nodeargs: *nodeargs},
	}
	langhost.Serve("pulumi-language-nodejs", host)
}

type runtimeOptions struct {
	typescript bool
	tsconfig   string
	nodeargs   string
}

type nodeHost struct {
	langhost.Base
	defaults runtimeOptions
}

func (h *nodeHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(out))}, nil
}

func (h *nodeHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	found, err := resourcePackages(langhost.ProgramDir(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	return langhost.PluginsResponse(found), nil
}

func (h *nodeHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	found, err := resourcePackages(langhost.ProgramDir(req.GetInfo(), ""))
	if err != nil {
		return nil, err
	}
	return langhost.PackagesResponse(found), nil
}

func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts := h.options(req.GetInfo())
	dir := langhost.ProgramDir(req.GetInfo(), req.GetPwd())
	entry := req.GetProgram()
	if info := req.GetInfo(); info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	}
	runScript, err := locateSDKScript(dir, "run")
	if err != nil {
		return nil, err
	}

	args := strings.Fields(opts.nodeargs)
	args = append(args, runScript,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.EngineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--pwd", dir,
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	)
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if info := req.GetInfo(); info != nil && info.GetRootDirectory() != "" {
		args = append(args, "--root-directory", info.GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	env := append(append(os.Environ(), config...),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript),
	)
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = env
	return langhost.RunProgram(cmd, "node"), nil
}

// options merges the project's runtime options (Pulumi.yaml `runtime.options`) over the flag defaults.
func (h *nodeHost) options(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := h.defaults
	fields := langhost.Options(info)
	if v, ok := fields["typescript"].(bool); ok {
		opts.typescript = v
	}
	if v, ok := fields["tsconfig"].(string); ok {
		opts.tsconfig = v
	}
	if v, ok := fields["nodeargs"].(string); ok {
		opts.nodeargs = v
	}
	return opts
}

// locateSDKScript finds @pulumi/pulumi/cmd/<name> (run, run-plugin) in the node_modules of the program
// directory or one of its parents, as Node's module resolution would.
func locateSDKScript(dir, name string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name, "index.js")
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("@pulumi/pulumi is not installed in %s or its parents: run `npm install`", dir)
		}
	}
}
