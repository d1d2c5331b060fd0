package main

import (
	"slices"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// The environment pulumi.Run reads (sdk/go/pulumi/run.go), written out by hand.
func TestProgramEnvIsWhatTheGoSDKReads(t *testing.T) {
	h := &goHost{Base: langhost.Base{EngineAddress: "127.0.0.1:1"}}
	env, err := h.programEnv(&pulumirpc.RunRequest{
		Project: "p", Stack: "dev", Organization: "org", MonitorAddress: "127.0.0.1:2", DryRun: true, Parallel: 8,
		Config:           map[string]string{"p:db": "x"},
		ConfigSecretKeys: []string{"postgresql:password"},
		Info:             &pulumirpc.ProgramInfo{RootDirectory: "/r", ProgramDirectory: "/r", EntryPoint: "."},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"PULUMI_MONITOR=127.0.0.1:2",
		"PULUMI_ENGINE=127.0.0.1:1",
		"PULUMI_PROJECT=p",
		"PULUMI_STACK=dev",
		"PULUMI_ORGANIZATION=org",
		"PULUMI_DRY_RUN=true",
		"PULUMI_PARALLEL=8",
		"PULUMI_ROOT_DIRECTORY=/r",
		`PULUMI_CONFIG={"p:db":"x"}`,
		`PULUMI_CONFIG_SECRET_KEYS=["postgresql:password"]`,
	}
	if !slices.Equal(env, want) {
		t.Errorf("env:\n%q\nwant:\n%q", env, want)
	}
}

func TestNoSecretKeysIsAnEmptyArray(t *testing.T) {
	env, err := (&goHost{}).programEnv(&pulumirpc.RunRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(env, "PULUMI_CONFIG_SECRET_KEYS=[]") || !slices.Contains(env, "PULUMI_CONFIG={}") {
		t.Errorf("env: %q", env)
	}
}
