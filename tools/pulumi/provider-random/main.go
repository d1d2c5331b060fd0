// Command pulumi-resource-random serves the upstream Terraform random provider to the Pulumi engine
// through the Terraform bridge, with the resource tokens @pulumi/random registers
// (`random:index/randomPassword:RandomPassword`, ...).
package main

import (
	"context"
	"encoding/json"
	"fmt"

	pfbridge "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	bridgetokens "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	"github.com/terraform-providers/terraform-provider-random/shim"
)

// version is the @pulumi/random release this plugin answers for; set with -ldflags -X main.version=.
var version = ""

const pkg = "random"

func providerInfo() tfbridge.ProviderInfo {
	info := tfbridge.ProviderInfo{
		P:       pfbridge.ShimProvider(shim.Upstream()),
		Name:    pkg,
		Version: version,
		// The plugin-framework bridge requires metadata. The published plugin's metadata records code
		// generation history (aliases, renames); none of it is needed to serve resources.
		MetadataInfo: tfbridge.NewProviderMetadata([]byte("{}")),
		// The published plugin enables both; they change how previews and state deltas are computed.
		EnableAccurateBridgePreview: true,
		EnableRawStateDelta:         true,
	}
	// random_password -> random:index/randomPassword:RandomPassword: the SDK prefixes every type with
	// "Random" and keeps everything in the index module.
	withRandomPrefix := func(module, name string) (string, error) {
		return bridgetokens.MakeStandard(pkg)(module, "Random"+name)
	}
	info.MustComputeTokens(bridgetokens.SingleModule("random_", "index", withRandomPrefix))
	return info
}

func main() {
	if version == "" {
		panic("pulumi-resource-random: built without -ldflags \"-X main.version=<@pulumi/random version>\"")
	}
	schema, err := json.Marshal(map[string]string{"name": pkg, "version": version})
	if err != nil {
		panic(fmt.Sprintf("schema: %v", err))
	}
	pfbridge.Main(context.Background(), pkg, providerInfo(), pfbridge.ProviderMetadata{PackageSchema: schema})
}
