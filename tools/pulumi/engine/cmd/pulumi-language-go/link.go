package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"golang.org/x/mod/modfile"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// localVersion is the version a linked local SDK is required at: the `replace` directive decides which
// code is used, so the version only has to be a valid one.
const localVersion = "v0.0.0"

// Link makes each generated SDK (a directory under the project, with its own go.mod) a dependency of the
// program: `require <module> v0.0.0` plus `replace <module> => ./<path>` in the program's go.mod. The CLI
// then calls InstallDependencies, which runs `go mod tidy`.
func (h *goHost) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	info := req.GetInfo()
	dir := langhost.ProgramDir(info, "")
	root := info.GetRootDirectory()
	if root == "" {
		root = dir
	}
	goModPath := filepath.Join(dir, "go.mod")
	raw, err := os.ReadFile(goModPath)
	if err != nil {
		return nil, fmt.Errorf("the Go program needs a go.mod in %s (run `go mod init <module>`): %w", dir, err)
	}
	goMod, err := modfile.Parse(goModPath, raw, nil)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", goModPath, err)
	}

	var instructions []string
	for _, dep := range req.GetPackages() {
		sdkDir := filepath.Join(root, dep.GetPath())
		module, err := modulePath(sdkDir)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(dir, sdkDir)
		if err != nil {
			return nil, err
		}
		// Go only reads a replacement as a directory when it starts with ./ or ../.
		if !strings.HasPrefix(rel, "..") {
			rel = "." + string(filepath.Separator) + rel
		}
		if err := goMod.AddRequire(module, localVersion); err != nil {
			return nil, fmt.Errorf("adding %s to %s: %w", module, goModPath, err)
		}
		if err := goMod.AddReplace(module, "", filepath.ToSlash(rel), ""); err != nil {
			return nil, fmt.Errorf("replacing %s in %s: %w", module, goModPath, err)
		}
		pkgDir, err := pluginPackageDir(sdkDir)
		if err != nil {
			return nil, err
		}
		importPath := module
		if pkgDir != sdkDir {
			sub, _ := filepath.Rel(sdkDir, pkgDir)
			importPath += "/" + filepath.ToSlash(sub)
		}
		instructions = append(instructions,
			fmt.Sprintf("import %s %q", filepath.Base(pkgDir), importPath))
	}
	goMod.Cleanup()
	formatted, err := goMod.Format()
	if err != nil {
		return nil, fmt.Errorf("formatting %s: %w", goModPath, err)
	}
	if err := os.WriteFile(goModPath, formatted, 0o644); err != nil {
		return nil, err
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "To use the package in your Go program:\n\n  " + strings.Join(instructions, "\n  ") + "\n",
	}, nil
}

// modulePath is the module declared by dir/go.mod.
func modulePath(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("the generated Go SDK in %s has no go.mod: %w", dir, err)
	}
	module := modfile.ModulePath(raw)
	if module == "" {
		return "", fmt.Errorf("%s/go.mod declares no module", dir)
	}
	return module, nil
}

// pluginPackageDir is the directory of the SDK's root package: the one holding pulumi-plugin.json.
func pluginPackageDir(sdkDir string) (string, error) {
	found := ""
	errFound := errors.New("found")
	err := filepath.WalkDir(sdkDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "pulumi-plugin.json" {
			found = filepath.Dir(path)
			return errFound
		}
		return nil
	})
	if found != "" {
		return found, nil
	}
	if err == nil {
		err = errors.New("no pulumi-plugin.json")
	}
	return "", fmt.Errorf("the generated Go SDK in %s has no package to import: %w", sdkDir, err)
}
