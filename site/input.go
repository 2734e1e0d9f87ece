package site

import (
	"context"
	"fmt"

	"github.com/auroradoc/auroradoc/snapshot"
)

// Input is one snapshot set. Snapshots are loaded one target at a time
// through Open and dropped once the target is rendered, so memory does not
// grow with the fleet.
type Input struct {
	Manifest *snapshot.Manifest
	// Open loads the snapshot of an entry that HasSnapshot (fresh or
	// carried forward from an earlier set: Entry.Stale). It is called at
	// most once per entry, concurrently for different entries, and not at
	// all for a target whose inputs (Entry.SHA256) are unchanged since the
	// previous render into the same directory.
	Open func(ctx context.Context, e *snapshot.Entry) (*snapshot.Snapshot, error)
	// Snapshots is the in-memory alternative to Open for small sets and
	// tests: used when Open is nil, matched to the manifest's entries by
	// target name (the entries need no File then).
	Snapshots []*snapshot.Snapshot
}

// FromStore returns the input of set m read from st, one snapshot at a
// time: carried-forward (stale) snapshots are read from the file their
// entry names.
func FromStore(st *snapshot.Store, m *snapshot.Manifest) Input {
	return Input{Manifest: m, Open: func(ctx context.Context, e *snapshot.Entry) (*snapshot.Snapshot, error) {
		s, err := st.Snapshot(ctx, m.Set, e.Name)
		if err != nil {
			return nil, err
		}
		if s.Target.Name != e.Name {
			return nil, fmt.Errorf("snapshot of %s in set %s names target %q", e.Name, m.Set, s.Target.Name)
		}
		return s, nil
	}}
}

// job is one target to render: its manifest entry and how to get its
// snapshot.
type job struct {
	entry *snapshot.Entry
	open  func(ctx context.Context) (*snapshot.Snapshot, error)
}

// jobs lists the targets of in that have a snapshot, in manifest order.
func (in Input) jobs() ([]job, error) {
	if in.Manifest == nil {
		return nil, fmt.Errorf("no manifest given")
	}
	for _, e := range in.Manifest.Targets {
		if e.HasSnapshot() && !localPath(e.Name) {
			return nil, fmt.Errorf("target name %q in the manifest of set %s cannot be used as a path", e.Name, in.Manifest.Set)
		}
	}
	var out []job
	if in.Open == nil {
		byName := map[string]*snapshot.Snapshot{}
		for _, s := range in.Snapshots {
			byName[s.Target.Name] = s
		}
		seen := map[string]bool{}
		for _, e := range in.Manifest.Targets {
			s := byName[e.Name]
			if s == nil || seen[e.Name] {
				continue
			}
			seen[e.Name] = true
			out = append(out, job{entry: e, open: func(context.Context) (*snapshot.Snapshot, error) { return s, nil }})
		}
		for _, s := range in.Snapshots {
			if !localPath(s.Target.Name) {
				return nil, fmt.Errorf("target name %q cannot be used as a path", s.Target.Name)
			}
			if !seen[s.Target.Name] {
				return nil, fmt.Errorf("snapshot of %s has no entry in the manifest of set %s", s.Target.Name, in.Manifest.Set)
			}
		}
		return out, nil
	}
	seen := map[string]bool{}
	for _, e := range in.Manifest.Targets {
		if !e.HasSnapshot() {
			continue
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("target %s is listed twice in the manifest of set %s", e.Name, in.Manifest.Set)
		}
		seen[e.Name] = true
		out = append(out, job{entry: e, open: func(ctx context.Context) (*snapshot.Snapshot, error) { return in.Open(ctx, e) }})
	}
	return out, nil
}
