// Package assess runs one drift assessment: it pairs two snapshot sets (or
// a set and a committed baseline) target by target, combines every source
// of findings — changes over time (drift.Compare), configured ≠ running,
// guardrails, the policy's expected values and fleet outliers — and
// applies the policy, giving a report whose ExitCode decides the gate. It
// also owns the baseline file format (read, normalise, write).
//
// `auroradoc drift`, `baseline` and `run`, the demo and the drift history
// all go through it, so a report means the same wherever it is printed.
package assess
