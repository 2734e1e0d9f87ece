package policy

import (
	"maps"
	"regexp"
	"slices"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/guardrail"
	"github.com/auroradoc/auroradoc/internal/glob"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Policy is a parsed policy file. It is never changed after Parse, so one
// Policy may be used from many goroutines. A nil *Policy is valid: it
// declares, ignores and expects nothing, so every change is unexpected.
type Policy struct {
	source     string
	volatile   []*glob.Pattern
	expect     []*expectation
	declared   []*matcher
	ignore     []*matcher
	severity   []*matcher
	guardrails guardrail.Options
}

// Subject is what a select: block looks at: the target's identity and its
// cluster's tags.
type Subject struct {
	// Name is the target name ("eu-west-1/orders-prd" or a static name).
	Name      string
	Region    string
	ClusterID string
	// Tags are the Aurora cluster's tags; nil for static targets.
	Tags map[string]string
}

// SubjectOf returns the subject of a snapshot. The region and cluster id
// come from the target, or from the cluster when the target lacks them.
func SubjectOf(s *snapshot.Snapshot) Subject {
	if s == nil {
		return Subject{}
	}
	sub := Subject{Name: s.Target.Name, Region: s.Target.Region, ClusterID: s.Target.ClusterID}
	if c := s.Cluster; c != nil {
		if sub.Region == "" {
			sub.Region = c.Region
		}
		if sub.ClusterID == "" {
			sub.ClusterID = c.ID
		}
		sub.Tags = maps.Clone(c.Tags)
	}
	return sub
}

// Subjects returns the subjects of snapshots by target name, as Apply
// wants them.
func Subjects(snaps ...*snapshot.Snapshot) map[string]Subject {
	out := make(map[string]Subject, len(snaps))
	for _, s := range snaps {
		if s != nil {
			out[s.Target.Name] = SubjectOf(s)
		}
	}
	return out
}

// Source is the name the policy was parsed under (normally its path); ""
// for a nil policy.
func (p *Policy) Source() string {
	if p == nil {
		return ""
	}
	return p.source
}

// Volatile returns the volatile: patterns as written, in file order:
// variables whose changes are never drift, on top of drift's built-in
// list. Patterns are internal/glob patterns, the rule of every other
// pattern of the policy. They are applied through drift.Options.Volatile
// (case-insensitively; drift.Options.VolatileMatcher answers for a name).
func (p *Policy) Volatile() []string {
	if p == nil {
		return nil
	}
	out := make([]string, len(p.volatile))
	for i, g := range p.volatile {
		out[i] = g.String()
	}
	return out
}

// Guardrails returns the guardrail options the policy sets (rules to
// disable, severities to override), in fresh copies.
func (p *Policy) Guardrails() guardrail.Options {
	if p == nil {
		return guardrail.Options{}
	}
	return guardrail.Options{
		Disable:  slices.Clone(p.guardrails.Disable),
		Severity: maps.Clone(p.guardrails.Severity),
	}
}

// selector is a select: block; every condition given must hold. A tag
// value "*" asks only that the tag is present.
type selector struct {
	targets   []*glob.Pattern // any of them
	clusterID *regexp.Regexp
	tags      map[string]string
	regions   []string
}

// matches reports whether sub satisfies every condition of s.
func (s *selector) matches(sub Subject) bool {
	if len(s.targets) > 0 && !slices.ContainsFunc(s.targets, func(g *glob.Pattern) bool { return g.Match(sub.Name) }) {
		return false
	}
	if s.clusterID != nil && !s.clusterID.MatchString(sub.ClusterID) {
		return false
	}
	for k, v := range s.tags {
		if got, ok := sub.Tags[k]; !ok || (v != "*" && got != v) {
			return false
		}
	}
	return len(s.regions) == 0 || slices.Contains(s.regions, sub.Region)
}

// place is where an entry was written, for messages and warnings.
type place struct {
	line, column int
	path         string // "declared[0]"
}

// matcher is one entry of declared:, ignore: or severity:. Empty
// conditions match anything.
type matcher struct {
	place
	sel    selector
	kind   drift.Kind
	change drift.Change
	object *glob.Pattern
	field  string
	rule   *glob.Pattern
	to     string
	reason string
	// until is the first instant the entry no longer holds (the day
	// after the until: date, 00:00 UTC); zero when it never expires.
	until    time.Time
	untilDay string // the until: date as written
	severity drift.Severity
}

// expectation is one entry of expect:.
type expectation struct {
	place
	id         string // name: or "expect[i]"
	sel        selector
	parameters []setting
	variables  []setting
	severity   drift.Severity
}

// setting is one expected value, name → value as written.
type setting struct{ name, value string }
