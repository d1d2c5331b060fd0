package main

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A workspace like this repository: a root project whose node_modules hold its dependencies, a dev
// dependency with a plugin, and a plugin directory (pulumi-package/) with a package.json of its own.
func fixture(t *testing.T) string {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "package.json"),
		`{"dependencies": {"lib": "1"}, "devDependencies": {"@pulumi/devonly": "1"}}`)
	writeFile(t, filepath.Join(root, "node_modules", "lib", "package.json"),
		`{"name": "lib", "version": "1.0.0", "dependencies": {"@pulumi/aws": "7", "@pulumi/postgresql": "3"}}`)
	writeFile(t, filepath.Join(root, "node_modules", "@pulumi", "aws", "package.json"),
		`{"name": "@pulumi/aws", "version": "7.48.0", "pulumi": {"resource": true}}`)
	writeFile(t, filepath.Join(root, "node_modules", "@pulumi", "postgresql", "package.json"),
		`{"name": "@pulumi/postgresql", "version": "3.18.1", "pulumi": {"resource": true, "name": "postgresql"}}`)
	writeFile(t, filepath.Join(root, "node_modules", "@pulumi", "random", "package.json"),
		`{"name": "@pulumi/random", "version": "4.21.2", "pulumi": {"resource": true, "server": "https://example.invalid"}}`)
	writeFile(t, filepath.Join(root, "node_modules", "@pulumi", "devonly", "package.json"),
		`{"name": "@pulumi/devonly", "version": "1.0.0", "pulumi": {"resource": true}}`)
	writeFile(t, filepath.Join(root, "plugin", "package.json"),
		`{"dependencies": {"@pulumi/postgresql": "3", "@pulumi/random": "4", "missing": "1"}}`)
	return root
}

func TestResourcePackagesFollowsDeclaredDependenciesTransitively(t *testing.T) {
	got, err := resourcePackages(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []resourcePackage{{Name: "aws", Version: "v7.48.0"}, {Name: "postgresql", Version: "v3.18.1"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v (dev dependencies and undeclared node_modules are not required)", got, want)
	}
}

func TestResourcePackagesOfANestedPluginResolveUpwards(t *testing.T) {
	got, err := resourcePackages(filepath.Join(fixture(t), "plugin"))
	if err != nil {
		t.Fatal(err)
	}
	want := []resourcePackage{
		{Name: "postgresql", Version: "v3.18.1"},
		{Name: "random", Version: "v4.21.2", Server: "https://example.invalid"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestInstallTargetIsTheLockedProject(t *testing.T) {
	root := fixture(t)
	plugin := filepath.Join(root, "plugin")
	if got := lockedNpmProject(plugin); got != "" {
		t.Fatalf("no lock file yet: got %q", got)
	}
	writeFile(t, filepath.Join(root, "package-lock.json"), "{}")
	if got := lockedNpmProject(plugin); got != root {
		t.Fatalf("got %q, want the root %q", got, root)
	}
	if got, _ := nearestNpmProject(plugin); got != plugin {
		t.Fatalf("nearest package.json: got %q, want %q", got, plugin)
	}
}
