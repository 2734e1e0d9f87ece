package collector

import (
	"fmt"
	"testing"
)

func TestExcludedWarning(t *testing.T) {
	if got, want := excludedWarning([]string{"tmp_x"}), `1 schema excluded by the schema filter: "tmp_x"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got, want := excludedWarning([]string{"b\nc", "a/b"}), `2 schemas excluded by the schema filter: "a/b", "b\nc"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	var many []string
	for i := range 25 {
		many = append(many, fmt.Sprintf("t%02d", i))
	}
	want := `25 schemas excluded by the schema filter: "t00", "t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09", ` +
		`"t10", "t11", "t12", "t13", "t14", "t15", "t16", "t17", "t18", "t19" and 5 more`
	if got := excludedWarning(many); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
