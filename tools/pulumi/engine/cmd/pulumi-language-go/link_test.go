package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// A generated SDK as `pulumi package add` leaves it: a module with the package (and its pulumi-plugin.json)
// one directory down.
func writeSDK(t *testing.T, dir string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Join(dir, "pgvendoraccess"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/pulumi-pg-vendor-access/sdk/go\n\ngo 1.25\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "pgvendoraccess", "pulumi-plugin.json"), []byte(`{"resource":true,"name":"pg-vendor-access","version":"0.1.0"}`), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLinkAddsRequireAndRelativeReplace(t *testing.T) {
	root := t.TempDir()
	writeSDK(t, filepath.Join(root, "sdks", "pg-vendor-access"))
	must(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module prog\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.248.0\n"), 0o644))

	resp, err := (&goHost{}).Link(context.Background(), &pulumirpc.LinkRequest{
		Info:     &pulumirpc.ProgramInfo{RootDirectory: root, ProgramDirectory: root, EntryPoint: "."},
		Packages: []*pulumirpc.LinkRequest_LinkDependency{{Path: "sdks/pg-vendor-access"}},
	})
	must(t, err)
	got, err := os.ReadFile(filepath.Join(root, "go.mod"))
	must(t, err)
	want := `module prog

go 1.26

require (
	github.com/pulumi/pulumi/sdk/v3 v3.248.0
	example.com/pulumi-pg-vendor-access/sdk/go v0.0.0
)

replace example.com/pulumi-pg-vendor-access/sdk/go => ./sdks/pg-vendor-access
`
	if string(got) != want {
		t.Errorf("go.mod:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(resp.GetImportInstructions(), `import pgvendoraccess "example.com/pulumi-pg-vendor-access/sdk/go/pgvendoraccess"`) {
		t.Errorf("instructions: %q", resp.GetImportInstructions())
	}
}

func TestLinkFromASubdirectoryProgramUsesAParentPath(t *testing.T) {
	root := t.TempDir()
	writeSDK(t, filepath.Join(root, "sdks", "pg-vendor-access"))
	prog := filepath.Join(root, "infra")
	must(t, os.MkdirAll(prog, 0o755))
	must(t, os.WriteFile(filepath.Join(prog, "go.mod"), []byte("module prog\n\ngo 1.26\n"), 0o644))

	_, err := (&goHost{}).Link(context.Background(), &pulumirpc.LinkRequest{
		Info:     &pulumirpc.ProgramInfo{RootDirectory: root, ProgramDirectory: prog, EntryPoint: "."},
		Packages: []*pulumirpc.LinkRequest_LinkDependency{{Path: "sdks/pg-vendor-access"}},
	})
	must(t, err)
	got, err := os.ReadFile(filepath.Join(prog, "go.mod"))
	must(t, err)
	if !strings.Contains(string(got), "replace example.com/pulumi-pg-vendor-access/sdk/go => ../sdks/pg-vendor-access\n") {
		t.Errorf("go.mod:\n%s", got)
	}
}

func TestLinkWithoutGoModSaysWhatToRun(t *testing.T) {
	root := t.TempDir()
	_, err := (&goHost{}).Link(context.Background(), &pulumirpc.LinkRequest{
		Info: &pulumirpc.ProgramInfo{RootDirectory: root, ProgramDirectory: root, EntryPoint: "."},
	})
	if err == nil || !strings.Contains(err.Error(), "run `go mod init <module>`") {
		t.Errorf("err = %v", err)
	}
}
