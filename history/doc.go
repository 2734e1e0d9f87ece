// Package history keeps the drift ledger: one small derived record per
// snapshot set, cached in the snapshot store as auxiliary data
// (history/<set-id>.json.gz), and the history the drift pages are drawn
// from.
//
// A record holds, for every target of its set, a digest of the snapshot
// (status, engine version, effective parameters, non-volatile variables,
// table sizes) and the findings of drift.Compare against the previous
// complete set. Update keeps the records in step with the store: a set
// without a record, or whose record was diffed against a set that is no
// longer the one before it (retention deleted sets), is (re)computed,
// loading at most two snapshots of one target at a time. Records of sets
// that no longer exist are deleted. Which records are current is kept in
// a small index (history-index.json) checked against the tags of one
// listing, so on S3 an Update reads only the records it must recompute.
//
// Load reads the records oldest first and folds them into a History whose
// size does not grow with the number of nights times the size of the
// fleet: values are kept as change events, table sizes as a downsampled
// series (daily for the last DailyPoints nights, weekly before, once there
// are more than MaxPoints nights) and findings as they are.
//
// Unreadable snapshots do not stop the history. A snapshot that cannot be
// read (corrupt gzip or JSON, a missing file, a newer format) costs only
// its target's digest for that set: the digest carries a Problem naming
// the set, the target and the error, the warning is logged, and the next
// Update retries just those targets (the rest of the record is kept).
// Only a failing store (cancelled context, a record that cannot be
// written) makes Update return an error.
package history
