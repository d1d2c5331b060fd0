// Command pulumi-language-go is a small Go language host for the Pulumi engine, written for this project
// because the module proxy it can reach does not serve Pulumi's own Go host module. It is what
// `pulumi package add` and `pulumi up`/`destroy` need for a Go program:
//
//   - GeneratePackage: a Go SDK from a package schema, by the Go code generator of pkg/v3 (codegen.go);
//   - Link: the generated SDK becomes a `require` + `replace` of the program's go.mod (link.go);
//   - InstallDependencies: `go mod tidy` (deps.go);
//   - GetRequiredPlugins/GetRequiredPackages: the pulumi-plugin.json of every package the program imports,
//     GetProgramDependencies: the requires of its go.mod (deps.go);
//   - Run: `go build` the program, then run it with the PULUMI_* environment the Go SDK reads (run.go);
//   - About (this file); GetPluginInfo and Handshake come with internal/langhost.Base.
//
// Everything else (templates, program generation, RunPlugin for Go plugins) answers Unimplemented.
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

func main() {
	flags := flag.NewFlagSet("pulumi-language-go", flag.ContinueOnError)
	// Flags the engine passes from the project's runtime options; newer engines also send them in ProgramInfo.
	buildTarget := flags.String("buildTarget", "", "path of the program binary `go build` writes (default: a temporary file)")
	binary := flags.String("binary", "", "a prebuilt program binary to run instead of building the program")
	flags.String("root", "", "project root (unused)")
	flags.String("tracing", "", "tracing endpoint (unused)")
	if err := flags.Parse(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-go: %v\n", err)
		os.Exit(2)
	}
	host := &goHost{
		Base:     langhost.Base{Version: version, EngineAddress: flags.Arg(0)},
		defaults: runtimeOptions{buildTarget: *buildTarget, binary: *binary},
	}
	langhost.Serve("pulumi-language-go", host)
}

// runtimeOptions are Pulumi.yaml's `runtime.options` for the go runtime.
type runtimeOptions struct {
	buildTarget string
	binary      string
}

type goHost struct {
	langhost.Base
	defaults runtimeOptions
}

func (h *goHost) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	path, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the go command is not on PATH: %w", err)
	}
	out, err := exec.Command(path, "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: path, Version: strings.TrimSpace(string(out))}, nil
}

// options merges the project's runtime options (Pulumi.yaml `runtime.options`) over the flag defaults.
func (h *goHost) options(info *pulumirpc.ProgramInfo) runtimeOptions {
	opts := h.defaults
	fields := langhost.Options(info)
	if v, ok := fields["buildTarget"].(string); ok {
		opts.buildTarget = v
	}
	if v, ok := fields["binary"].(string); ok {
		opts.binary = v
	}
	return opts
}
