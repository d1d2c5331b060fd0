package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// GeneratePackage writes a Python SDK for the schema into req.Directory with Pulumi's own Python code
// generator (github.com/pulumi/pulumi/pkg/v3/codegen/python): a setup.py (or pyproject.toml when the
// schema asks for it), the package `pulumi_<name>` with typed resource classes, and its pulumi-plugin.json.
// Packages the schema depends on are loaded through the engine's schema loader.
func (h *pythonHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return langhost.GeneratePackage(req, "Python", func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return python.GeneratePackage(toolName, pkg, req.GetExtraFiles(), loader)
	})
}

// Link records each generated SDK in the project's requirements.txt (by its path relative to the project,
// which pip installs from the directory) and answers how to import it. The CLI then calls
// InstallDependencies, which installs it into the virtual environment.
func (h *pythonHost) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	info := req.GetInfo()
	if _, err := parseOptions(info); err != nil {
		return nil, err
	}
	root := rootDir(info, "")
	file := filepath.Join(root, requirementsFile)
	var imports []string
	for _, dep := range req.GetPackages() {
		content, err := os.ReadFile(file)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		updated := withRequirement(string(content), requirementLine(dep.GetPath()))
		if updated != string(content) {
			if err := os.WriteFile(file, []byte(updated), 0o644); err != nil {
				return nil, err
			}
		}
		dir := dep.GetPath()
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(root, dir)
		}
		if module := sdkModule(dir); module != "" {
			imports = append(imports, fmt.Sprintf("  import %s as %s", module, pythonAlias(dep.GetPackage().GetName())))
		}
	}
	if len(imports) == 0 {
		return &pulumirpc.LinkResponse{}, nil
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can then import the SDK in your Python code with:\n\n" + strings.Join(imports, "\n") + "\n",
	}, nil
}

// requirementLine is how a local SDK path is written in requirements.txt: pip reads a line as a path only
// when it contains a slash or starts with a dot, otherwise as a name on the package index.
func requirementLine(path string) string {
	path = filepath.ToSlash(path)
	if strings.Contains(path, "/") || strings.HasPrefix(path, ".") {
		return path
	}
	return "./" + path
}

// withRequirement is content with line appended, unless a line already says the same (comments and
// surrounding blanks aside), so linking twice changes nothing.
func withRequirement(content, line string) string {
	for _, existing := range strings.Split(content, "\n") {
		if i := strings.Index(existing, " #"); i >= 0 {
			existing = existing[:i]
		}
		if strings.TrimSpace(existing) == line {
			return content
		}
	}
	if content != "" && !strings.HasSuffix(content, "\n") {
		content += "\n"
	}
	return content + line + "\n"
}

// sdkModule is the importable package of a generated SDK directory: its subdirectory holding
// pulumi-plugin.json (e.g. pulumi_pg_vendor_access), or "" when there is none.
func sdkModule(dir string) string {
	found, _ := filepath.Glob(filepath.Join(dir, "*", "pulumi-plugin.json"))
	if len(found) != 1 {
		return ""
	}
	return filepath.Base(filepath.Dir(found[0]))
}

// pythonAlias turns a package name into a Python identifier: pg-vendor-access -> pg_vendor_access.
func pythonAlias(name string) string {
	return strings.NewReplacer("-", "_", ".", "_").Replace(name)
}
