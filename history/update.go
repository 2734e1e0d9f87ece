package history

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/assess"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Update makes sure every complete set of st has a current record: one
// whose Prev is the set before it. Missing records, records of another
// RecordVersion, unreadable records and records whose Prev no longer
// matches (retention deleted the set in between) are computed afresh;
// records with Problems get those targets retried and keep the rest.
// Records of sets that no longer exist are deleted. It returns how many
// records were written.
//
// Sets are processed oldest first, targets of one set concurrently
// (Options.Concurrency), each target loading at most its two snapshots.
func Update(ctx context.Context, st *snapshot.Store, o Options) (computed int, err error) {
	sets, err := st.Sets(ctx)
	if err != nil {
		return 0, fmt.Errorf("updating drift history: %w", err)
	}
	log := o.logger()
	tags, keys, err := recordTags(ctx, st)
	if err != nil {
		return 0, fmt.Errorf("updating drift history: %w", err)
	}
	idx := readIndex(ctx, st)
	// heads are the records' heads for the index; stale is set when the
	// index read no longer says what the store holds.
	heads := make(map[string]recordHead, len(sets))
	stale := len(idx) != len(sets)
	for i, set := range sets {
		prev := ""
		if i > 0 {
			prev = sets[i-1]
		}
		var h *recordHead
		if e, ok := idx[set]; ok && e.Tag != "" && e.Tag == tags[set] {
			h = &e.recordHead
		} else if _, ok := tags[set]; ok {
			stale = true
			if h, err = readHead(ctx, st, set); err != nil {
				if ctx.Err() != nil {
					return computed, ctx.Err()
				}
				log.Warn("drift history: unreadable record is recomputed", "set", set, "error", err)
				h = nil
			}
		}
		if h != nil {
			heads[set] = *h
		}
		var old *Record
		if h != nil && h.FormatVersion == RecordVersion && h.Prev == prev {
			if h.Problems == 0 {
				continue
			}
			if old, err = readRecord(ctx, st, set); err != nil {
				if ctx.Err() != nil {
					return computed, ctx.Err()
				}
				old = nil
			}
		}
		rec, err := computeRecord(ctx, st, set, prev, old, o)
		if errors.Is(err, errManifest) {
			// A set whose manifest cannot be read costs only its own
			// night: no record now, retried by the next update.
			log.Warn("drift history: set skipped", "set", set, "error", err)
			continue
		}
		if err != nil {
			return computed, fmt.Errorf("updating drift history of set %s: %w", set, err)
		}
		data, err := encodeRecord(rec)
		if err != nil {
			return computed, err
		}
		if err := st.PutAux(ctx, RecordKey(set), data); err != nil {
			return computed, fmt.Errorf("updating drift history: %w", err)
		}
		heads[set] = recordHead{FormatVersion: rec.FormatVersion, Set: set, Prev: rec.Prev, Problems: rec.Problems}
		stale = true
		computed++
	}
	if err := prune(ctx, st, sets, keys); err != nil {
		return computed, err
	}
	if !stale {
		return computed, nil
	}
	return computed, writeIndex(ctx, st, heads)
}

// Refresh brings the records of st up to date (Update) and loads the
// history (Load). computed counts the records written.
func Refresh(ctx context.Context, st *snapshot.Store, o Options) (h *History, computed int, err error) {
	if computed, err = Update(ctx, st, o); err != nil {
		return nil, computed, fmt.Errorf("updating the drift history: %w", err)
	}
	if h, err = Load(ctx, st, o); err != nil {
		return nil, computed, fmt.Errorf("loading the drift history: %w", err)
	}
	return h, computed, nil
}

// errManifest marks a set whose own manifest could not be read.
var errManifest = errors.New("manifest unreadable")

// prune deletes the records of sets that are gone; keys are the keys
// under keyPrefix.
func prune(ctx context.Context, st *snapshot.Store, sets, keys []string) error {
	live := make(map[string]bool, len(sets))
	for _, s := range sets {
		live[s] = true
	}
	for _, k := range keys {
		if s := setOfKey(k); s != "" && !live[s] {
			if err := st.DeleteAux(ctx, k); err != nil {
				return fmt.Errorf("pruning drift history: %w", err)
			}
		}
	}
	return nil
}

