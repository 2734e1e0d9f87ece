package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HTML renders Markdown (a comment, a description) to an HTML fragment that
// is safe to embed in a page: goldmark with GitHub Flavored Markdown
// (tables, strikethrough, task lists, autolinks for http(s)/ftp/www) and
// raw HTML off (no html.WithUnsafe). Beyond goldmark's defaults:
//
//   - raw HTML is shown as text, escaped, instead of goldmark's
//     "<!-- raw HTML omitted -->", so `<script>` in a comment reads as
//     written;
//   - link and image destinations must be relative or use http, https or
//     mailto; any other scheme (javascript:, vbscript:, data:, file:, also
//     when spelled with entities, tabs or upper case) is dropped, leaving
//     the link text. goldmark's own check is a prefix denylist.
func HTML(src string) (string, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(linkFilter{}, 0))),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(rawHTMLAsText{}, 0))),
	)
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("rendering Markdown: %w", err)
	}
	return buf.String(), nil
}

// linkFilter removes links and images whose destination is not safe.
type linkFilter struct{}

func (linkFilter) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var bad []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if !safeURL(string(n.Destination)) {
				bad = append(bad, n)
			}
		case *ast.Image:
			if !safeURL(string(n.Destination)) {
				bad = append(bad, n)
			}
		case *ast.AutoLink:
			if !safeURL(string(n.URL(reader.Source()))) {
				bad = append(bad, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range bad {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(al.Label(reader.Source())))
			continue
		}
		// Keep the link text (an image's alt text), drop the link.
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// safeURL reports whether a link destination, as written in the Markdown,
// is relative or uses an allowed scheme. It decodes backslash escapes and
// character references as goldmark does and then reads the scheme as
// browsers do: ASCII tab and newlines anywhere are ignored, as are leading
// and trailing control characters and spaces.
func safeURL(u string) bool {
	// Decode as goldmark does before writing the href.
	u = string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations([]byte(u)))))
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true // no scheme: relative
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// rawHTMLAsText renders raw HTML, inline and block, as escaped text.
type rawHTMLAsText struct{}

func (rawHTMLAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		var raw []byte
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			line := lines.At(i)
			raw = append(raw, line.Value(source)...)
		}
		if b.HasClosure() {
			closure := b.ClosureLine
			raw = append(raw, closure.Value(source)...)
		}
		_, _ = w.WriteString("<p>")
		_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(raw, "\r\n")))
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}
