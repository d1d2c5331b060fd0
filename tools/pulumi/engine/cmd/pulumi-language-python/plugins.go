package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func (h *pythonHost) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	deps, err := requiredPackages(req.GetInfo(), req.GetPwd())
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GetRequiredPluginsResponse{}
	for _, d := range deps {
		resp.Plugins = append(resp.Plugins, &pulumirpc.PluginDependency{
			Name: d.GetName(), Kind: d.GetKind(), Version: d.GetVersion(), Server: d.GetServer(),
		})
	}
	return resp, nil
}

func (h *pythonHost) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	deps, err := requiredPackages(req.GetInfo(), "")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: deps}, nil
}

// requiredPackages lists the Pulumi packages installed in the project's virtual environment: the top-level
// Python packages that ship a pulumi-plugin.json declaring a resource plugin (as generated SDKs do).
// Without a virtual environment (dependencies not installed yet) the list is empty.
func requiredPackages(info *pulumirpc.ProgramInfo, pwd string) ([]*pulumirpc.PackageDependency, error) {
	env, err := projectVirtualEnv(info, pwd)
	if err != nil {
		return nil, err
	}
	var deps []*pulumirpc.PackageDependency
	for _, site := range env.sitePackages() {
		manifests, _ := filepath.Glob(filepath.Join(site, "*", "pulumi-plugin.json"))
		sort.Strings(manifests)
		for _, m := range manifests {
			if d := readPluginManifest(m); d != nil {
				deps = append(deps, d)
			}
		}
	}
	return deps, nil
}

// readPluginManifest turns one pulumi-plugin.json into a package dependency, or nil when it declares no
// resource plugin or cannot be read.
func readPluginManifest(path string) *pulumirpc.PackageDependency {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m plugin.PulumiPluginJSON
	if json.Unmarshal(raw, &m) != nil || !m.Resource {
		return nil
	}
	name := m.Name
	if name == "" {
		// pulumi_random -> random, the convention of Pulumi's Python SDKs.
		name = strings.ReplaceAll(strings.TrimPrefix(filepath.Base(filepath.Dir(path)), "pulumi_"), "_", "-")
	}
	dep := &pulumirpc.PackageDependency{Name: name, Kind: "resource", Version: withV(m.Version), Server: m.Server}
	if p := m.Parameterization; p != nil {
		dep.Parameterization = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
	}
	return dep
}

func withV(v string) string {
	if v == "" || strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}
