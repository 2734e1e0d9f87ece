package history

import (
	"context"
	"fmt"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/drift"
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
	for i, set := range sets {
		prev := ""
		if i > 0 {
			prev = sets[i-1]
		}
		h, err := readHead(ctx, st, set)
		if err != nil {
			if ctx.Err() != nil {
				return computed, ctx.Err()
			}
			log.Warn("drift history: unreadable record is recomputed", "set", set, "error", err)
			h = nil
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
		computed++
	}
	return computed, prune(ctx, st, sets)
}

// prune deletes the records of sets that are gone.
func prune(ctx context.Context, st *snapshot.Store, sets []string) error {
	live := make(map[string]bool, len(sets))
	for _, s := range sets {
		live[s] = true
	}
	keys, err := st.ListAux(ctx, keyPrefix)
	if err != nil {
		return fmt.Errorf("pruning drift history: %w", err)
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
func computeRecord(ctx context.Context, st *snapshot.Store, set, prev string, old *Record, o Options) (*Record, error) {
	man, err := st.Manifest(ctx, set)
	if err != nil {
		return nil, err
	}
	entries := make(map[string]*snapshot.Entry, len(man.Targets))
	seen := map[string]bool{}
	var names []string
	for _, e := range man.Targets {
		entries[e.Name] = e
		if !seen[e.Name] {
			seen[e.Name] = true
			names = append(names, e.Name)
		}
	}
	prevEntries := map[string]*snapshot.Entry{}
	if prev != "" {
		pm, err := st.Manifest(ctx, prev)
		if err != nil {
			return nil, err
		}
		for _, e := range pm.Targets {
			if e.Filtered {
				continue // it had left the fleet already
			}
			prevEntries[e.Name] = e
			if !seen[e.Name] {
				seen[e.Name] = true
				names = append(names, e.Name)
			}
		}
	}
	sort.Strings(names)
	reuse := map[string]*Digest{}
	if old != nil {
		for _, d := range old.Targets {
			if d.Problem == "" {
				reuse[d.Name] = d
			}
		}
	}
	vol := o.volatile()
	digests := make([]*Digest, len(names))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.concurrency())
	for i, name := range names {
		if d := reuse[name]; d != nil {
			digests[i] = d
			continue
		}
		e, pe := entries[name], prevEntries[name]
		g.Go(func() error {
			d, err := computeDigest(gctx, st, set, prev, name, e, pe, vol, o)
			digests[i] = d
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	rec := &Record{FormatVersion: RecordVersion, Set: set, Prev: prev, TakenAt: man.StartedAt.UTC()}
	for _, d := range digests {
		if d == nil {
			continue
		}
		if d.Problem != "" {
			rec.Problems++
		}
		rec.Targets = append(rec.Targets, d)
	}
	return rec, nil
}

// computeDigest builds the digest of one target: e is its entry in set
// (nil if absent), pe in prev (nil if absent or filtered). It returns nil
// for a target that is in neither. Only a cancelled context is an error;
// an unreadable snapshot becomes the digest's Problem.
func computeDigest(ctx context.Context, st *snapshot.Store, set, prev, name string, e, pe *snapshot.Entry, vol volatile, o Options) (*Digest, error) {
	present := e != nil && !e.Filtered
	if !present {
		if pe == nil {
			return nil, nil
		}
		d := &Digest{Name: name, Status: StatusRemoved}
		if e != nil {
			d.Note = e.Reason
		}
		// Compare needs only the name to report the removal; the old
		// snapshot itself does not matter.
		d.Findings = drift.Compare(&snapshot.Snapshot{Target: snapshot.Target{Name: name}}, nil, o.Drift)
		return d, nil
	}
	d := entryDigest(e)
	if !e.HasSnapshot() {
		return d, nil
	}
	problem := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		d.Problem = err.Error()
		o.logger().Warn("drift history: snapshot skipped", "set", set, "target", name, "error", err)
		return nil
	}
	to, err := st.Snapshot(ctx, set, name)
	if err != nil {
		return d, problem(err)
	}
	fillDigest(d, to, vol)
	switch {
	case prev == "":
		// The first set is the baseline: nothing to compare with.
	case pe == nil:
		d.Findings = drift.Compare(nil, to, o.Drift)
	case !pe.HasSnapshot():
		// In the previous set without a snapshot (failed, nothing
		// carried): there is no baseline; the values still are in the
		// digest, so the history sees their changes.
	case e.SHA256 != "" && e.SHA256 == pe.SHA256:
		// The same file (a stale target carried forward): no change.
	default:
		from, err := st.Snapshot(ctx, prev, name)
		if err != nil {
			return d, problem(fmt.Errorf("comparing with the previous set: %w", err))
		}
		d.Findings = drift.Compare(from, to, o.Drift)
	}
	return d, nil
}
