package sitepath

import (
	"regexp"
	"testing"
)

func TestSlug(t *testing.T) {
	seen := map[string]string{}
	for _, name := range []string{"orders", "Orders", "order items", "weird`name", "../etc", "⚡ rides", "index", "Index", "a/b", "", "<script>"} {
		s := Slug(name)
		if !regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`).MatchString(s) {
			t.Errorf("Slug(%q) = %q is not file-name safe", name, s)
		}
		if prev, ok := seen[s]; ok {
			t.Errorf("Slug(%q) = Slug(%q) = %q", name, prev, s)
		}
		seen[s] = name
	}
	if Slug("orders") != "orders" || Slug("max_connections") != "max_connections" {
		t.Error("plain names must stay readable")
	}
	if Slug("index") == "index" {
		t.Error(`a name "index" would overwrite an index page`)
	}
}

func TestRel(t *testing.T) {
	for _, c := range [][3]string{
		{"index.html", "t/a/index.html", "t/a/index.html"},
		{"t/a/s/shop/orders.html", "t/a/s/shop/customer.html", "customer.html"},
		{"t/a/s/shop/orders.html", "assets/style.css", "../../../../assets/style.css"},
		{"drift/index.html", "drift/t/a/index.html", "t/a/index.html"},
		{"drift/t/us-east-1/b/index.html", "drift/parameters/x.html", "../../../parameters/x.html"},
		{"drift/nights/2026-11.html", "drift/t/a/index.html", "../t/a/index.html"},
	} {
		if got := Rel(c[0], c[1]); got != c[2] {
			t.Errorf("Rel(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if RootOf("t/a/index.html") != "../../" || RootOf("index.html") != "" {
		t.Error("RootOf")
	}
}
