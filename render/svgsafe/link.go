package svgsafe

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Link reports whether link may be written into a diagram: a relative or
// http(s) URL, valid UTF-8, without control, bidirectional formatting or
// noncharacters. It says nothing of escaping: the writer still escapes
// the link for the syntax it writes it in.
func Link(link string) bool {
	if link == "" || !utf8.ValidString(link) {
		return false
	}
	for _, r := range link {
		if unicode.IsControl(r) || IsBidiControl(r) || r == 0xfffe || r == 0xffff {
			return false
		}
	}
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "" || scheme == "http" || scheme == "https"
}

// relativeLink reports whether an href value (lower case, as written) is
// a relative link of the kind the diagrams write ("../t.html",
// "t.html#c"): only unreserved characters, '/', '#', '%', '?' and '=' — no
// scheme, no character reference (&colon;, &#58;), no backslash — and not
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
