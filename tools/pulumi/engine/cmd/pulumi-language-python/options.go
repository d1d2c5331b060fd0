package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// defaultVirtualEnv is where the virtual environment goes when Pulumi.yaml names none: a project always gets
// its own, so `pip install` never writes into the system Python.
const defaultVirtualEnv = "venv"

// projectOptions are the Python runtime options of Pulumi.yaml (`runtime.options`).
type projectOptions struct {
	// virtualenv is the virtual environment's directory, absolute or relative to the project root.
	virtualenv string
}

// parseOptions reads `runtime.options`. Only pip is supported as toolchain: asking for another one is an
// error rather than a silent fallback, since uv or poetry projects keep their dependencies elsewhere.
func parseOptions(info *pulumirpc.ProgramInfo) (projectOptions, error) {
	opts := projectOptions{virtualenv: defaultVirtualEnv}
	fields := langhost.Options(info)
	if v, ok := fields["virtualenv"]; ok {
		s, isString := v.(string)
		if !isString || strings.TrimSpace(s) == "" {
			return opts, fmt.Errorf("runtime option virtualenv: expected a directory path, got %v", v)
		}
		opts.virtualenv = s
	}
	if v, ok := fields["toolchain"]; ok && v != "pip" {
		return opts, fmt.Errorf("runtime option toolchain: %v is not supported by this language host; supported: \"pip\"", v)
	}
	return opts, nil
}

// rootDir is the project root (where Pulumi.yaml is), falling back to the program directory.
func rootDir(info *pulumirpc.ProgramInfo, pwd string) string {
	if info != nil && info.GetRootDirectory() != "" {
		return info.GetRootDirectory()
	}
	return langhost.ProgramDir(info, pwd)
}

// systemPython is the interpreter that creates virtual environments: PULUMI_PYTHON_CMD, else python3.
func systemPython() string {
	if cmd := os.Getenv("PULUMI_PYTHON_CMD"); cmd != "" {
		return cmd
	}
	return "python3"
}

// virtualEnv is a project's virtual environment.
type virtualEnv struct {
	dir string
}

// projectVirtualEnv is the virtual environment the project's options name.
func projectVirtualEnv(info *pulumirpc.ProgramInfo, pwd string) (virtualEnv, error) {
	opts, err := parseOptions(info)
	if err != nil {
		return virtualEnv{}, err
	}
	dir := opts.virtualenv
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(rootDir(info, pwd), dir)
	}
	return virtualEnv{dir: dir}, nil
}

func (v virtualEnv) python() string { return filepath.Join(v.dir, "bin", "python") }

func (v virtualEnv) exists() bool {
	_, err := os.Stat(v.python())
	return err == nil
}

// create makes the virtual environment with the system Python.
func (v virtualEnv) create(stdout, stderr io.Writer) error {
	cmd := exec.Command(systemPython(), "-m", "venv", v.dir)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("creating the virtual environment %s with `%s -m venv` failed "+
			"(on Debian or Ubuntu: apt-get install python3-venv): %w", v.dir, systemPython(), err)
	}
	return nil
}

// sitePackages lists the environment's site-packages directories (one per Python version, normally one).
func (v virtualEnv) sitePackages() []string {
	dirs, _ := filepath.Glob(filepath.Join(v.dir, "lib", "python3*", "site-packages"))
	sort.Strings(dirs)
	return dirs
}

// environ is base with the environment activated: VIRTUAL_ENV set, its bin first on PATH, no PYTHONHOME.
func (v virtualEnv) environ(base []string) []string {
	out := make([]string, 0, len(base)+2)
	path := filepath.Join(v.dir, "bin")
	for _, kv := range base {
		switch {
		case strings.HasPrefix(kv, "PYTHONHOME="), strings.HasPrefix(kv, "VIRTUAL_ENV="):
		case strings.HasPrefix(kv, "PATH="):
			path += string(os.PathListSeparator) + strings.TrimPrefix(kv, "PATH=")
		default:
			out = append(out, kv)
		}
	}
	return append(out, "VIRTUAL_ENV="+v.dir, "PATH="+path)
}

// missingError is what Run and the plugin listing say when dependencies were never installed.
func (v virtualEnv) missingError() error {
	return fmt.Errorf("the virtual environment %s does not exist: run `pulumi install` in the project", v.dir)
}
