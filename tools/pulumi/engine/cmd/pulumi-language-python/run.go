package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// runner is the Python side of Run: it configures the `pulumi` SDK's runtime from its flags and environment
// and runs the program in a stack (see runner.py).
//
//go:embed runner.py
var runner string

// bailExitCode is what the runner exits with after it has reported the program's error to the engine:
// the host then asks the engine not to print it a second time.
const bailExitCode = 32

// Run executes the program with the virtual environment's Python through the runner. Config values and
// secret config keys travel in the environment (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS), never on the
// command line, where other users of the machine could read them.
func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	env, err := projectVirtualEnv(info, req.GetPwd())
	if err != nil {
		return nil, err
	}
	if !env.exists() {
		return nil, env.missingError()
	}
	dir := programDir(info, req.GetPwd())
	entry := req.GetProgram() //nolint:staticcheck // older engines only send Program
	if info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	}
	if entry == "" {
		entry = "."
	}

	args := []string{"-c", runner,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.engineAddress,
		"--project", req.GetProject(),
		"--stack", req.GetStack(),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization", req.GetOrganization())
	}
	if root := rootDir(info, dir); root != "" {
		args = append(args, "--root-directory", root)
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, "--", entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(orEmptyMap(req.GetConfig()))
	if err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	secretKeys, err := json.Marshal(orEmpty(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, fmt.Errorf("encoding secret config keys: %w", err)
	}
	cmd := exec.CommandContext(ctx, env.python(), args...)
	cmd.Dir = dir
	cmd.Env = append(env.environ(os.Environ()),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		// Prints reach the engine as they happen, not when the program ends.
		"PYTHONUNBUFFERED=1",
	)
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
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", env.python(), err)}, nil
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
