// Package site assembles the static documentation site from a snapshot
// set: fleet index, database (cluster) pages, parameter pages, schema and
// table pages, ER diagrams, Markdown and a fleet-wide search index sharded
// per database. Every link is relative, so the tree works from file://, an
// S3 website endpoint and CloudFront alike; everything user-controlled is
// escaped by html/template, pages carry a Content-Security-Policy and no
// inline scripts.
//
// Snapshots are loaded one target at a time and dropped once rendered.
// Rendering into the directory of a previous render is incremental: the
// marker file .auroradoc-site remembers per target the hash of its inputs
// and per table the hash of its page's inputs, unchanged targets and tables
// are skipped, files are rewritten only when their bytes change, and files
// no longer produced are deleted (never under drift/, which belongs to the
// drift-history pages). Only files a render provably wrote are ever deleted
// (listed by the marker, or by the journal of a render that died), never
// through a symlink; and a render holds the directory's lock (package
// sitedir) from start to end, so a second render fails at once.
package site
