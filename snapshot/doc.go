// Package snapshot defines auroradoc's versioned record of one database
// server at one point in time, its deterministic JSON encoding, and the
// store that keeps snapshot sets (one per crawl run) with their manifests.
//
// A snapshot embeds each schema in tbls' own JSON format, so tbls and its
// ecosystem can read it; see docs/snapshot-format.md.
package snapshot
