package shard

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/auroradoc/auroradoc/collector"
	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/fleet"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Record is what one shard reports to the finishing step, written into
// the set (snapshot.SetWriter.PutShardRecord) after all its snapshots:
// a shard without a record never finished.
type Record struct {
	Shard      string    `json:"shard"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Tool       string    `json:"tool"`
	// Error is set when the shard could not crawl its part at all
	// (discovery failed in every region and account it covers).
	Error string `json:"error,omitempty"`
	// Targets are the manifest entries of the shard's part, sorted by
	// name: crawled targets with their snapshot, failed and skipped ones.
	Targets []*snapshot.Entry `json:"targets"`
}

// CrawlOptions say how a shard crawls.
type CrawlOptions struct {
	// Fleet tunes the crawl (fleet.Options of the configuration).
	Fleet collector.FleetOptions
	// Lookup reads the environment (static targets' passwords).
	Lookup func(string) (string, bool)
	Tool   string
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Crawl crawls the part of the fleet spec covers into set setID of st
// and writes the shard's record. Targets that fail are in the record with
// their error; the error return is for the shard itself (configuration,
// store, a set closed by the finishing step before the record was
// written: then the finisher counted this shard as missing).
func Crawl(ctx context.Context, st *snapshot.Store, setID string, spec Spec, cfg *config.Config, o CrawlOptions) (*Record, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	part, err := spec.Narrow(cfg)
	if err != nil {
		return nil, err
	}
	targets, err := fleet.Static(part, o.Lookup, "")
	if err != nil {
		return nil, err
	}
	set, err := st.JoinSet(ctx, setID, true)
	if err != nil {
		return nil, err
	}
	rec := &Record{Shard: spec.String(), StartedAt: o.Now().UTC().Truncate(time.Second), Tool: o.Tool}
	if part.AWS != nil {
		found, skipped, err := fleet.Discover(ctx, part, o.Logger)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec.Targets = append(rec.Targets, skipped...)
		if err != nil {
			rec.Error = err.Error()
		}
		targets = append(targets, found...)
		o.Fleet.GroupConcurrency = part.AWS.ConcurrencyPerRegion
	}
	o.Logger.Info("shard crawl started", "shard", rec.Shard, "set", setID, "targets", len(targets), "skipped", len(rec.Targets))
	entries, err := collector.CrawlEntries(ctx, targets, o.Fleet, set)
	if err != nil {
		return nil, err
	}
	rec.Targets = append(rec.Targets, entries...)
	sort.Slice(rec.Targets, func(i, j int) bool { return rec.Targets[i].Name < rec.Targets[j].Name })
	rec.FinishedAt = o.Now().UTC().Truncate(time.Second)
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the record of shard %s: %w", rec.Shard, err)
	}
	if err := set.PutShardRecord(ctx, recordName(spec), append(b, '\n')); err != nil {
		return nil, err
	}
	return rec, nil
}

// recordName is the shard record's file name in the set.
func recordName(s Spec) string { return s.String() + ".json" }
