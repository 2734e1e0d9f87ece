package site

import (
	"encoding/base64"
	"html/template"

	"github.com/auroradoc/auroradoc/render/svgsafe"
)

// inlineSVG returns an SVG document as markup for an HTML page; ok is
// false when it holds anything that could be active in a page (the
// diagram is then shown as an image instead). The rule is svgsafe.Inline.
func inlineSVG(svg []byte) (markup template.HTML, ok bool) {
	text, ok := svgsafe.Inline(svg)
	if !ok {
		return "", false
	}
	return template.HTML(text), true //nolint:gosec // checked by svgsafe.Inline; erlite escapes every name
}

// dataURL is an SVG as an image URL (img-src allows data:; an SVG shown
// as an image runs nothing).
func dataURL(svg []byte) template.URL {
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svg)) //nolint:gosec // an image
}
