package site

import (
	"context"
	"encoding/base64"
	"html/template"
	"strings"

	"github.com/k1LoW/tbls/schema"
)

// inlineTabler is implemented by diagrammers whose table diagrams are
// safe to put into the page as markup (see diagrams.InlineTable): the
// diagram's links then work, and no separate file is written per table.
type inlineTabler interface {
	InlineTable(ctx context.Context, s *schema.Schema, table string) ([]byte, error)
}

// inlineSVG returns an SVG document as markup for an HTML page, without
// its XML declaration; ok is false when it holds anything that could be
// active in a page (the diagram is then shown as an image instead):
// scripts, styles, foreign objects, comments or declarations, event
// handler attributes, or links that are not relative.
func inlineSVG(svg []byte) (markup template.HTML, ok bool) {
	text := string(svg)
	if strings.HasPrefix(text, "<?xml") {
		if i := strings.Index(text, "?>"); i >= 0 {
			text = strings.TrimLeft(text[i+2:], "\n")
		}
	}
	if !strings.HasPrefix(text, "<svg") {
		return "", false
	}
	lower := strings.ToLower(text)
	for _, bad := range []string{"<script", "<style", "<foreignobject", "<iframe", "<!", "<?"} {
		if strings.Contains(lower, bad) {
			return "", false
		}
	}
	// Inside tags: no on* attribute, no href that is not relative. (Text
	// between tags is escaped by erlite; '>' only ends tags there.)
	for rest := lower; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			return "", false
		}
		if !safeTag(rest[i : i+j]) {
			return "", false
		}
		rest = rest[i+j:]
	}
	return template.HTML(text), true //nolint:gosec // checked above; erlite escapes every name
}

// safeTag checks the attributes of one tag (lower case, without '>'):
// attribute values are quoted with '"' by erlite.
func safeTag(tag string) bool {
	for k := 0; k < len(tag); k++ {
		switch c := tag[k]; {
		case c == '"':
			end := strings.IndexByte(tag[k+1:], '"')
			if end < 0 {
				return false
			}
			k += end + 1
		case c == ' ' || c == '\t' || c == '\n' || c == '/':
			name := tag[k+1:]
			if e := strings.IndexAny(name, "= \t\n"); e >= 0 {
				name = name[:e]
			}
			if strings.HasPrefix(name, "on") {
				return false
			}
			if name == "href" || strings.HasSuffix(name, ":href") {
				v := tag[k+1+len(name):]
				v = strings.TrimLeft(v, "= \t\n")
				if !strings.HasPrefix(v, `"`) {
					return false
				}
				v = v[1:]
				if e := strings.IndexByte(v, '"'); e >= 0 {
					v = v[:e]
				}
				if first, _, _ := strings.Cut(v, "/"); strings.Contains(first, ":") || strings.Contains(v, "&#") {
					return false
				}
			}
		}
	}
	return true
}

// dataURL is an SVG as an image URL (img-src allows data:; an SVG shown
// as an image runs nothing).
func dataURL(svg []byte) template.URL {
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)) //nolint:gosec // an image
}
