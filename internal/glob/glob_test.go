package glob

import "testing"

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"*", []string{"", "eu-west-1/orders-prd", "a.b.c"}, nil},
		{"eu-west-1/*", []string{"eu-west-1/orders-prd", "eu-west-1/"}, []string{"us-east-1/orders-prd", "eu-west-1"}},
		{"shop.orders*", []string{"shop.orders", "shop.orders.note", "shop.orders_tmp"}, []string{"shop.order", "xshop.orders"}},
		{"wsrep_?", []string{"wsrep_a"}, []string{"wsrep_", "wsrep_ab"}},
		{"t[0-9]", []string{"t1"}, []string{"ta", "t10"}},
		{"t[!0-9]", []string{"ta"}, []string{"t1"}},
		{`a\*b`, []string{"a*b"}, []string{"axb"}},
		{"[]]", []string{"]"}, []string{"a"}},
		{"hostile db.weird`name.*", []string{"hostile db.weird`name.back`tick"}, []string{"hostile db.weird"}},
		{"⚡ *", []string{"⚡ rides"}, []string{"rides"}},
		{"a.b", []string{"a.b"}, []string{"axb"}},
	}
	for _, tt := range tests {
		g, err := Compile(tt.pattern)
		if err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
			continue
		}
		for _, m := range tt.match {
			if !g.Match(m) {
				t.Errorf("%q does not match %q", tt.pattern, m)
			}
		}
		for _, m := range tt.miss {
			if g.Match(m) {
				t.Errorf("%q matches %q", tt.pattern, m)
			}
		}
	}
	for _, bad := range []string{"", "[a", `a\`, "[z-a]"} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("%q compiled", bad)
		}
	}
}
