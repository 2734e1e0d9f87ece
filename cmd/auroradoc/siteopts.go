package main

import (
	"context"

	"github.com/auroradoc/auroradoc/site"
)

// siteOptions wires the renderers into the site builder. ER diagrams and
// Markdown are added here as their renderers land.
func siteOptions(ctx context.Context, out string) (site.Options, func(), error) {
	return site.Options{}, func() {}, nil
}
