package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/shorten"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// The search index is sharded: one script per target (t/<target>/search.js)
// holding its schemas, tables and columns, and search-index.js at the root
// listing the shards with a hash of each (so the list changes whenever a
// shard does, and a cached shard is never used with a newer list).
// search.js loads the shards with <script> elements (fetch does not work
// from file://) when the first query is typed. Both are scripts, not JSON,
// and json.Marshal escapes <, > and &, so no payload can close the script
// element or start markup.

// shard collects one target's search entries, nested to keep it small:
// {"t": target, "d": [engine, url], "s": [[schema, url, [[kind, table,
// comment, url, [[column, comment(, anchor slug)], …]], …]], …]}; kind 0 =
// table, 1 = view. A column's result jumps to its row on the table page
// (sitepath.ColumnAnchor), whose slug is given when it is not the name.
type shard struct {
	Target  string  `json:"t"`
	DB      []any   `json:"d"`
	Schemas [][]any `json:"s"`
	count   int
}

func (s *shard) schema(name, url string) {
	s.Schemas = append(s.Schemas, []any{name, url, [][]any{}})
	s.count++
}

func (s *shard) table(t *schema.Table, url string) {
	kind := 0
	if t.Type == "VIEW" {
		kind = 1
	}
	// Comments are cut (package shorten): the shard is downloaded whole,
	// the full text is on the table's page.
	cols := make([][]string, len(t.Columns))
	budget := shorten.SearchColumns
	for i, c := range t.Columns {
		cm := ""
		if budget > 0 {
			cm = shorten.Runes(c.Comment, min(shorten.ColumnComment, budget))
			budget -= utf8.RuneCountInString(cm)
		}
		cols[i] = []string{c.Name, cm}
		// The row's anchor is "col-" + the slug: named only when the slug
		// is not the name itself (search.js cannot hash).
		if slug := sitepath.Slug(c.Name); slug != c.Name {
			cols[i] = append(cols[i], slug)
		}
	}
	last := s.Schemas[len(s.Schemas)-1]
	last[2] = append(last[2].([][]any), []any{kind, t.Name, shorten.Runes(t.Comment, shorten.SearchTable), url, cols})
	s.count += 1 + len(cols)
}

func (tb *targetBuilder) writeShard(rel string) error {
	data, err := json.Marshal(tb.shard)
	if err != nil {
		return fmt.Errorf("encoding search shard: %w", err)
	}
	data = append(append([]byte("window.AURORADOC_SHARD("), data...), ");\n"...)
	h := sha256.Sum256(data)
	sum := tb.next.Summary
	sum.Shard, sum.ShardHash, sum.ShardCount = rel, hex.EncodeToString(h[:8]), tb.shard.count+1
	return tb.w.write(rel, data)
}

// searchIndex writes search-index.js: the list of shards, in target name
// order, as [url, entries].
func (b *builder) searchIndex(w *fileWriter, targets map[string]*targetState) error {
	// No run id in here: the index changes only when what it indexes does.
	idx := struct {
		Version int     `json:"v"`
		Count   int     `json:"count"`
		Shards  [][]any `json:"shards"`
	}{Version: 2, Shards: [][]any{}}
	for _, name := range sortedNames(targets) {
		s := targets[name].Summary
		if s == nil || s.Shard == "" {
			continue
		}
		idx.Count += s.ShardCount
		idx.Shards = append(idx.Shards, []any{s.Shard + "?v=" + s.ShardHash, s.ShardCount})
	}
	data, err := json.Marshal(idx)
	if err != nil {
		return fmt.Errorf("encoding search index: %w", err)
	}
	return w.write("search-index.js", append(append([]byte("window.AURORADOC_INDEX = "), data...), ";\n"...))
}
