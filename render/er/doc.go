// Package er draws entity-relationship diagrams of tbls schemas as SVG.
//
// It writes the Graphviz DOT source itself (HTML-like table labels,
// crow's-foot arrowheads from the relation cardinalities) and lays it out
// with go-graphviz, which runs Graphviz compiled to WebAssembly inside the
// process. Three kinds of diagram exist: a table with its neighbourhood
// (Renderer.Table), a whole schema (Renderer.Schema), and an overview of a
// large schema split into readable parts plus an index of the parts
// (Renderer.Overview).
//
// Every identifier, type and comment is user-controlled: it is escaped for
// DOT, for Graphviz's own backslash escapes and for XML, so the SVG is
// well-formed and carries user text only as text.
//
// Output is deterministic: the same schema gives byte-identical SVG, and
// the DOT source of a diagram depends only on the tables it shows. A Cache
// keyed by a hash of that source means an unchanged diagram is never laid
// out twice.
//
// Concurrency: go-graphviz v0.2.10 instantiates one WebAssembly module per
// process (in its package init) and every Graphviz instance shares its
// memory and C heap; concurrent calls corrupt each other. This package
// therefore serialises all Graphviz work of the process behind one lock, so
// a Renderer may be used from many goroutines, and several Renderers may
// coexist, but layouts run one at a time. Code outside this package must
// not call go-graphviz concurrently with a Renderer.
package er
