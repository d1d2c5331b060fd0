// Command pulumi-language-python is a small Python language host for the Pulumi engine, written for this
// project because the module proxy it can reach does not serve Pulumi's own host module. Programs run in a
// virtual environment of the project with the `pulumi` SDK from PyPI; a runner script of ours (runner.py,
// embedded) turns the engine's RunRequest into the SDK's runtime settings and runs `__main__.py` in a stack.
//
// Implemented: GetPluginInfo and Handshake (internal/langhost.Base), About, GetRequiredPlugins/GetRequiredPackages (the packages in the
// virtual environment that ship a `pulumi-plugin.json`), InstallDependencies (a virtual environment per
// project and `pip install -r requirements.txt`), GeneratePackage (SDKs from a schema, with Pulumi's own
// Python code generator), Link (a generated local SDK recorded in requirements.txt), Run.
// Everything else (templates, program conversion, plugins written in Python) answers Unimplemented.
//
// Split by concern: options.go (runtime options, the virtual environment), install.go, plugins.go,
// codegen.go (GeneratePackage, Link), run.go (Run and the runner).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// version is set with -ldflags -X main.version=<the CLI version>.
var version = "3.0.0-dev"

// toolName is what generated SDKs name as their generator.
const toolName = "pulumi-language-python"

func main() {
	flags := flag.NewFlagSet(toolName, flag.ContinueOnError)
	// Older engines pass these; newer ones send everything in the requests.
	flags.String("root", "", "project root (unused)")
	flags.String("tracing", "", "tracing endpoint (unused)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", toolName, err)
		os.Exit(2)
	}
	langhost.Serve(toolName, &pythonHost{Base: langhost.Base{Version: version, EngineAddress: flags.Arg(0)}})
}

// pythonHost answers GetPluginInfo and Handshake through langhost.Base, the rest in this package.
type pythonHost struct {
	langhost.Base
}

func (h *pythonHost) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python := systemPython()
	if info := req.GetInfo(); info != nil {
		if env, err := projectVirtualEnv(info, ""); err == nil && env.exists() {
			python = env.python()
		}
	}
	out, err := exec.Command(python, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %w", python, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: python,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "Python "),
	}, nil
}
