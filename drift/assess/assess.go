package assess

import (
	"context"
	"errors"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/policy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// DefaultGroupBy is the cluster tag whose values group the fleet
// comparison by default in every command (`auroradoc drift --group-by`,
// the config's drift.group_by).
const DefaultGroupBy = "env"

// Input is what one assessment compares: the To set against the From set,
// or against a Baseline.
type Input struct {
	// Store holds the sets' snapshots.
	Store *snapshot.Store
	// To is the manifest of the set assessed.
	To *snapshot.Manifest
	// From is the manifest of the set compared with; ignored when
	// Baseline is set.
	From *snapshot.Manifest
	// Baseline, when set, is what To is compared with.
	Baseline *Baseline
}

// Options tune an assessment. The zero value assesses without a policy,
// compares the whole fleet as one group and takes the current time.
type Options struct {
	// Policy sets volatile variables, severities, expected values,
	// declared and ignored findings; nil: every change is unexpected.
	Policy *policy.Policy
	// GroupBy is the cluster tag whose values group the fleet comparison
	// (commands default to DefaultGroupBy); "" compares the whole fleet
	// as one group.
	GroupBy string
	// Now decides which policy declarations have expired; zero means
	// time.Now().
	Now time.Time
}

// DriftOptions are the drift.Options an assessment under pol compares
// with: drift's volatile list plus the policy's. The history and the
// baseline use the same, so the three never disagree on what is volatile.
func DriftOptions(pol *policy.Policy) drift.Options {
	return drift.Options{Volatile: pol.Volatile()}
}

// Run compares in target by target, reading readAhead targets ahead
// concurrently and holding the full snapshots of at most readAhead + 1
// targets (two each) in memory (the fleet comparison keeps the cluster
// and variables of each assessed snapshot, not their schemas), and
// returns the report, sorted; findings come in the same order whatever
// order the reads finish in.
//
// Changes come from drift.Compare over the pairs that can be compared
// (see Pairs); state findings about every To snapshot from
// drift.ConfiguredVsRunning, the guardrails, the policy's expected values
// and drift.Fleet. A configured ≠ running mismatch that is new tonight is
// listed once, as a change. The policy then marks expected and ignored
// findings and adds its own warnings (expired declarations).
//
// A damaged snapshot in the store (snapshot.ErrDamaged: missing,
// unreadable, not matching its manifest) costs only its own target: it is
// listed in the report's Damaged (which fails the gate) and the rest of
// the fleet is assessed. Other store errors, and a damaged baseline file,
// fail the whole run.
func Run(ctx context.Context, in Input, o Options) (*report.Report, error) {
	if in.To == nil {
		return nil, errors.New("assess: no set to assess")
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	dopts := DriftOptions(o.Policy)
	r := &report.Report{To: in.To.Set}
	// read reads a snapshot of the store. A damaged one (missing,
	// unreadable, not matching the manifest) costs only its target: it is
	// listed in the report's Damaged (by the caller, in pair order) and
	// read as absent.
	read := func(ctx context.Context, set, name string) (*snapshot.Snapshot, string, error) {
		s, err := in.Store.Snapshot(ctx, set, name)
		if errors.Is(err, snapshot.ErrDamaged) {
			return nil, err.Error(), nil
		}
		return s, "", err
	}
	from := in.From
	older := func(ctx context.Context, name string) (*snapshot.Snapshot, string, error) {
		return read(ctx, from.Set, name)
	}
	normalize := func(s *snapshot.Snapshot) *snapshot.Snapshot { return s }
	if b := in.Baseline; b != nil {
		from = b.manifest()
		older = func(_ context.Context, name string) (*snapshot.Snapshot, string, error) {
			s, err := b.Snapshot(name)
			return s, "", err
		}
		// The baseline has no sizes, taken_at or volatile variables:
		// compare like with like.
		volatile := dopts.VolatileMatcher()
		normalize = func(s *snapshot.Snapshot) *snapshot.Snapshot { return NormalizeForBaseline(s, volatile) }
	} else if from == nil {
		return nil, errors.New("assess: no set or baseline to compare with")
	}
	r.From = from.Set
	pairs := Pairs(from, in.To)
	r.Targets = len(pairs)

	// load reads what pair p needs. The older snapshot is read when there
	// is something to compare (even the same file twice: a damaged store
	// must not pass for "unchanged"), or for a removed target, whose tags
	// the policy may select on.
	load := func(ctx context.Context, p Pair) (l loaded) {
		if p.Action == Compare || (p.Action == Removed && p.From.HasSnapshot()) {
			var d string
			if l.prev, d, l.err = older(ctx, p.Name); l.err != nil {
				return l
			}
			l.damaged = appendNonEmpty(l.damaged, d)
		}
		if p.Assessable() {
			var d string
			if l.cur, d, l.err = read(ctx, in.To.Set, p.Name); l.err != nil {
				return l
			}
			l.damaged = appendNonEmpty(l.damaged, d)
		}
		return l
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loads, taken := loadAhead(ctx, pairs, load)

	pol := o.Policy
	subjects := map[string]policy.Subject{}
	var fleet []*snapshot.Snapshot
	for i, p := range pairs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r.Warnings = append(r.Warnings, p.Warnings...)
		var l loaded
		select {
		case l = <-loads[i]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		taken()
		r.Damaged = append(r.Damaged, l.damaged...)
		if l.err != nil {
			return nil, l.err
		}
		prev, cur := l.prev, l.cur
		if prev != nil {
			subjects[p.Name] = policy.SubjectOf(prev)
		}
		if cur != nil {
			subjects[p.Name] = policy.SubjectOf(cur)
		}
		switch {
		case p.Action == Compare && prev != nil && cur != nil:
			r.Changes = append(r.Changes, drift.Compare(prev, normalize(cur), dopts)...)
		case p.Action == Added && cur != nil:
			r.Changes = append(r.Changes, drift.Compare(nil, cur, dopts)...)
		case p.Action == Removed:
			// A removal needs only the name (the older side may have
			// failed and hold no snapshot).
			r.Changes = append(r.Changes, drift.Compare(&snapshot.Snapshot{Target: snapshot.Target{Name: p.Name}}, nil, dopts)...)
		}
		if cur == nil {
			continue
		}
		r.State = append(r.State, drift.ConfiguredVsRunning(cur, dopts)...)
		r.State = append(r.State, guardrail.Check(cur, pol.Guardrails())...)
		r.State = append(r.State, pol.Check(cur)...)
		lean := *cur
		lean.Schemas = nil
		fleet = append(fleet, &lean)
	}
	r.State = append(r.State, drift.Fleet(fleet, drift.FleetOptions{GroupByTag: o.GroupBy, Options: dopts})...)
	r.State = withoutChanges(r.State, r.Changes)
	r.Changes = pol.Apply(r.Changes, subjects, now)
	r.State = pol.Apply(r.State, subjects, now)
	r.Warnings = append(r.Warnings, pol.Warnings(now)...)
	r.Sort()
	return r, nil
}

// readAhead is how many targets Run reads ahead of the comparison (each
// at most two snapshots): on S3 every read is a round trip, so reading
// one target at a time would make the night as slow as the fleet is big.
const readAhead = 8

// loaded is what one pair needs: its snapshots, the damaged ones it met
// (in reading order) and a store error.
type loaded struct {
	prev, cur *snapshot.Snapshot
	damaged   []string
	err       error
}

// loadAhead loads pairs readAhead at a time, in order; the i-th result
// arrives on the i-th channel. The caller calls taken once per result it
// has received, freeing its slot, so at most readAhead pairs are held.
func loadAhead(ctx context.Context, pairs []Pair, load func(context.Context, Pair) loaded) (results []chan loaded, taken func()) {
	out := make([]chan loaded, len(pairs))
	for i := range out {
		out[i] = make(chan loaded, 1)
	}
	slots := make(chan struct{}, readAhead)
	go func() {
		for i, p := range pairs {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() { out[i] <- load(ctx, p) }()
		}
	}()
	return out, func() { <-slots }
}

func appendNonEmpty(s []string, v string) []string {
	if v == "" {
		return s
	}
	return append(s, v)
}

// withoutChanges drops the state findings that a change already reports: a
// configured ≠ running mismatch that is new tonight is a change, and
// listing it again as state would say the same thing twice.
func withoutChanges(state, changes []drift.Finding) []drift.Finding {
	type key struct {
		target     string
		kind       drift.Kind
		object     string
		group, fld string
	}
	seen := map[key]bool{}
	for _, c := range changes {
		seen[key{c.Target, c.Kind, c.Object, c.Group, c.Field}] = true
	}
	out := state[:0:0]
	for _, f := range state {
		if !seen[key{f.Target, f.Kind, f.Object, f.Group, f.Field}] {
			out = append(out, f)
		}
	}
	return out
}
