// Package site assembles the static documentation site from a snapshot
// set: fleet index, database (cluster) pages, parameter pages, schema and
// table pages, ER diagrams, Markdown and a fleet-wide search index. Every
// link is relative, so the tree works from file://, an S3 website endpoint
// and CloudFront alike; everything user-controlled is escaped by
// html/template, pages carry a Content-Security-Policy and no inline
// scripts.
package site
