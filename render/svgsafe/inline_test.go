package svgsafe

import "testing"

func TestInline(t *testing.T) {
	for _, tc := range []struct {
		svg string
		ok  bool
	}{
		{`<?xml version="1.0"?>` + "\n" + `<svg width="1"><a href="x.html" xlink:href="x.html"><text>a &lt;script&gt; b onload=1</text></a></svg>`, true},
		{`<svg><script>alert(1)</script></svg>`, false},
		{`<svg><g onclick="x()"></g></svg>`, false},
		{`<svg><g ONLOAD = "x()"></g></svg>`, false},
		{`<svg><a href="javascript:alert(1)"></a></svg>`, false},
		{`<svg><a xlink:href="https://evil/"></a></svg>`, false},
		{`<svg><a href="java&#115;cript:x"></a></svg>`, false},
		{`<svg><style>*{}</style></svg>`, false},
		{`<svg><foreignObject></foreignObject></svg>`, false},
		{`<svg><!-- x --></svg>`, false},
		{`<svg><g class="a onclick=b"></g></svg>`, true},
		{"<svg><g\fonclick=\"x()\"></g></svg>", false},
		{"<svg><g\ronclick=\"x()\"></g></svg>", false},
		{`<svg><g class="a"onclick="x()"></g></svg>`, false},
		{`<svg><a class="a"href="javascript:x"></a></svg>`, false},
		{`<svg><a href="javascript&colon;x"></a></svg>`, false},
		{`<svg><a href='javascript:x'></a></svg>`, false},
		{`<svg><a href=javascript:x></a></svg>`, false},
		{`<svg><a href="//evil.example/"></a></svg>`, false},
		{`<svg><a href="/\evil.example/"></a></svg>`, false},
		{`<svg><g title="a>b" onclick="x()"></g></svg>`, false},
		{`<svg><a href='../t.html' class=x></a><a href="t-1_2.html#c"></a></svg>`, true},
		{`<div></div>`, false},
	} {
		if _, ok := Inline([]byte(tc.svg)); ok != tc.ok {
			t.Errorf("Inline(%q) ok = %v, want %v", tc.svg, ok, tc.ok)
		}
	}
}

// TestInlineMarkup checks that the markup is the document without its
// XML declaration.
func TestInlineMarkup(t *testing.T) {
	got, ok := Inline([]byte("<?xml version=\"1.0\"?>\n<svg><text>x</text></svg>"))
	if want := "<svg><text>x</text></svg>"; !ok || got != want {
		t.Errorf("Inline = %q, %v; want %q, true", got, ok, want)
	}
}
