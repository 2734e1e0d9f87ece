package main

import (
	"context"

	"github.com/auroradoc/auroradoc/site"
)

// siteOptions wires the ER renderer (with its diagram cache next to the
// output directory) and the Markdown writer into the site builder.
func siteOptions(ctx context.Context, out string) (site.Options, func(), error) {
	o, closeFn, err := site.WithRenderers(ctx, site.DefaultCacheDir(out))
	if err != nil {
		return site.Options{}, nil, err
	}
	return o, func() { _ = closeFn() }, nil
}
