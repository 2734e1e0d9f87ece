package markdown

import "testing"

func TestEscapers(t *testing.T) {
	cases := []struct {
		name string
		f    func(string) string
		in   string
		want string
	}{
		{"ident", ident, "order_item", "order_item"},
		{"ident", ident, "weird`name", "weird\\`name"},
		{"ident", ident, `a\|b<c>[d]*#&~`, `a\\\|b\<c\>\[d\]\*\#\&\~`},
		{"ident", ident, "a\r\nb\nc\rd", "a b c d"},
		{"ident", ident, "a\x00b", "a\uFFFDb"},
		{"identColumn", identColumn, "a|b<c>`", "a|b<c>\\`"},
		{"identColumn", identColumn, `a\|b`, `a\\|b`},
		{"cell", cell, "a | b <script>", `a \| b \<script>`},
		{"cell", cell, "a <> b >= c <= d <=> e < 5 <", "a <> b >= c <= d <=> e < 5 <"},
		{"cell", cell, "</x> <!-- <?php <!DOCTYPE <http://x>", `\</x> \<!-- \<?php \<!DOCTYPE \<http://x>`},
		{"cell", cell, `a\|b \\<c`, `a\\\|b \\\\\<c`},
		{"cell", cell, "keep\nnewlines `a` **b** \\d", "keep\nnewlines `a` **b** \\d"},
		{"cellColumn", cellColumn, `a | b \| c \d`, `a | b \\| c \d`},
		{"description", description, "<img src=x>\n```\n   ~~~x\n    ```\n| a |", "\\<img src=x>\n\\```\n   \\~~~x\n    ```\n| a |"},
		{"description", description, "a\r\nb\rc", "a\nb\nc"},
	}
	for _, c := range cases {
		if got := c.f(c.in); got != c.want {
			t.Errorf("%s(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

// TestCellEscapingIsOddBeforeSpecials: after cell(), every "|" and every
// "<" before a letter follows an odd run of backslashes, whatever the input.
func TestCellEscapingIsOddBeforeSpecials(t *testing.T) {
	inputs := []string{`|`, `\|`, `\\|`, `\\\|`, `a\`, `\`, `<\>`, `x\\\\<y`, "|\\|\\\\|", `\<b\\<i`}
	for _, in := range inputs {
		out := cell(in)
		run := 0
		for i := 0; i < len(out); i++ {
			switch {
			case out[i] == '\\':
				run++
				continue
			case (out[i] == '|' || out[i] == '<' && i+1 < len(out) && out[i+1] >= 'a' && out[i+1] <= 'z') && run%2 == 0:
				t.Errorf("cell(%q) = %q: %q at %d after %d backslashes", in, out, out[i], i, run)
			}
			run = 0
		}
	}
}

func TestFence(t *testing.T) {
	for in, want := range map[string]string{"": "```", "a`b``c": "```", "```": "````", "x`````y": "``````"} {
		if got := fence(in); got != want {
			t.Errorf("fence(%q) = %q, want %q", in, got, want)
		}
	}
}
