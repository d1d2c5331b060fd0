package main

import (
	"context"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"pg-vendor-access/tools/pulumi/engine/internal/langhost"
)

// GeneratePackage writes a Go SDK for the schema into req.Directory with pkg/v3's Go code generator. For
// `pulumi package add` the CLI marks the schema `supportPack`, so the SDK is a module of its own (go.mod at
// the top, the package in a subdirectory) that Link can point the program's go.mod at.
func (h *goHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return langhost.GeneratePackage(req, "Go", func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		files, err := gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
		if err != nil {
			return nil, err
		}
		for name, content := range req.GetExtraFiles() {
			files[name] = content
		}
		return files, nil
	})
}
