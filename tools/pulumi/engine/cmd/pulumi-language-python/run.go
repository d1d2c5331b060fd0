package main

import (
	"context"
	_ "embed"
	"os"
	"os/exec"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// runner is the Python side of Run: it configures the `pulumi` SDK's runtime from its flags and environment
// and runs the program in a stack (see runner.py).
//
//go:embed runner.py
var runner string

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
	dir := langhost.ProgramDir(info, req.GetPwd())
	entry := req.GetProgram() //nolint:staticcheck // older engines only send Program
	if info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	}
	if entry == "" {
		entry = "."
	}

	args := []string{"-c", runner,
		"--monitor", req.GetMonitorAddress(),
		"--engine", h.EngineAddress,
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

	config, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, env.python(), args...)
	cmd.Dir = dir
	// Prints reach the engine as they happen, not when the program ends.
	cmd.Env = append(append(env.environ(os.Environ()), config...), "PYTHONUNBUFFERED=1")
	return langhost.RunProgram(cmd, env.python()), nil
}
