package er

import (
	"fmt"
	"strings"

	"github.com/auroradoc/auroradoc/internal/shorten"
	"github.com/auroradoc/auroradoc/render/svgsafe"
)

// Text reaches the SVG through three layers, each with its own rules:
//
//  1. DOT syntax: HTML-like labels and HTML-string IDs (<...>) must hold
//     balanced, entity-escaped markup; quoted strings end at '"'.
//  2. Graphviz decodes entities and then applies its escString backslash
//     sequences (\N = node name, \\ = backslash, ...) to labels, tooltips
//     and URLs, but not to node IDs. Measured on Graphviz 12.1.2: one
//     backslash in an HTML label is written "\\", one backslash in a quoted
//     tooltip "\\\\" (the quoted-string scanner halves them first).
//  3. XML: Graphviz escapes what it writes but passes entities through and
//     copies control characters raw, which XML 1.0 forbids even as
//     character references.
//
// So every user string is first made printable (cleanLine, cleanMultiline),
// then XML-escaped, then has its backslashes multiplied for the layer it is
// written to.

// cleanLine returns s as one printable line: invalid UTF-8 becomes U+FFFD,
// characters XML cannot carry become U+FFFD, and control and bidirectional
// formatting characters are shown as Go escapes (`\n`, `\x01`, `\u202e`),
// so nothing is hidden and nothing breaks the document.
func cleanLine(s string) string {
	return clean(s, false)
}

// cleanMultiline is cleanLine that keeps line breaks (CRLF and CR become
// LF) and turns tabs into spaces; for tooltips.
func cleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\t", " ")
	return clean(s, true)
}

// clean shows what svgsafe.Clean hands over as Go escapes, or keeps line
// breaks when keepNewlines.
func clean(s string, keepNewlines bool) string {
	return svgsafe.Clean(s, func(r rune) string {
		switch {
		case r == '\n' && keepNewlines:
			return "\n"
		case r == '\n':
			return `\n`
		case r == '\r':
			return `\r`
		case r == '\t':
			return `\t`
		case r <= 0xff:
			return fmt.Sprintf(`\x%02x`, r)
		default: // bidirectional formatting
			return fmt.Sprintf(`\u%04x`, r)
		}
	})
}

// xmlEscape escapes the five XML special characters.
func xmlEscape(s string) string {
	if !strings.ContainsAny(s, `&<>"'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// htmlText returns s as text inside a DOT HTML-like label.
func htmlText(s string) string {
	return strings.ReplaceAll(xmlEscape(cleanLine(s)), `\`, `\\`)
}

// htmlID returns s as a DOT HTML-string ID (<...>). Graphviz keeps the
// escaped form as the node name and writes it, entities intact, as the
// node's SVG <title>; IDs are not subject to backslash escapes.
func htmlID(s string) string {
	return "<" + xmlEscape(cleanLine(s)) + ">"
}

// quotedTooltip returns s as a quoted DOT string for the tooltip attribute,
// line breaks kept.
func quotedTooltip(s string) string {
	t := xmlEscape(cleanMultiline(s))
	t = strings.ReplaceAll(t, "\n", "&#10;")
	t = strings.ReplaceAll(t, `\`, `\\\\`)
	return `"` + t + `"`
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string { return shorten.Runes(s, n) }

// quotedURL returns link as a quoted DOT string for the URL attribute, or
// "" when link is empty or not safe to put in an SVG (svgsafe.Link).
// Characters that are special to DOT, Graphviz or XML are
// percent-encoded.
func quotedURL(link string) string {
	if !svgsafe.Link(link) {
		return ""
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range link {
		switch r {
		case '\\', '"', '<', '>', ' ', '`', '{', '}', '|', '^', '\'':
			fmt.Fprintf(&b, "%%%02X", r)
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
