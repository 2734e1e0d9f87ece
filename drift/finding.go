package drift

// Kind says what a finding is about.
type Kind string

// Kinds of findings. Change kinds come from comparing two snapshots of one
// target; state kinds describe one snapshot (or one snapshot against its
// peers or a policy).
const (
	// KindTarget: a target appeared in or disappeared from the fleet.
	KindTarget Kind = "target"
	// KindParameter: a cluster or instance parameter group entry changed
	// (value, source, apply method, apply type) or the group was swapped.
	KindParameter Kind = "parameter"
	// KindVariable: a SHOW GLOBAL VARIABLES value changed.
	KindVariable Kind = "variable"
	// KindConfigured: a parameter group value differs from the running
	// value, or a member waits for a reboot to apply its parameters.
	KindConfigured Kind = "configured-vs-running"
	// KindSchema: a schema, table, column, index, constraint, trigger,
	// view or routine was added, removed or changed.
	KindSchema Kind = "schema"
	// KindSize: a table grew or shrank beyond the threshold.
	KindSize Kind = "size"
	// KindVersion: the engine version changed (an upgrade or a downgrade).
	KindVersion Kind = "version"
	// KindFleet: a value differs from the majority of the target's group.
	KindFleet Kind = "fleet"
	// KindBaseline: a value differs from the policy's expected value.
	KindBaseline Kind = "baseline"
	// KindGuardrail: a detective guardrail rule is violated.
	KindGuardrail Kind = "guardrail"
	// KindRisk: what a proposed migration costs or breaks on a target,
	// from the target's production facts (auroradoc review).
	KindRisk Kind = "risk"
	// KindAnomaly: a schema anomaly (package anomaly) a proposed migration
	// introduces (auroradoc review).
	KindAnomaly Kind = "anomaly"
)

// Change says how an object changed.
type Change string

// Changes.
const (
	Added   Change = "added"
	Removed Change = "removed"
	Changed Change = "changed"
	// Differs is used by state findings (fleet, baseline, configured vs
	// running, guardrail): nothing changed over time, a value differs from
	// what it is compared against.
	Differs Change = "differs"
)

// Severity ranks findings; the zero value is SeverityInfo.
type Severity int

// Severities, lowest first.
const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

// Finding is one difference. Every field is plain data so that reports in
// every format, the history pages and the policy all read the same thing.
type Finding struct {
	// Target is the snapshot target name ("eu-west-1/orders-prd" or a
	// static target's name).
	Target string `json:"target"`
	Kind   Kind   `json:"kind"`
	Change Change `json:"change"`
	// ObjectType names what Object is: "cluster parameter", "instance
	// parameter", "variable", "schema", "table", "view", "column", "index",
	// "constraint", "trigger", "routine", "member", "engine", "target".
	ObjectType string `json:"object_type"`
	// Object is the object's name: a parameter or variable name,
	// "schema", "schema.table", "schema.table.column" (index, constraint
	// and trigger names likewise under their table), a member id.
	Object string `json:"object"`
	// Group is the parameter group (for parameters) or the instance (for
	// per-member findings); empty otherwise.
	Group string `json:"group,omitempty"`
	// Field is the attribute that changed ("value", "source",
	// "apply_method", "type", "default", "definition", "bytes", …); empty
	// when the whole object was added or removed.
	Field string `json:"field,omitempty"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	// Detail is optional multi-line text, e.g. a unified diff of the DDL.
	Detail string `json:"detail,omitempty"`
	// Rule is the guardrail id for KindGuardrail findings, the policy rule
	// for KindBaseline findings.
	Rule     string   `json:"rule,omitempty"`
	Severity Severity `json:"severity"`
	// Message is a one-line, human summary that names the target.
	Message string `json:"message"`
	// Expected is set by a policy when the change was declared (Reason
	// then says by what, e.g. a pull request); Ignored when a policy
	// ignore matched.
	Expected bool   `json:"expected,omitempty"`
	Ignored  bool   `json:"ignored,omitempty"`
	Reason   string `json:"reason,omitempty"`
}
