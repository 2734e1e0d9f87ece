// Package drift compares snapshots — one cluster night over night, a
// cluster against a baseline, a cluster against its fleet, the configured
// parameter values against the running ones — and turns the differences
// into findings.
package drift
