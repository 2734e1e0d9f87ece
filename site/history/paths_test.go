package history

import "testing"

func TestRel(t *testing.T) {
	for _, c := range [][3]string{
		{"drift/index.html", "drift/t/a/index.html", "t/a/index.html"},
		{"drift/t/us-east-1/b/index.html", "drift/parameters/x.html", "../../../parameters/x.html"},
		{"drift/t/a/index.html", "drift/t/a/sizes.html", "sizes.html"},
		{"drift/nights/2026-11.html", "drift/t/a/index.html", "../t/a/index.html"},
		{"drift/parameters/index.html", "drift/parameters/x.html", "x.html"},
	} {
		if got := rel(c[0], c[1]); got != c[2] {
			t.Errorf("rel(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestSlug(t *testing.T) {
	if slug("max_connections") != "max_connections" || slug("index") == "index" || slug("Index") == slug("index") {
		t.Error("slug")
	}
	if targetDir("us-east-1/orders") != "drift/t/us-east-1/orders/" || targetDir("../x") == "drift/t/../x/" {
		t.Error("targetDir")
	}
}
