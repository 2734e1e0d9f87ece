// Package svgsafe holds the safety rules for user text and links in SVG
// diagrams, in one place for every renderer and for the site: which
// characters must not reach a document as they are (Clean,
// IsBidiControl), which links a diagram may carry (Link), and when a
// finished SVG may be put into an HTML page as markup (Inline).
package svgsafe
