// Command pulumi-resource-postgresql serves the upstream Terraform PostgreSQL provider to the Pulumi
// engine through the Terraform bridge, with the resource tokens, defaults and replace behaviour that
// @pulumi/postgresql expects (its generated SDK registers `postgresql:index/<camel>:<Pascal>` types).
package main

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	tfbridgetokens "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"
	"github.com/terraform-providers/terraform-provider-postgresql/postgresql"
)

// version is the @pulumi/postgresql release this plugin answers for; set with -ldflags -X main.version=.
// The engine only loads a plugin whose version matches the SDK's exactly.
var version = ""

const pkg = "postgresql"

func providerInfo() tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:       shimv2.NewProvider(postgresql.Provider()),
		Name:    pkg,
		Version: version,
		Config: map[string]*tfbridge.SchemaInfo{
			// Same environment fallbacks and connect timeout as the published plugin.
			"sslmode":         {Default: &tfbridge.DefaultInfo{EnvVars: []string{"PGSSLMODE"}}},
			"connect_timeout": {Default: &tfbridge.DefaultInfo{EnvVars: []string{"PGCONNECT_TIMEOUT"}, Value: 180}},
		},
		Resources: map[string]*tfbridge.ResourceInfo{
			// A grant cannot exist twice for one (role, database, schema, object type): the old one
			// must be revoked before its replacement is granted.
			"postgresql_grant": {DeleteBeforeReplace: true},
		},
	}
	// Every resource and data source lives in the `index` module: postgresql_default_privileges becomes
	// postgresql:index/defaultPrivileges:DefaultPrivileges, and so on.
	info.MustComputeTokens(tfbridgetokens.SingleModule("postgresql_", "index", tfbridgetokens.MakeStandard(pkg)))
	info.SetAutonaming(255, "-")
	return info
}

func main() {
	if version == "" {
		panic("pulumi-resource-postgresql: built without -ldflags \"-X main.version=<@pulumi/postgresql version>\"")
	}
	// The engine asks for the schema only for code generation; deployments need the mapping above. A
	// minimal schema names the package and version.
	schema, err := json.Marshal(map[string]string{"name": pkg, "version": version})
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err))
	}
	tfbridge.Main(pkg, version, providerInfo(), schema)
}
