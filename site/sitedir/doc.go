// Package sitedir holds what the renderer (package site) and the publisher
// (package site/publish) agree on about a rendered site directory: the
// marker file that says whether the last render finished, and the lock
// that keeps two renders, or a render and a publish, out of each other's
// way.
package sitedir
