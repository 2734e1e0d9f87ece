package snapshot

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/auroradoc/auroradoc/internal/names"
)

// CarryForward gives every entry that has no snapshot in this set (it
// failed or was skipped, and was not filtered out by the configuration)
// the last good snapshot of the same target from the set prev: the file is
// copied into this set, so each set stays self-contained when older ones
// are pruned, and the entry is marked stale (StaleFrom, StaleSince). A
// snapshot that was itself carried keeps its original StaleFrom and
// StaleSince, so the age keeps growing until a crawl succeeds.
//
// prev may be nil (no earlier set). A snapshot that cannot be copied costs
// only that entry its carried copy: the problem is added to the entry's
// warnings. It returns how many entries were carried.
func (w *SetWriter) CarryForward(ctx context.Context, prev *Manifest, entries []*Entry) (int, error) {
	if prev == nil {
		return 0, nil
	}
	last := make(map[string]*Entry, len(prev.Targets))
	for _, e := range prev.Targets {
		if e.HasSnapshot() {
			last[e.Name] = e
		}
	}
	carried := 0
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return carried, err
		}
		if e.HasSnapshot() || e.Filtered || (e.Status != StatusFailed && e.Status != StatusSkipped) {
			continue
		}
		p := last[e.Name]
		if p == nil {
			continue
		}
		if err := w.carry(ctx, prev.Set, p, e); err != nil {
			e.Warnings = append(e.Warnings, fmt.Sprintf("last good snapshot from set %s not carried forward: %v", prev.Set, err))
			continue
		}
		carried++
	}
	return carried, nil
}

func (w *SetWriter) carry(ctx context.Context, prevSet string, p, e *Entry) error {
	if !names.ValidStoreName(e.Name) {
		return fmt.Errorf("invalid target name %q", e.Name)
	}
	data, err := w.store.b.Get(ctx, prevSet+"/"+p.File)
	if err != nil {
		return fmt.Errorf("reading %s: %w", p.File, err)
	}
	// A damaged snapshot must not be laundered into a new set under a
	// fresh checksum.
	if err := checkSum(data, p.SHA256); err != nil {
		return fmt.Errorf("%s is %w", p.File, err)
	}
	since := p.StaleSince
	from := p.StaleFrom
	if from == "" {
		// Not carried before: the snapshot is from prevSet itself; read it
		// to learn when it was taken (and that it is readable at all).
		snap, err := Read(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("reading %s: %w", p.File, err)
		}
		t := snap.TakenAt.UTC()
		since, from = &t, prevSet
	}
	file := "targets/" + e.Name + ".json.gz"
	if !w.claim(e.Name) {
		return fmt.Errorf("target %s already has a snapshot in set %s", e.Name, w.id)
	}
	if err := w.store.b.Put(ctx, w.id+"/"+file, data); err != nil {
		w.release(e.Name)
		return fmt.Errorf("writing %s: %w", file, err)
	}
	e.File, e.SHA256 = file, sha256Hex(data)
	e.StaleFrom, e.StaleSince = from, since
	e.Schemas, e.Tables = p.Schemas, p.Tables
	return nil
}

// StaleAge is how old the entry's carried snapshot is at the time the set
// finished; zero for fresh entries.
func (m *Manifest) StaleAge(e *Entry) time.Duration {
	if !e.Stale() || e.StaleSince == nil {
		return 0
	}
	return m.FinishedAt.Sub(*e.StaleSince)
}
