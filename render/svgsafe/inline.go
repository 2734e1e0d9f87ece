package svgsafe

import (
	"bytes"
	"strings"
)

// Inline returns an SVG document as markup for an HTML page, without its
// XML declaration; ok is false when it holds anything that could be
// active in a page (the caller then shows it as an image instead):
// scripts, styles, foreign objects, comments or declarations, event
// handler attributes, or links that are not plain relative ones. Text
// between tags must be escaped by the writer ('>' only ends tags there).
func Inline(svg []byte) (markup string, ok bool) {
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
	return text, true
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

// StripProlog returns svg without what Graphviz writes around and between
// its elements that an HTML page must not hold: the XML declaration, the
// DOCTYPE and comments (Graphviz names every node and edge in a comment).
// What is left is for Inline to check.
func StripProlog(svg []byte) []byte {
	var out []byte
	rest := svg
	for {
		i := bytes.Index(rest, []byte("<!"))
		j := bytes.Index(rest, []byte("<?"))
		if j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			if out == nil {
				return svg
			}
			return append(out, rest...)
		}
		end := []byte(">")
		switch {
		case bytes.HasPrefix(rest[i:], []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(rest[i:], []byte("<?")):
			end = []byte("?>")
		}
		k := bytes.Index(rest[i+2:], end)
		if k < 0 {
			// Unterminated: keep it, Inline refuses the document.
			return append(out, rest...)
		}
		out = append(out, rest[:i]...)
		rest = rest[i+2+k+len(end):]
		rest = bytes.TrimLeft(rest, "\n")
	}
}
