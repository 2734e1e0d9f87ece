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

// safeTag checks the attributes of one tag (lower case, without '>'),
// split as an HTML tokenizer splits them: separated by white space
// (including form feed and carriage return) or '/', or by nothing after a
// quoted value. No attribute may be an event handler, and every href must
// be a plain relative link (see relativeLink). A quote left open fails.
func safeTag(tag string) bool {
	i := 1 // skip '<' and the tag name
	for i < len(tag) && !tagSpace(tag[i]) && tag[i] != '/' {
		i++
	}
	for i < len(tag) {
		if tagSpace(tag[i]) || tag[i] == '/' {
			i++
			continue
		}
		start := i // an attribute name; a leading '=' belongs to it
		for i < len(tag) && !tagSpace(tag[i]) && tag[i] != '/' && (tag[i] != '=' || i == start) {
			i++
		}
		name := tag[start:i]
		for i < len(tag) && tagSpace(tag[i]) {
			i++
		}
		value, hasValue := "", false
		if i < len(tag) && tag[i] == '=' {
			hasValue = true
			for i++; i < len(tag) && tagSpace(tag[i]); i++ {
			}
			if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
				end := strings.IndexByte(tag[i+1:], tag[i])
				if end < 0 {
					return false
				}
				value = tag[i+1 : i+1+end]
				i += end + 2
			} else {
				v := i
				for i < len(tag) && !tagSpace(tag[i]) {
					i++
				}
				value = tag[v:i]
			}
		}
		if strings.HasPrefix(name, "on") {
			return false
		}
		if (name == "href" || strings.HasSuffix(name, ":href")) && (!hasValue || !relativeLink(value)) {
			return false
		}
	}
	return true
}

// tagSpace reports whether c separates attributes in an HTML tag.
func tagSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// relativeLink reports whether an href value (lower case, as written) is
// a relative link of the kind erlite writes ("../t.html", "t.html#c"):
// only unreserved characters, '/', '#', '%', '?' and '=' — no scheme, no
// character reference (&colon;, &#58;), no backslash — and not
// protocol-relative ("//host/").
func relativeLink(v string) bool {
	if strings.HasPrefix(v, "//") {
		return false
	}
	for k := 0; k < len(v); k++ {
		switch c := v[k]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.IndexByte("._~-/#%?=", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// dataURL is an SVG as an image URL (img-src allows data:; an SVG shown
// as an image runs nothing).
func dataURL(svg []byte) template.URL {
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)) //nolint:gosec // an image
}
