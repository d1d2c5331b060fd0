package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// requirementsFile is the pip requirements file of a project, in its root directory.
const requirementsFile = "requirements.txt"

// InstallDependencies creates the project's virtual environment when missing and installs requirements.txt
// into it with pip, streaming pip's output back. pip's own settings apply (PIP_INDEX_URL, PIP_FIND_LINKS,
// PIP_NO_INDEX, pip.conf), so an offline or mirrored install is configured the usual way.
func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	info := req.GetInfo()
	root := rootDir(info, req.GetDirectory()) //nolint:staticcheck // older engines only send Directory
	env, err := projectVirtualEnv(info, root)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	out := &streamWriter{mu: &mu, send: func(b []byte) error {
		return stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}}
	errs := &streamWriter{mu: &mu, send: func(b []byte) error {
		return stream.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}}
	if !env.exists() {
		fmt.Fprintf(out, "Creating the virtual environment %s\n", env.dir)
		if err := env.create(out, errs); err != nil {
			return err
		}
	}
	requirements := filepath.Join(root, requirementsFile)
	if _, err := os.Stat(requirements); err != nil {
		fmt.Fprintf(out, "No %s in %s: nothing to install\n", requirementsFile, root)
		return nil
	}
	fmt.Fprintf(out, "Installing %s into %s\n", requirementsFile, env.dir)
	// Relative paths in requirements.txt (linked local SDKs) are relative to the project root.
	cmd := exec.CommandContext(stream.Context(), env.python(), "-m", "pip", "install",
		"--disable-pip-version-check", "-r", requirementsFile)
	cmd.Dir = root
	cmd.Env = env.environ(os.Environ())
	cmd.Stdout, cmd.Stderr = out, errs
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pip install -r %s in %s failed: %w", requirementsFile, root, err)
	}
	return nil
}

// streamWriter sends what is written to it as stream messages; stdout and stderr share one lock, because
// a gRPC stream must not be sent to from two goroutines at once.
type streamWriter struct {
	mu   *sync.Mutex
	send func([]byte) error
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// The stream may keep the slice: send a copy.
	if err := w.send(append([]byte(nil), p...)); err != nil {
		return 0, err
	}
	return len(p), nil
}
