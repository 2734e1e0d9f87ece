package nightly

import (
	"context"
	"log/slog"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Prune applies the configured retention to st after a night and returns
// the ids of the sets it deleted (none when no retention is configured).
func Prune(ctx context.Context, st *snapshot.Store, rc config.Retention, now time.Time, log *slog.Logger) ([]string, error) {
	r := snapshot.Retention{Daily: rc.Daily, Weekly: rc.Weekly, Monthly: rc.Monthly}
	if !r.Enabled() {
		return nil, nil
	}
	deleted, err := st.Prune(ctx, r, now)
	if err != nil {
		log.Error("pruning old snapshot sets", "error", err.Error(), "deleted", len(deleted))
		return deleted, err
	}
	if len(deleted) > 0 {
		log.Info("pruned old snapshot sets", "deleted", len(deleted), "oldest", deleted[0], "newest", deleted[len(deleted)-1])
	}
	return deleted, nil
}
