package collector

import (
	"slices"
	"testing"
)

// One region of two accounts is two groups: the round-robin order (and
// GroupConcurrency) treats them apart, and targets without an account
// group by region as before.
func TestInterleaveByAccountRegion(t *testing.T) {
	targets := []Target{
		{Name: "a/us-east-1/x", Account: "a", Region: "us-east-1"},
		{Name: "a/us-east-1/y", Account: "a", Region: "us-east-1"},
		{Name: "b/us-east-1/x", Account: "b", Region: "us-east-1"},
		{Name: "b/us-east-1/y", Account: "b", Region: "us-east-1"},
		{Name: "us-east-1/x", Region: "us-east-1"},
	}
	var got []string
	for _, t := range interleaveByRegion(targets) {
		got = append(got, t.Name)
	}
	want := []string{"a/us-east-1/x", "b/us-east-1/x", "us-east-1/x", "a/us-east-1/y", "b/us-east-1/y"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}
