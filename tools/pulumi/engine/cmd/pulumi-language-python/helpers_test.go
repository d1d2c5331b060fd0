package main

import (
	"os"
	"path/filepath"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

func TestWithRequirement(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"empty file", "", "sdks/pkg\n"},
		{"appends", "pulumi==3.248.0\n", "pulumi==3.248.0\nsdks/pkg\n"},
		{"adds the missing newline", "pulumi==3.248.0", "pulumi==3.248.0\nsdks/pkg\n"},
		{"already there", "pulumi==3.248.0\nsdks/pkg\n", "pulumi==3.248.0\nsdks/pkg\n"},
		{"already there with a comment", "sdks/pkg  # local SDK\n", "sdks/pkg  # local SDK\n"},
		{"a longer path is another line", "sdks/pkg-extra\n", "sdks/pkg-extra\nsdks/pkg\n"},
	}
	for _, c := range cases {
		if got := withRequirement(c.content, "sdks/pkg"); got != c.want {
			t.Errorf("%s: withRequirement(%q) = %q, want %q", c.name, c.content, got, c.want)
		}
	}
}

func TestRequirementLine(t *testing.T) {
	for in, want := range map[string]string{
		"sdks/pg-vendor-access": "sdks/pg-vendor-access",
		"./sdk":                 "./sdk",
		"/abs/sdk":              "/abs/sdk",
		"sdk":                   "./sdk", // a bare name would be looked up on the package index
	} {
		if got := requirementLine(in); got != want {
			t.Errorf("requirementLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func programInfo(t *testing.T, options map[string]any) *pulumirpc.ProgramInfo {
	opts, err := structpb.NewStruct(options)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.ProgramInfo{RootDirectory: "/proj", ProgramDirectory: "/proj", EntryPoint: ".", Options: opts}
}

func TestProjectVirtualEnv(t *testing.T) {
	for _, c := range []struct {
		options map[string]any
		want    string
	}{
		{map[string]any{}, "/proj/venv"},
		{map[string]any{"virtualenv": ".venv"}, "/proj/.venv"},
		{map[string]any{"virtualenv": "/opt/env", "toolchain": "pip"}, "/opt/env"},
	} {
		env, err := projectVirtualEnv(programInfo(t, c.options), "")
		if err != nil || env.dir != c.want {
			t.Errorf("options %v: got %q, %v; want %q", c.options, env.dir, err, c.want)
		}
	}
	_, err := projectVirtualEnv(programInfo(t, map[string]any{"toolchain": "uv"}), "")
	want := `runtime option toolchain: uv is not supported by this language host; supported: "pip"`
	if err == nil || err.Error() != want {
		t.Errorf("toolchain uv: got %v, want %q", err, want)
	}
	_, err = projectVirtualEnv(programInfo(t, map[string]any{"virtualenv": ""}), "")
	if err == nil || err.Error() != "runtime option virtualenv: expected a directory path, got " {
		t.Errorf("empty virtualenv: got %v", err)
	}
}

func TestReadPluginManifest(t *testing.T) {
	dir := t.TempDir()
	write := func(pkg, content string) string {
		path := filepath.Join(dir, pkg, "pulumi-plugin.json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	got := readPluginManifest(write("pulumi_pg_vendor_access", `{"resource": true, "name": "pg-vendor-access", "version": "0.1.0"}`))
	if got == nil || got.GetName() != "pg-vendor-access" || got.GetVersion() != "v0.1.0" || got.GetKind() != "resource" {
		t.Errorf("generated SDK manifest: got %v", got)
	}
	got = readPluginManifest(write("pulumi_random", `{"resource": true, "version": "v4.21.2"}`))
	if got == nil || got.GetName() != "random" || got.GetVersion() != "v4.21.2" {
		t.Errorf("name from the directory: got %v", got)
	}
	if got := readPluginManifest(write("pulumi_nothing", `{"resource": false}`)); got != nil {
		t.Errorf("no resource plugin: got %v, want nil", got)
	}
	if got := readPluginManifest(write("broken", `{`)); got != nil {
		t.Errorf("unreadable manifest: got %v, want nil", got)
	}
}
