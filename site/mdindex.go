package site

import (
	"strings"

	"github.com/auroradoc/auroradoc/render/markdown"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// mdFleetReadme writes md/README.md: every rendered database with a link
// to each schema's README (tbls' layout has one README per schema; this
// is the fleet's table of contents above them).
func (b *builder) mdFleetReadme(w *fileWriter, rendered map[string]*targetState) error {
	if b.o.Markdown == nil {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("# Database fleet\n\n| Database | Engine | Schemas |\n| ---- | ------- | ------- |\n")
	for _, name := range sortedNames(rendered) {
		s := rendered[name].Summary
		if s == nil {
			continue
		}
		var links []string
		for _, sc := range s.SchemaNames {
			links = append(links, "["+markdown.Ident(sc)+"]("+name+"/"+sitepath.Slug(sc)+"/README.md)")
		}
		sb.WriteString("| " + markdown.Ident(name) + " | " + markdown.Ident(s.Engine) + " | " + strings.Join(links, " ") + " |\n")
	}
	sb.WriteString("\n---\n\n" + markdown.Footer + "\n")
	return w.write("md/README.md", []byte(sb.String()))
}
