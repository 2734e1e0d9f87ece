package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/templates"
)

// index writes the fleet index (every manifest entry, grouped by region)
// and the search page, from the targets' summaries.
func (b *builder) index(w *fileWriter, m *snapshot.Manifest, rendered map[string]*targetState) error {
	p := &indexPage{}
	groups := map[string]*indexGroup{}
	var total int64
	for _, e := range m.Targets {
		row := &indexRow{Name: e.Name, Status: e.Status}
		group := "Static targets"
		if ts := rendered[e.Name]; ts != nil && ts.Summary != nil {
			s := ts.Summary
			total += s.Size
			p.Tables += s.Tables
			row.Href, row.Engine = s.Href, s.Engine
			row.Schemas, row.Tables, row.Size = s.Schemas, s.Tables, bytesize.Format(s.Size)
			row.Crawled = s.Crawled
			group = s.Group
		} else if g := names.Group(e.Name); g != "" {
			group = g
		} else if r, ok := strings.CutPrefix(e.Name, "region:"); ok {
			group = r
		} else if a, ok := strings.CutPrefix(e.Name, "account:"); ok {
			group = a
		}
		switch e.Status {
		case snapshot.StatusFailed:
			p.Failed++
			row.Note = e.Error
		case snapshot.StatusSkipped:
			p.Skipped++
			row.Note = e.Reason
		}
		if rendered[e.Name] != nil && e.Stale() {
			p.Stale++
			row.Stale, row.Note = staleNote(e), ""
		}
		if b.damaged[e.Name] != "" {
			// The error names the store's location: it stays in the log,
			// the public page only says what happened.
			p.Damaged++
			row.Status, row.Note = "damaged", "snapshot unreadable: not rendered (the render's log says why)"
			if rendered[e.Name] != nil {
				row.Note = "snapshot unreadable: its previous render is shown (the render's log says why)"
			}
		}
		if groups[group] == nil {
			groups[group] = &indexGroup{Name: group}
		}
		groups[group].Targets = append(groups[group].Targets, row)
		p.Targets = append(p.Targets, row)
	}
	for _, g := range groups {
		p.Groups = append(p.Groups, g)
	}
	sort.Slice(p.Groups, func(i, j int) bool { return p.Groups[i].Name < p.Groups[j].Name })
	p.TotalSize = bytesize.Format(total)
	if err := w.render("index.html", "index", "Database fleet", nil, p); err != nil {
		return err
	}
	script, err := templates.Assets.ReadFile("assets/search.js")
	if err != nil {
		return fmt.Errorf("reading search.js: %w", err)
	}
	// assets/ is served as immutable: the content hash in the URL makes
	// browsers fetch a changed search.js (the index format changes with it).
	h := sha256.Sum256(script)
	return w.render("search.html", "search", "Search", []link{{Text: "Search", Href: "search.html"}},
		&searchPage{Script: "assets/search.js?v=" + hex.EncodeToString(h[:8])})
}

type searchPage struct{ Script string }
