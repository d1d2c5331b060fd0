package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"
	"google.golang.org/grpc"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// InstallDependencies runs `go mod tidy` in the program directory: it resolves the requires Link added (and
// github.com/pulumi/pulumi/sdk/v3 at the version the program asks for), downloads them into the module cache
// and writes go.sum. Its output is streamed back to the CLI.
func (h *goHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := langhost.ProgramDir(req.GetInfo(), req.GetDirectory())
	cmd := exec.CommandContext(stream.Context(), "go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Stdout = streamWriter(func(b []byte) error { return stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b}) })
	cmd.Stderr = streamWriter(func(b []byte) error { return stream.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b}) })
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod tidy in %s: %w", dir, err)
	}
	return nil
}

// streamWriter sends each write as one message.
type streamWriter func([]byte) error

func (w streamWriter) Write(b []byte) (int, error) {
	if err := w(bytes.Clone(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (h *goHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	found, err := pluginPackages(ctx, langhost.ProgramDir(req.GetInfo(), req.GetPwd()))
	if err != nil {
		return nil, err
	}
	return langhost.PluginsResponse(found), nil
}

func (h *goHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	found, err := pluginPackages(ctx, langhost.ProgramDir(req.GetInfo(), ""))
	if err != nil {
		return nil, err
	}
	return langhost.PackagesResponse(found), nil
}

// pluginJSON is the pulumi-plugin.json a generated Go SDK ships in its package directory.
type pluginJSON struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

// pluginPackages reads the pulumi-plugin.json of every package the program imports, directly or not
// (`go list -deps`): the resource plugins the program needs, at the versions of their SDKs.
func pluginPackages(ctx context.Context, dir string) ([]langhost.Plugin, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-deps", "-f", "{{.Dir}}", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -deps in %s: %w: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	var found []langhost.Plugin
	seen := map[string]bool{}
	for _, pkgDir := range strings.Fields(string(out)) {
		raw, err := os.ReadFile(filepath.Join(pkgDir, "pulumi-plugin.json"))
		if err != nil {
			continue
		}
		var p pluginJSON
		if json.Unmarshal(raw, &p) != nil || !p.Resource || p.Name == "" || seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		if p.Version != "" && !strings.HasPrefix(p.Version, "v") {
			p.Version = "v" + p.Version
		}
		found = append(found, langhost.Plugin{Name: p.Name, Version: p.Version, Server: p.Server})
	}
	return found, nil
}

// GetProgramDependencies lists the modules the program's go.mod requires (for `pulumi about`): the direct
// ones, or all of them with TransitiveDependencies. A linked local SDK shows at its placeholder version.
func (h *goHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	path := filepath.Join(langhost.ProgramDir(req.GetInfo(), req.GetPwd()), "go.mod")
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	goMod, err := modfile.Parse(path, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, r := range goMod.Require {
		if r.Indirect && !req.GetTransitiveDependencies() {
			continue
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: r.Mod.Path, Version: r.Mod.Version})
	}
	return resp, nil
}
