// Package snapshot defines auroradoc's versioned record of one database
// server at one point in time, its deterministic JSON encoding, and the
// store that keeps snapshot sets (one per crawl run) with their manifests.
//
// A snapshot embeds each schema in tbls' own JSON format, so tbls and its
// ecosystem can read it; see docs/snapshot-format.md.
//
// The store's rules: a run claims its set by creating a marker object
// exclusively (NewSet), so concurrent runs never share a set; the manifest
// is written last, and sets without one are not listed; sets are ordered
// by time, then by their same-second suffix as a number; NewSet refuses to
// start a set dated more than SkewMargin before the newest one (a skewed
// clock), which would otherwise stay the latest for ever; every snapshot
// read is checked against the manifest's SHA-256 (ErrDamaged). OpenDir
// opens an existing directory to read it; OpenDirForWriting lets the first
// NewSet create it.
package snapshot
