package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// resourcePackage is a resource plugin a package declares in its package.json.
type resourcePackage = langhost.Plugin

// packageManifest is the part of a package.json this host reads.
type packageManifest struct {
	Name         string            `json:"name"`
	Version      string            `json:"version"`
	Dependencies map[string]string `json:"dependencies"`
	Pulumi       struct {
		Resource bool   `json:"resource"`
		Name     string `json:"name"`
		Version  string `json:"version"`
		Server   string `json:"server"`
	} `json:"pulumi"`
}

// resourcePackages lists the resource plugins the program in dir needs: those of the packages reachable
// from the `dependencies` of its nearest package.json (transitively, resolved the way Node resolves
// them), that declare `"pulumi": {"resource": true}`. Dev dependencies are not followed, and neither is
// anything merely present in node_modules: the engine installs every plugin listed here before it runs
// the program or plugin, so the list must be what the code can load, no more.
func resourcePackages(dir string) ([]resourcePackage, error) {
	root, err := nearestNpmProject(dir)
	if err != nil {
		return nil, nil // not an npm project: no package can be required
	}
	rootManifest, err := readManifest(filepath.Join(root, "package.json"))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	found := map[string]resourcePackage{}
	var visit func(fromDir string, m packageManifest) error
	visit = func(fromDir string, m packageManifest) error {
		for _, dep := range sortedKeys(m.Dependencies) {
			depDir, ok := resolvePackageDir(fromDir, dep)
			if !ok {
				continue // an optional or not yet installed dependency: `npm install` reports those
			}
			if seen[depDir] {
				continue
			}
			seen[depDir] = true
			manifest, err := readManifest(filepath.Join(depDir, "package.json"))
			if err != nil {
				return err
			}
			if p, ok := pluginOf(manifest); ok {
				found[p.Name+"@"+p.Version] = p
			}
			if err := visit(depDir, manifest); err != nil {
				return err
			}
		}
		return nil
	}
	if err := visit(root, rootManifest); err != nil {
		return nil, err
	}
	out := make([]resourcePackage, 0, len(found))
	for _, k := range sortedKeys(found) {
		out = append(out, found[k])
	}
	return out, nil
}

func pluginOf(m packageManifest) (resourcePackage, bool) {
	if !m.Pulumi.Resource {
		return resourcePackage{}, false
	}
	name := m.Pulumi.Name
	if name == "" {
		name = strings.TrimPrefix(m.Name, "@pulumi/")
	}
	v := m.Pulumi.Version
	if v == "" {
		v = m.Version
	}
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	return resourcePackage{Name: name, Version: v, Server: m.Pulumi.Server}, true
}

// resolvePackageDir finds node_modules/<name> in fromDir or its parents.
func resolvePackageDir(fromDir, name string) (string, bool) {
	for d := fromDir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", filepath.FromSlash(name))
		if st, err := os.Stat(filepath.Join(candidate, "package.json")); err == nil && !st.IsDir() {
			return candidate, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

func readManifest(path string) (packageManifest, error) {
	var m packageManifest
	raw, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
