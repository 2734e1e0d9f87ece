package driftpages

import (
	"reflect"
	"testing"
)

func TestDiffLines(t *testing.T) {
	got := diffLines("--- a/s.t\n+++ b/s.t\n@@ -1,3 +1,3 @@\n   `id` int NOT NULL,\n-  `name` varchar(50) NOT NULL,\n+  `name` varchar(100) NOT NULL,\n+  `extra` int,\n")
	want := []diffLine{
		{"file", []diffSeg{{"--- a/s.t", false}}},
		{"file", []diffSeg{{"+++ b/s.t", false}}},
		{"hunk", []diffSeg{{"@@ -1,3 +1,3 @@", false}}},
		{"ctx", []diffSeg{{"   `id` int NOT NULL,", false}}},
		// one removal, two additions: not paired, no word marks
		{"del", []diffSeg{{"-  `name` varchar(50) NOT NULL,", false}}},
		{"add", []diffSeg{{"+  `name` varchar(100) NOT NULL,", false}}},
		{"add", []diffSeg{{"+  `extra` int,", false}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diffLines =\n%v\nwant\n%v", got, want)
	}

	got = diffLines("-  `name` varchar(50) NOT NULL,\n+  `name` varchar(100) NOT NULL,")
	want = []diffLine{
		{"del", []diffSeg{{"-", false}, {"  `name` varchar(", false}, {"50", true}, {") NOT NULL,", false}}},
		{"add", []diffSeg{{"+", false}, {"  `name` varchar(", false}, {"100", true}, {") NOT NULL,", false}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paired diffLines =\n%v\nwant\n%v", got, want)
	}
	// Nothing in common: the lines are not marked word by word.
	if d, a := wordDiff("abc", "xyz"); len(d) != 1 || d[0].Mark || len(a) != 1 || a[0].Mark {
		t.Errorf("wordDiff of unrelated lines = %v, %v", d, a)
	}
}