// computeRecord builds the record of set against prev. Digests of old
// (the set's previous record, same prev) without a problem are reused.
// Targets are paired by assess.Pairs, the rule drift reports use.
func computeRecord(ctx context.Context, st *snapshot.Store, set, prev string, old *Record, o Options) (*Record, error) {
	man, err := st.Manifest(ctx, set)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %w", errManifest, err)
	}
	var pm *snapshot.Manifest
	prevProblem := ""
	if prev != "" {
		if pm, err = st.Manifest(ctx, prev); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			// The night before cannot be read: keep tonight's values
			// (nothing compared), marked as a problem so that the next
			// update tries again.
			prevProblem = "not compared with set " + prev + ": " + err.Error()
			o.logger().Warn("drift history: previous set unreadable", "set", set, "prev", prev, "error", err)
			old = nil
		}
	}
	pairs := assess.Pairs(pm, man)
	if prevProblem != "" {
		for i := range pairs {
			if pairs[i].Action == assess.Removed {
				continue
			}
			// Values only: with no previous manifest every target would
			// otherwise read as added.
			pairs[i].Action = assess.NotCompared
		}
	}
	reuse := map[string]*Digest{}
	if old != nil {
		for _, d := range old.Targets {
			if d.Problem == "" {
				reuse[d.Name] = d
			}
		}
	}
	vol := o.volatile()
	digests := make([]*Digest, len(pairs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.concurrency())
	for i, p := range pairs {
		if d := reuse[p.Name]; d != nil {
			digests[i] = d
			continue
		}
		g.Go(func() error {
			d, err := computeDigest(gctx, st, set, prev, p, vol, o)
			digests[i] = d
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	rec := &Record{FormatVersion: RecordVersion, Set: set, Prev: prev, TakenAt: man.StartedAt.UTC()}
	for _, d := range digests {
		if prevProblem != "" && d.Problem == "" {
			d.Problem = prevProblem
		}
		if d.Problem != "" {
			rec.Problems++
		}
		rec.Targets = append(rec.Targets, d)
	}
	return rec, nil
}

// computeDigest builds the digest of one target of set, paired with prev
// (empty for the first set: the baseline, with no findings). Only a
// cancelled context is an error; an unreadable snapshot becomes the
// digest's Problem.
func computeDigest(ctx context.Context, st *snapshot.Store, set, prev string, p assess.Pair, vol volatile, o Options) (*Digest, error) {
	if p.Action == assess.Removed {
		d := &Digest{Name: p.Name, Status: StatusRemoved}
		if p.To != nil {
			d.Note = p.To.Reason // excluded by the configuration
		}
		// Compare needs only the name to report the removal.
		d.Findings = drift.Compare(&snapshot.Snapshot{Target: snapshot.Target{Name: p.Name}}, nil, o.Drift)
		return d, nil
	}
	d := entryDigest(p.To)
	if !p.To.HasSnapshot() {
		return d, nil
	}
	problem := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d.Problem = err.Error()
		o.logger().Warn("drift history: snapshot skipped", "set", set, "target", p.Name, "error", err)
		return nil
	}
	to, err := st.Snapshot(ctx, set, p.Name)
	if err != nil {
		return d, problem(err)
	}
	fillDigest(d, to, vol)
	if prev == "" {
		return d, nil // the first set is the baseline: nothing to compare with
	}
	switch {
	case p.Action == assess.Added:
		d.Findings = drift.Compare(nil, to, o.Drift)
	case p.Action == assess.Compare && !p.Unchanged():
		from, err := st.Snapshot(ctx, prev, p.Name)
		if err != nil {
			return d, problem(fmt.Errorf("comparing with the previous set: %w", err))
		}
		d.Findings = drift.Compare(from, to, o.Drift)
	}
	// Not compared (no snapshot in prev): the values are still in the
	// digest, so the history sees their changes later. Unchanged (the same
	// carried-forward file): nothing to report.
	return d, nil
}
