// Package langhost holds what our language hosts (cmd/pulumi-language-nodejs, cmd/pulumi-language-go) share:
// serving the LanguageRuntime gRPC service the way the engine expects, locating the program, reading
// runtime options, reporting a program's exit, and answering GetRequiredPlugins/GetRequiredPackages.
package langhost

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// BailExitCode is what a Pulumi SDK exits with after it has already reported the program's error to the
// engine: the host then asks the engine not to print it a second time.
const BailExitCode = 32

// Serve registers the host, prints its port (the engine reads it from the plugin's first line of output)
// and serves until the engine stops it. It exits the process on failure.
func Serve(name string, host pulumirpc.LanguageRuntimeServer) {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: could not start the gRPC server: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

// ProgramDir is the program's directory: ProgramInfo's, else the request's working directory, else ours.
func ProgramDir(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetProgramDirectory() != "" {
		return info.GetProgramDirectory()
	}
	if pwd != "" {
		return pwd
	}
	wd, _ := os.Getwd()
	return wd
}

// Options are the project's runtime options (Pulumi.yaml `runtime.options`), empty when there are none.
func Options(info *pulumirpc.ProgramInfo) map[string]any {
	if info == nil || info.GetOptions() == nil {
		return map[string]any{}
	}
	return info.GetOptions().AsMap()
}

// RunProgram runs cmd with the host's own stdout and stderr (the engine shows them) and turns its exit
// into the RunResponse the engine expects; `what` names the program in an error.
func RunProgram(cmd *exec.Cmd, what string) *pulumirpc.RunResponse {
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}
	case errors.As(err, &exit) && exit.ExitCode() == BailExitCode:
		return &pulumirpc.RunResponse{Bail: true}
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", what, err)}
	}
}

// Plugin is a resource plugin a program needs, as its SDK declares it.
type Plugin struct {
	Name, Version, Server string
}

// PluginsResponse answers GetRequiredPlugins with the plugins found.
func PluginsResponse(found []Plugin) *pulumirpc.GetRequiredPluginsResponse {
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, p := range found {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server,
		})
	}
	return resp
}

// PackagesResponse answers GetRequiredPackages with the plugins found.
func PackagesResponse(found []Plugin) *pulumirpc.GetRequiredPackagesResponse {
	resp := &pulumirpc.GetRequiredPackagesResponse{}
	for _, p := range found {
		resp.Packages = append(resp.Packages, &pulumirpc.PackageDependency{
			Name: p.Name, Kind: "resource", Version: p.Version, Server: p.Server,
		})
	}
	return resp
}

// ConfigEnv is the stack's config for the program as the SDKs read it: PULUMI_CONFIG (a JSON object of
// `namespace:key` to value) and PULUMI_CONFIG_SECRET_KEYS (a JSON array of the keys that are secret).
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	values := req.GetConfig()
	if values == nil {
		values = map[string]string{} // `{}`, not `null`: the SDKs expect an object
	}
	config, err := json.Marshal(values)
	if err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	keys, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("encoding secret config keys: %w", err)
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(keys)}, nil
}

// Base answers the RPCs every host answers alike, GetPluginInfo and Handshake, and leaves the others
// Unimplemented. A host embeds it; EngineAddress is the engine's, from the command line or the handshake.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	Version       string
	EngineAddress string
}

func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: b.Version}, nil
}

func (b *Base) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		b.EngineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}
