// Package shim exposes the upstream random provider (terraform-plugin-framework) to our plugin's main.
package shim

import (
	frameworkprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	upstream "github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// Upstream returns a fresh instance of the upstream provider.
func Upstream() frameworkprovider.Provider { return upstream.New() }
