package slackapp

import (
	"context"
	"log/slog"
	"slices"

	"github.com/auroradoc/auroradoc/snapshot"
)

// FleetClusters lists the clusters a request may name: those the latest
// auroradoc snapshot set knows (its manifest's targets, so the list is
// the real fleet) that bastion.yaml configures. Without a snapshot store,
// or when it cannot be read, it falls back to the configured clusters
// (logged).
func FleetClusters(st *snapshot.Store, configured []string, logger *slog.Logger) func(ctx context.Context) ([]string, error) {
	return func(ctx context.Context) ([]string, error) {
		if st == nil {
			return slices.Clone(configured), nil
		}
		id, err := st.Latest(ctx)
		if err == nil {
			var m *snapshot.Manifest
			if m, err = st.Manifest(ctx, id); err == nil {
				var out []string
				for _, e := range m.Targets {
					if slices.Contains(configured, e.Name) && !slices.Contains(out, e.Name) {
						out = append(out, e.Name)
					}
				}
				slices.Sort(out)
				return out, nil
			}
		}
		if logger != nil {
			logger.Warn("reading the fleet from the latest snapshot set; offering the configured clusters", "store", st.String(), "err", err)
		}
		return slices.Clone(configured), nil
	}
}
