package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// GeneratePackage writes a Go SDK for the schema into req.Directory with pkg/v3's Go code generator. For
// `pulumi package add` the CLI marks the schema `supportPack`, so the SDK is a module of its own (go.mod at
// the top, the package in a subdirectory) that Link can point the program's go.mod at.
func (h *goHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	if req.GetLoaderTarget() == "" {
		return nil, fmt.Errorf("GeneratePackage: the engine sent no schema loader address")
	}
	client, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, fmt.Errorf("connecting to the schema loader: %w", err)
	}
	defer client.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("parsing the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewCachedLoader(client), schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("binding the package schema: %w", err)
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}

	files, err := gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	if err != nil {
		return nil, fmt.Errorf("generating the Go SDK of %s: %w", pkg.Name, err)
	}
	for name, content := range req.GetExtraFiles() {
		files[name] = content
	}
	for name, content := range files {
		if err := writeFile(filepath.Join(req.GetDirectory(), name), content); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

func writeFile(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o600)
}
