// Package er draws entity-relationship diagrams of tbls schemas as SVG.
//
// It writes the Graphviz DOT source itself (HTML-like table labels,
// crow's-foot arrowheads from the relation cardinalities) and lays it out
// with go-graphviz, which runs Graphviz compiled to WebAssembly inside the
// process. Two kinds of diagram exist: a whole schema (Renderer.Schema),
// and an overview of a large schema split into readable parts plus an
// index of the parts (Renderer.Overview). A table's own neighbourhood is
// drawn without Graphviz by render/erlite.
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
// Concurrency and memory: go-graphviz v0.2.10 instantiates one WebAssembly
// module per process (in its package init) and every Graphviz instance
// shares its memory and C heap; concurrent calls corrupt each other, and
// the module's linear memory only grows: every layout leaves some behind
// (about 1 MB per 40-table diagram), and the module cannot be dropped and
// instantiated again. A Renderer therefore lays out either
//
//   - in worker processes (Options.Graphviz = Workers, the default when the
//     executable's main calls ServeWorkerIfRequested): the executable
//     re-executed, a few at a time, each replaced after a number of
//     diagrams or when its RSS passes a limit, so memory stays bounded
//     however many diagrams are drawn, and layouts run in parallel; or
//   - in this process (InProcess), serialised behind one package-level
//     lock; the process keeps every byte Graphviz ever used.
//
// Either way a Renderer may be used from many goroutines and several may
// coexist. Code outside this package must not call go-graphviz
// concurrently with an in-process Renderer.
package er
