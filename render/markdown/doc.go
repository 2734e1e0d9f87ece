// Package markdown writes a schema's documentation as Markdown in the
// layout `tbls doc` produces (README.md with the tables list, relations and
// functions; one <table>.md per table with columns, constraints, indexes,
// triggers, relations and the DDL), and renders Markdown fragments to safe
// HTML.
//
// The pages are produced by tbls' own output/md package (v1.96.0) with a
// default config, as `tbls doc` does without a config file: ModifySchema is
// applied (so the driver's dictionary renames "Functions" to "Stored
// procedures and functions" for MySQL/MariaDB), Format.Adjust is off, and
// the ER section is present only when Options.ERLink returns a path.
// WriteSchema renders a private deep copy of the schema, so the caller's
// schema is never modified and concurrent calls, even on the same schema,
// are safe.
//
// # Differences from tbls
//
// tbls' Markdown is safe for ordinary identifiers and comments, and for
// those the output is tbls' byte for byte (the shop and billing fixtures
// are compared with tbls in the tests), apart from links to tables of
// other schemas (below). For hostile input it is not, so the copy is
// escaped before tbls renders it and a few exact, known strings are
// rewritten afterwards:
//
//   - Table cells. tbls escapes `|`, `<` and `>` (as \|, \<, \>) only in the
//     Name, Type, Default, Extra Definition and Comment cells of the Columns
//     table. Every other cell (the tables list and its comments, referenced
//     tables, functions, constraints, indexes, triggers, labels) is written
//     raw, so a `|` in a comment, a constraint name or a trigger body adds a
//     cell and breaks the row, and `<script>` or `</table>` is emitted as raw
//     HTML. Here those cells get every `|` escaped, and every `<` that could
//     start raw HTML or an autolink (followed by a letter, "/", "!" or "?");
//     SQL operators such as `<>`, `<=` or `>=` in definitions stay exactly as
//     tbls writes them. A backslash run directly before an escaped character
//     is doubled, so an escaped pipe never follows an escaped backslash
//     (which GFM parsers and CommonMark read differently). Newlines in cells
//     were already safe: tbls turns them into <br />.
//   - Identifiers (schema, table, column, index, constraint, trigger,
//     function and label names) render literally: \ ` * [ ] < > | # & ~ are
//     backslash-escaped (a table name is also link text, where `]` or a
//     backtick would break the link) and CR/LF become spaces (a newline in a
//     heading ends it). Plain identifiers contain none of these.
//   - Descriptions (table and schema comments above the tables) stay
//     Markdown, as in tbls, but a `<` that could start raw HTML is escaped
//     (tbls emits it: `<img src=x onerror=...>` in a comment becomes an HTML
//     block), and a line opening a code fence (``` or ~~~) is escaped, since
//     an unclosed fence would swallow the rest of the page. Inside a code
//     span in a comment or cell the escaping backslash shows (tbls has the
//     same effect in the Columns table).
//   - The DDL block: tbls always fences the definition with ```; when the
//     definition itself contains a run of three or more backticks the fence
//     is lengthened so it cannot be closed early.
//   - File names and links: see TableFile. tbls writes "<name>.md" with the
//     raw name (a "/" or ".." in a name escapes the output directory, a
//     table named README overwrites the index); TableFile keeps the tbls
//     name for plain names and maps anything else to a safe, distinct name.
//     Links to the table pages point to those files.
//   - Referenced tables in another schema: tbls links them to a
//     "<schema>.<table>.md" that it never writes; here they are shown
//     unlinked, as tbls already does for such parents in the Columns table.
//   - Viewpoints are not written (auroradoc snapshots have none; they come
//     from a tbls config file).
//
// Markdown links in comments (including javascript: URLs) are left as
// written: comments are Markdown by design, and GitHub and other renderers
// drop dangerous URLs. HTML, which embeds such fragments in auroradoc's own
// pages, removes them.
//
// # tbls package state
//
// tbls' output/md keeps only read-only package state (the embedded
// templates and a strings.Replacer, which is safe for concurrent use), but
// it sorts each schema enum's values in place while rendering and its
// Output function prints file names to stdout; WriteSchema renders a copy
// and never calls Output. config.New points Config.ER.Distance at the
// package variable config.DefaultERDistance, which must therefore never be
// written through; schema.Table.ShowColumn appends to the package slice
// schema.DefaultHideColumns, which is safe only because its length equals
// its capacity. This package has no package-level state of its own.
package markdown
