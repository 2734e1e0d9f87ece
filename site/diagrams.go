package site

import (
	"fmt"

	"github.com/auroradoc/auroradoc/render/er"
	"github.com/auroradoc/auroradoc/snapshot"
)

// schemaDiagrams draws the schema's ER diagram, or for a large schema an
// index of parts plus one diagram per part. Names under er/ that start
// with "_" cannot clash with table diagrams (slugs start with [a-z0-9]).
// Unchanged diagrams come from the renderer's cache; a file is rewritten
// only when its bytes change.
func (tb *targetBuilder) schemaDiagrams(sc *snapshot.Schema, dir string, sp *schemaPage) error {
	if tb.o.ER == nil || len(sc.Tbls.Tables) == 0 {
		return nil
	}
	if len(sc.Tbls.Tables) > overviewThreshold {
		parts, err := tb.o.ER.Overview(tb.ctx, sc.Tbls, overviewThreshold/2)
		if err != nil {
			return fmt.Errorf("drawing ER overview: %w", err)
		}
		for _, p := range parts {
			name := "er/_part-" + p.Name + ".svg"
			if p.Name == er.IndexPart {
				name = "er/_schema.svg"
			} else {
				sp.Parts = append(sp.Parts, link{Text: fmt.Sprintf("%s (%d tables)", p.Name, len(p.Tables)), Href: name})
			}
			if err := tb.w.write(dir+name, p.SVG); err != nil {
				return err
			}
		}
		sp.ER = "er/_schema.svg"
		return nil
	}
	svg, err := tb.o.ER.Schema(tb.ctx, sc.Tbls)
	if err != nil {
		return fmt.Errorf("drawing ER diagram: %w", err)
	}
	if err := tb.w.write(dir+"er/_schema.svg", svg); err != nil {
		return err
	}
	sp.ER = "er/_schema.svg"
	return nil
}

// overviewThreshold is the table count above which a schema gets a split
// overview (an index diagram plus parts) instead of one giant diagram.
const overviewThreshold = 80
