package main

// Source-based plugins: a directory with a PulumiPlugin.yaml (`runtime: nodejs`) is a provider the engine
// runs through this host, e.g. the component package in pulumi-package/ when a program lists it under
// `packages:` or `pulumi package add` asks it for its schema.

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// RunPlugin starts the plugin with @pulumi/pulumi's run-plugin entry point (which registers ts-node and
// hands the remaining arguments, the engine's address first, to the plugin's main) and streams its output
// back: the engine reads the provider's port from the first line of stdout.
func (h *nodeHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse],
) error {
	dir := langhost.ProgramDir(req.GetInfo(), req.GetPwd())
	entry := "."
	if info := req.GetInfo(); info != nil && info.GetEntryPoint() != "" {
		entry = info.GetEntryPoint()
	} else if req.GetProgram() != "" {
		entry = req.GetProgram()
	}
	runPlugin, err := locateSDKScript(dir, "run-plugin")
	if err != nil {
		return err
	}
	opts := h.options(req.GetInfo())
	args := strings.Fields(opts.nodeargs)
	args = append(args, runPlugin, "--pwd", dir, entry)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(stream.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = req.GetEnv()
	if len(cmd.Env) == 0 {
		cmd.Env = os.Environ()
	}
	code, err := streamCommand(cmd, func(out, errOut []byte) error {
		return stream.Send(outputMessage(out, errOut))
	})
	if err != nil {
		return err
	}
	return stream.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

func outputMessage(out, errOut []byte) *pulumirpc.RunPluginResponse {
	if out != nil {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: out}}
	}
	return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: errOut}}
}

// InstallDependencies makes @pulumi/pulumi resolvable from the program or plugin directory. When it
// already is (the plugin lives inside an installed npm project, as pulumi-package/ does in this
// repository), there is nothing to do. Otherwise the project that pins the directory's dependencies is
// installed: the nearest directory at or above it with a package-lock.json, with `npm ci` so that the
// versions stay the pinned ones (for pulumi-package/ in a fresh clone, the repository root, whose code
// the plugin runs), or failing that the nearest package.json, with `npm install`.
func (h *nodeHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := langhost.ProgramDir(req.GetInfo(), req.GetDirectory())
	send := func(out, errOut []byte) error {
		return stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: out, Stderr: errOut})
	}
	if _, err := locateSDKScript(dir, "run"); err == nil {
		return send([]byte("@pulumi/pulumi is installed; nothing to install\n"), nil)
	}
	project, verb := lockedNpmProject(dir), "ci"
	if project == "" {
		var err error
		if project, err = nearestNpmProject(dir); err != nil {
			return err
		}
		verb = "install"
	}
	cmd := exec.CommandContext(stream.Context(), "npm", verb, "--no-audit", "--no-fund")
	cmd.Dir = project
	code, err := streamCommand(cmd, send)
	if err != nil {
		return err
	}
	if code != 0 {
		return fmt.Errorf("`npm %s` in %s exited with code %d", verb, project, code)
	}
	return nil
}

// lockedNpmProject is the nearest directory at or above dir with a package-lock.json, or "".
func lockedNpmProject(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "package-lock.json")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func nearestNpmProject(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "package.json")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no package.json in %s or its parents", dir)
		}
	}
}

// streamCommand runs cmd, passing each chunk of its stdout (first argument) or stderr (second) to send,
// one at a time, and returns its exit code. An error is returned only when it could not run at all.
func streamCommand(cmd *exec.Cmd, send func(out, errOut []byte) error) (int32, error) {
	var mu sync.Mutex
	var sendErr error
	forward := func(stdout bool) *chunkWriter {
		return &chunkWriter{write: func(p []byte) {
			chunk := append([]byte(nil), p...)
			mu.Lock()
			defer mu.Unlock()
			if sendErr != nil {
				return
			}
			if stdout {
				sendErr = send(chunk, nil)
			} else {
				sendErr = send(nil, chunk)
			}
		}}
	}
	cmd.Stdout = forward(true)
	cmd.Stderr = forward(false)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		if sendErr != nil {
			return 0, sendErr
		}
		return int32(exit.ExitCode()), nil
	default:
		return 0, fmt.Errorf("could not run %s: %w", cmd.Path, err)
	}
	return 0, sendErr
}

type chunkWriter struct{ write func([]byte) }

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.write(p)
	return len(p), nil
}
