package markdown

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/config"
	"github.com/k1LoW/tbls/output"
)

func TestTableFileKeepsTblsNameForPlainNames(t *testing.T) {
	for _, n := range []string{"order_item", "Orders", "v_customer_balance", "t1", "a-b", "a.b", "pay$", "注文明細", "顧客マスタ", "Ünïcödé", "x.readme"} {
		if got := TableFile(n); got != n+".md" {
			t.Errorf("TableFile(%q) = %q, want %q (tbls' name)", n, got, n+".md")
		}
	}
}

var hashed = regexp.MustCompile(`^[^/\\~]*~[0-9a-f]{16}\.md$`)

func TestTableFileMapsUnsafeNames(t *testing.T) {
	cases := map[string]string{
		"table with spaces": "table_with_spaces~",
		"weird`name":        "weird_name~",
		"⚡ rides":           "_rides~",
		"../etc/passwd":     "_etc_passwd~",
		"a/b":               "a_b~",
		`a\b`:               "a_b~",
		"..":                "~",
		".":                 "~",
		".hidden":           "hidden~",
		"-rf":               "rf~",
		"":                  "~",
		"README":            "_README~",
		"readme":            "_readme~",
		"Readme.md":         "_Readme.md~",
		"CON":               "_CON~",
		"com1":              "_com1~",
		"lpt9.txt":          "_lpt9.txt~",
		"a|b":               "a_b~",
		"<b>":               "_b_~",
		"a\x00b":            "a_b~",
		"bad\xffutf8":       "bad_utf8~",
		"a~b":               "a_b~",
	}
	for in, prefix := range cases {
		got := TableFile(in)
		if !strings.HasPrefix(got, prefix) || !hashed.MatchString(got) {
			t.Errorf("TableFile(%q) = %q, want %s<16 hex>.md", in, got, prefix)
		}
	}
}

func TestTableFileIsOneSafeDistinctPathElement(t *testing.T) {
	names := []string{"a b", "a_b", "a  b", "a\tb", "a/b", "a\\b", "a|b", "a~b", "A b", "a b ", " a b", "..", "...", ".",
		"README", "README.md", strings.Repeat("x", 300), strings.Repeat("x", 301), strings.Repeat("⚡", 64), strings.Repeat("長", 64),
		strings.Repeat("長", 61) + "x", strings.Repeat("長", 60) + "xx", "con", "CON", "", "ok"}
	seen := map[string]string{}
	for _, n := range names {
		f := TableFile(n)
		if f != filepath.Base(f) || strings.ContainsAny(f, "/\\\x00") || f == ".." || f == "." || strings.HasPrefix(f, ".") {
			t.Errorf("TableFile(%q) = %q is not a single plain path element", n, f)
		}
		if len(f) > 255-len(".tmp--1234567890") {
			t.Errorf("TableFile(%q) is %d bytes long", n, len(f))
		}
		if !strings.HasSuffix(f, ".md") || strings.EqualFold(f, "README.md") {
			t.Errorf("TableFile(%q) = %q", n, f)
		}
		if prev, dup := seen[f]; dup {
			t.Errorf("TableFile(%q) = TableFile(%q) = %q", n, prev, f)
		}
		seen[f] = n
		if TableFile(n) != f {
			t.Errorf("TableFile(%q) is not deterministic", n)
		}
	}
}

// TestLinkDestMatchesTbls: for the names TableFile keeps, the link is the
// one tbls writes (its templates' "escape", mdurl.Encode).
func TestLinkDestMatchesTbls(t *testing.T) {
	cfg, err := config.New()
	if err != nil {
		t.Fatal(err)
	}
	encode := output.Funcs(&cfg.MergedDict)["escape"].(func(string) string)
	for _, n := range []string{"order_item", "Orders", "注文明細", "a-b.c", "pay$", "Ünïcödé"} {
		f := TableFile(n)
		if got, want := linkDest(f), encode(n)+".md"; got != want {
			t.Errorf("linkDest(%q) = %q, tbls links %q", f, got, want)
		}
	}
	if got := linkDest("er/a b(1):x<y>.svg"); got != "er/a%20b%281%29%3Ax%3Cy%3E.svg" {
		t.Errorf("linkDest = %q", got)
	}
}
