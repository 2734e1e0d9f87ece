package collector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/auroradoc/auroradoc/snapshot"
)

// CrawlToStore crawls the targets into a new snapshot set of store: each
// snapshot is written as soon as its target is done, and the manifest,
// listing every target with its outcome, is written last. It returns the
// manifest; targets that failed are in it with their error. The error
// return is for problems with the run itself (the store, ctx).
//
// extra entries (targets skipped before crawling, regions that could not be
// listed) are recorded in the manifest as given.
func CrawlToStore(ctx context.Context, targets []Target, o FleetOptions, store *snapshot.Store, tool string, extra ...*snapshot.Entry) (*snapshot.Manifest, error) {
	o = o.withDefaults()
	started := o.Now().UTC()
	prev, err := PreviousManifest(ctx, store, o.Logger)
	if err != nil {
		if o.Partial != "" {
			// A partial crawl stands for the whole fleet only through
			// the previous set: without it, every target it does not
			// visit would read as removed.
			return nil, fmt.Errorf("crawling only part of the fleet needs the previous snapshot set, which cannot be read: %w", err)
		}
		// Without the previous set nothing can be carried forward, but
		// the crawl itself is still worth doing.
		o.Logger.Warn("previous snapshot set unreadable: failed targets will not carry their last good snapshot", "error", err.Error())
	}
	at := started
	if !o.SetAt.IsZero() {
		at = o.SetAt
	}
	set, err := store.NewSet(ctx, at)
	if err != nil {
		return nil, err
	}
	m := &snapshot.Manifest{StartedAt: started.Truncate(time.Second), Tool: tool}
	m.Targets = append(m.Targets, extra...)
	entries, err := CrawlEntries(ctx, targets, o, set)
	if err != nil {
		return nil, err
	}
	m.Targets = append(m.Targets, entries...)
	if o.Partial != "" && prev != nil {
		m.Targets = append(m.Targets, notVisited(prev, m.Targets, o.Partial)...)
	}
	if err := CompleteSet(ctx, set, prev, m, o.Now(), o.Logger); err != nil {
		return nil, err
	}
	return m, nil
}

// CompleteSet ends a set whose entries m lists: the clusters of regions and
// accounts m records as failed (snapshot.Unreached) join it, every failed
// or skipped target keeps its last good snapshot from prev (nil: none),
// carried forward stale, and the manifest, finished at now, is written.
func CompleteSet(ctx context.Context, set *snapshot.SetWriter, prev, m *snapshot.Manifest, now time.Time, log *slog.Logger) error {
	m.Targets = append(m.Targets, snapshot.Unreached(prev, m.Targets)...)
	n, err := set.CarryForward(ctx, prev, m.Targets)
	if err != nil {
		return fmt.Errorf("carrying snapshots forward into set %s: %w", set.ID(), err)
	}
	if n > 0 {
		log.Info("carried last good snapshots forward", "targets", n, "from_set", prev.Set)
	}
	m.FinishedAt = now.UTC().Truncate(time.Second)
	return set.Finish(ctx, m)
}

// CrawlEntries crawls the targets into set, writing each snapshot as
// soon as its target is done, and returns one manifest entry per target
// (failed ones with their error), in the order they finished. The error
// return is for ctx ending.
func CrawlEntries(ctx context.Context, targets []Target, o FleetOptions, set *snapshot.SetWriter) ([]*snapshot.Entry, error) {
	var out []*snapshot.Entry
	err := Crawl(ctx, targets, o, func(ctx context.Context, r Result) error {
		e := &snapshot.Entry{Name: r.Target.Name, DurationMS: r.Duration.Milliseconds()}
		out = append(out, e)
		if r.Err != nil {
			e.Status, e.Error = snapshot.StatusFailed, r.Err.Error()
			return nil
		}
		file, sum, err := set.Put(ctx, r.Snapshot)
		if err != nil {
			e.Status, e.Error = snapshot.StatusFailed, err.Error()
			return nil
		}
		e.Status, e.File, e.SHA256, e.Warnings = snapshot.StatusOK, file, sum, r.Snapshot.Warnings
		e.Schemas = len(r.Snapshot.Schemas)
		for _, s := range r.Snapshot.Schemas {
			e.Tables += len(s.Tables)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("crawling into set %s: %w", set.ID(), err)
	}
	return out, nil
}

// notVisited lists, as skipped entries, the targets of the previous set
// that a partial crawl did not visit (those the configuration had filtered
// out stay out).
func notVisited(prev *snapshot.Manifest, visited []*snapshot.Entry, reason string) []*snapshot.Entry {
	seen := make(map[string]bool, len(visited))
	for _, e := range visited {
		seen[e.Name] = true
	}
	var out []*snapshot.Entry
	for _, e := range prev.Targets {
		if !e.Filtered && !seen[e.Name] {
			seen[e.Name] = true
			out = append(out, &snapshot.Entry{Name: e.Name, Status: snapshot.StatusSkipped, Reason: reason})
		}
	}
	return out
}

// PreviousManifest returns the manifest of the newest complete set whose
// manifest can be read (a damaged one is passed over, with a warning), or
// nil when the store has no set at all.
func PreviousManifest(ctx context.Context, store *snapshot.Store, log *slog.Logger) (*snapshot.Manifest, error) {
	ids, err := store.Sets(ctx)
	if err != nil {
		return nil, err
	}
	for i := len(ids) - 1; i >= 0; i-- {
		m, err := store.Manifest(ctx, ids[i])
		if errors.Is(err, snapshot.ErrDamaged) {
			log.Warn("previous snapshot set passed over: its manifest is damaged", "set", ids[i], "error", err.Error())
			continue
		}
		return m, err
	}
	if len(ids) > 0 {
		return nil, fmt.Errorf("every snapshot set's manifest is damaged (newest: %s)", ids[len(ids)-1])
	}
	return nil, nil
}
