package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// bailExitCode is what pulumi.Run exits with after it has already reported the program's error to the
// engine: the host then asks the engine not to print it a second time.
const bailExitCode = 32

// Run builds the program (`go build` in its directory, unless the `binary` runtime option names a prebuilt
// one) and runs it with the environment pulumi.Run reads: monitor and engine addresses, project, stack,
// config and its secret keys, dry-run and parallelism.
func (h *goHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	opts := h.options(req.GetInfo())
	dir := programDir(req.GetInfo(), req.GetPwd())

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
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exit):
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the Go program: %v", err)}, nil
	}
}

// programEnv is the PULUMI_* environment of sdk/go/pulumi's getEnvInfo, from the engine's RunRequest.
func (h *goHost) programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := json.Marshal(req.GetConfig())
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
	env := []string{
		"PULUMI_MONITOR=" + req.GetMonitorAddress(),
		"PULUMI_ENGINE=" + h.engineAddress,
		"PULUMI_PROJECT=" + req.GetProject(),
		"PULUMI_STACK=" + req.GetStack(),
		"PULUMI_ORGANIZATION=" + req.GetOrganization(),
		"PULUMI_CONFIG=" + string(config),
		"PULUMI_CONFIG_SECRET_KEYS=" + string(keys),
		"PULUMI_DRY_RUN=" + strconv.FormatBool(req.GetDryRun()),
		"PULUMI_PARALLEL=" + strconv.Itoa(int(req.GetParallel())),
	}
	if info := req.GetInfo(); info != nil && info.GetRootDirectory() != "" {
		env = append(env, "PULUMI_ROOT_DIRECTORY="+info.GetRootDirectory())
	}
	return env, nil
}
