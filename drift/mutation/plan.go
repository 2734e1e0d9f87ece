package mutation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/auroradoc/auroradoc/drift"
)

// Applied is one instance of a kind, as planned.
type Applied struct {
	Kind string
	Instance
}

// Plan picks one instance of every kind that runs on dialect d, in an
// order and with instances drawn from seed, and groups them into nights
// of at most perNight changes whose claims are disjoint. The same seed
// gives the same plan.
func Plan(seed uint64, d Dialect, perNight int) [][]Applied {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var kinds []Kind
	for _, k := range Catalogue() {
		var ins []Instance
		for _, in := range k.Instances {
			if in.runsOn(k, d) {
				ins = append(ins, in)
			}
		}
		if len(ins) > 0 {
			k.Instances = ins
			kinds = append(kinds, k)
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	type night struct {
		changes []Applied
		claimed map[string]bool
	}
	var nights []*night
	fits := func(n *night, in Instance) bool {
		if len(n.changes) >= perNight {
			return false
		}
		for _, c := range in.Claims {
			if n.claimed[c] {
				return false
			}
		}
		return true
	}
	for _, k := range kinds {
		order := r.Perm(len(k.Instances))
		placed := false
		for _, n := range nights {
			for _, i := range order {
				if in := k.Instances[i]; fits(n, in) {
					n.changes = append(n.changes, Applied{k.Name, in})
					for _, c := range in.Claims {
						n.claimed[c] = true
					}
					placed = true
					break
				}
			}
			if placed {
				break
			}
		}
		if !placed {
			in := k.Instances[order[0]]
			n := &night{changes: []Applied{{k.Name, in}}, claimed: map[string]bool{}}
			for _, c := range in.Claims {
				n.claimed[c] = true
			}
			nights = append(nights, n)
		}
	}
	out := make([][]Applied, len(nights))
	for i, n := range nights {
		out[i] = n.changes
	}
	return out
}

// Score is how a night's findings matched its changes' wants.
type Score struct {
	// Changes counts the changes applied, Wanted their wants, Found the
	// findings, Matched the pairs.
	Changes, Wanted, Found, Matched int
	// Missing lists the wants no finding matched ("kind: want");
	// Unexpected the findings no want matched.
	Missing, Unexpected []string
	// MissedKinds counts, per kind, the wants missed.
	MissedKinds map[string]int
}

// Add adds another score.
func (s *Score) Add(o Score) {
	s.Changes += o.Changes
	s.Wanted += o.Wanted
	s.Found += o.Found
	s.Matched += o.Matched
	s.Missing = append(s.Missing, o.Missing...)
	s.Unexpected = append(s.Unexpected, o.Unexpected...)
	for k, n := range o.MissedKinds {
		if s.MissedKinds == nil {
			s.MissedKinds = map[string]int{}
		}
		s.MissedKinds[k] += n
	}
}

// Recall is the share of wanted findings reported (1 when none wanted).
func (s Score) Recall() float64 { return ratio(s.Matched, s.Wanted) }

// Precision is the share of findings that were wanted (1 when none found).
func (s Score) Precision() float64 { return ratio(s.Matched, s.Found) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (wt Want) String() string {
	return fmt.Sprintf("%s %s %s %s", wt.Change, wt.ObjectType, wt.Object, wt.Field)
}

// Match pairs each finding with a want of the night's changes: same object
// type, object, change and field. Each want takes one finding.
func Match(changes []Applied, findings []drift.Finding) Score {
	s := Score{Changes: len(changes), Found: len(findings)}
	open := map[Want][]string{} // want → kinds still waiting for it
	for _, a := range changes {
		for _, wt := range a.Want {
			open[wt] = append(open[wt], a.Kind)
			s.Wanted++
		}
	}
	for _, f := range findings {
		wt := Want{ObjectType: f.ObjectType, Object: f.Object, Change: f.Change, Field: f.Field}
		if ks := open[wt]; len(ks) > 0 {
			open[wt] = ks[1:]
			s.Matched++
			continue
		}
		s.Unexpected = append(s.Unexpected, fmt.Sprintf("%s %s: %s", f.Kind, wt, f.Message))
	}
	for wt, ks := range open {
		for _, k := range ks {
			s.Missing = append(s.Missing, k+": "+wt.String())
			if s.MissedKinds == nil {
				s.MissedKinds = map[string]int{}
			}
			s.MissedKinds[k]++
		}
	}
	sort.Strings(s.Missing)
	return s
}

// Kinds returns the names of the kinds that run on dialect d, sorted.
func Kinds(d Dialect) []string {
	var out []string
	for _, k := range Catalogue() {
		for _, in := range k.Instances {
			if in.runsOn(k, d) {
				out = append(out, k.Name)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// Describe is one line per change of a night, for logs.
func Describe(night []Applied) string {
	var b strings.Builder
	for _, a := range night {
		fmt.Fprintf(&b, "  %s: %s\n", a.Kind, strings.Join(a.SQL, "; "))
	}
	return b.String()
}
