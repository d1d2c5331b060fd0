package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// Run builds the program (`go build` in its directory, unless the `binary` runtime option names a prebuilt
// one) and runs it with the environment pulumi.Run reads: monitor and engine addresses, project, stack,
// config and its secret keys, dry-run and parallelism.
func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts := h.options(req.GetInfo())
	dir := langhost.ProgramDir(req.GetInfo(), req.GetPwd())

	program := opts.binary
	if program == "" {
		target := opts.buildTarget
		if target == "" {
			tmp, err := os.MkdirTemp("", "pulumi-go-program-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(tmp)
			target = filepath.Join(tmp, "program")
		}
		build := exec.CommandContext(ctx, "go", "build", "-o", target, ".")
		build.Dir = dir
		build.Stdout = os.Stdout
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("go build in %s failed: %v", dir, err)}, nil
		}
		program = target
	}
	if !filepath.IsAbs(program) {
		program = filepath.Join(dir, program)
	}

	env, err := h.programEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, program, req.GetArgs()...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	return langhost.RunProgram(cmd, "the Go program"), nil
}

// programEnv is the PULUMI_* environment of sdk/go/pulumi's getEnvInfo, from the engine's RunRequest.
func (h *goHost) programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	env := []string{
		"PULUMI_MONITOR=" + req.GetMonitorAddress(),
		"PULUMI_ENGINE=" + h.EngineAddress,
		"PULUMI_PROJECT=" + req.GetProject(),
		"PULUMI_STACK=" + req.GetStack(),
		"PULUMI_ORGANIZATION=" + req.GetOrganization(),
		"PULUMI_DRY_RUN=" + strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL=" + strconv.Itoa(int(req.GetParallel())),
	}
	if info := req.GetInfo(); info != nil && info.GetRootDirectory() != "" {
		env = append(env, "PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory())
	}
	return append(env, config...), nil
}
