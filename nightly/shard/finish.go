package shard

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/snapshot"
)

// FinishOptions say how the finishing step completes a sharded set.
type FinishOptions struct {
	// Shards are the shards the night was split into (Plan).
	Shards []Spec
	// Config is the whole fleet's configuration (for the entries of
	// shards that never reported).
	Config *config.Config
	// Wait bounds how long to wait for shards that have not reported yet
	// (0: do not wait, the orchestrator ran the finish after the shards).
	Wait time.Duration
	// Poll is how often the records are looked for while waiting
	// (default 10s).
	Poll   time.Duration
	Tool   string
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Finish completes set setID of st from its shards' records: it waits (at
// most o.Wait) for every shard to report, closes the set so no late shard
// can add to it, turns each shard without a record (or that could not
// crawl at all) into failed entries for its part of the fleet, carries
// forward the last good snapshot of every failed, skipped or unreached
// cluster (collector.CompleteSet) and writes the manifest. It returns the
// manifest and the shards that never reported.
func Finish(ctx context.Context, st *snapshot.Store, setID string, o FinishOptions) (*snapshot.Manifest, []string, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Poll <= 0 {
		o.Poll = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	set, err := st.JoinSet(ctx, setID, false)
	if err != nil {
		return nil, nil, err
	}
	deadline := o.Now().Add(o.Wait)
	for {
		names, err := set.ShardRecordNames(ctx)
		if err != nil {
			return nil, nil, err
		}
		missing := missingShards(o.Shards, names)
		if len(missing) == 0 || !o.Now().Before(deadline) {
			break
		}
		o.Logger.Info("waiting for shards", "set", setID, "missing", missing, "until", deadline.UTC().Format(time.RFC3339))
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(min(o.Poll, deadline.Sub(o.Now()))):
		}
	}
	// Closed first, read after: a record that made it before the close
	// counts, none can follow it.
	if err := set.Close(ctx); err != nil {
		return nil, nil, err
	}
	recs, err := set.ShardRecords(ctx)
	if err != nil {
		return nil, nil, err
	}
	prev, err := collector.PreviousManifest(ctx, st, o.Logger)
	if err != nil {
		o.Logger.Warn("previous snapshot set unreadable: failed targets will not carry their last good snapshot", "error", err.Error())
	}
	closedAt := o.Now().UTC()
	m := &snapshot.Manifest{Tool: o.Tool}
	seen := map[string]bool{}
	add := func(es ...*snapshot.Entry) {
		for _, e := range es {
			if !seen[e.Name] { // "account:<key>" can come from every region's shard
				seen[e.Name] = true
				m.Targets = append(m.Targets, e)
			}
		}
	}
	var missing []string
	for _, sp := range o.Shards {
		b, ok := recs[recordName(sp)]
		if !ok {
			missing = append(missing, sp.String())
			o.Logger.Error("shard never reported", "set", setID, "shard", sp.String())
			add(sp.Failed(o.Config, fmt.Sprintf("shard %s did not finish: no shard record when the set was closed at %s", sp, closedAt.Format(time.RFC3339)))...)
			continue
		}
		var r Record
		err := json.Unmarshal(b, &r)
		if err == nil && r.Shard != sp.String() {
			err = fmt.Errorf("it is the record of shard %q", r.Shard)
		}
		if err != nil {
			missing = append(missing, sp.String())
			add(sp.Failed(o.Config, fmt.Sprintf("shard %s: its record is unreadable (%v)", sp, err))...)
			continue
		}
		if m.StartedAt.IsZero() || r.StartedAt.Before(m.StartedAt) {
			m.StartedAt = r.StartedAt
		}
		add(r.Targets...)
		if r.Error != "" {
			add(sp.Failed(o.Config, "shard "+sp.String()+": "+r.Error)...)
		}
	}
	if m.StartedAt.IsZero() {
		m.StartedAt = closedAt.Truncate(time.Second)
	}
	if err := collector.CompleteSet(ctx, set, prev, m, o.Now(), o.Logger); err != nil {
		return nil, missing, err
	}
	return m, missing, nil
}

// missingShards lists the shards without a record, in plan order.
func missingShards(shards []Spec, names []string) []string {
	var out []string
	for _, sp := range shards {
		if !slices.Contains(names, recordName(sp)) {
			out = append(out, sp.String())
		}
	}
	return out
}
