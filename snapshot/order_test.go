package snapshot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSetsOrderBySuffix: eleven sets in one second are listed in the order
// they were made ("-10" after "-9", not after the first), and the last one
// is the latest.
func TestSetsOrderBySuffix(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	var want []string
	for range 11 {
		w, err := st.NewSet(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Finish(ctx, &Manifest{}); err != nil {
			t.Fatal(err)
		}
		want = append(want, w.ID())
	}
	next, err := st.NewSet(ctx, at.Add(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if err := next.Finish(ctx, &Manifest{}); err != nil {
		t.Fatal(err)
	}
	want = append(want, next.ID())
	if want[9] != "2026-11-21T030000Z-10" {
		t.Fatalf("tenth set is %s", want[9])
	}
	got, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sets =\n%v\nwant\n%v", got, want)
	}
	// Latest of the same-second sets alone.
	if err := st.b.Delete(ctx, next.ID()+"/"); err != nil {
		t.Fatal(err)
	}
	if latest, err := st.Latest(ctx); err != nil || latest != "2026-11-21T030000Z-11" {
		t.Errorf("Latest = %s, %v; want 2026-11-21T030000Z-11", latest, err)
	}
	// Retention knows the newest too: it always keeps the newest set, and
	// the newest of the rest for the week.
	keep, _ := Retention{Daily: 1, Weekly: 4}.Keep(want[:11], at.AddDate(0, 0, 5))
	if !slices.Equal(keep, []string{"2026-11-21T030000Z-10", "2026-11-21T030000Z-11"}) {
		t.Errorf("weekly retention kept %v, want the newest two sets", keep)
	}
}

// TestNewSetRefusesToSortBeforeNewest: a set dated more than an hour
// after a new crawl's start (a clock ran ahead when it was written, or
// this one is behind) would stay the latest set for ever, every new set
// sorting before it: NewSet refuses, naming that set and the skew. Within
// the margin, a small skew between hosts is no skew.
func TestNewSetRefusesToSortBeforeNewest(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	write := func(at time.Time) (string, error) {
		t.Helper()
		w, err := st.NewSet(ctx, at)
		if err != nil {
			return "", err
		}
		return w.ID(), w.Finish(ctx, &Manifest{StartedAt: at, FinishedAt: at})
	}
	if _, err := write(now.Add(-24 * time.Hour)); err != nil {
		t.Fatal(err)
	}
	ahead, err := write(now.Add(30 * time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := write(now); err != nil {
		t.Errorf("a set 30 minutes ahead (within the margin) refused a new set: %v", err)
	}
	future, err := write(now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = write(now.Add(time.Minute))
	if err == nil || !strings.Contains(err.Error(), future) || !strings.Contains(err.Error(), "clock skew") {
		t.Fatalf("new set before a future-dated one: want a clock skew error naming %s, got %v", future, err)
	}
	if latest, err := st.Latest(ctx); err != nil || latest != future {
		t.Fatalf("Latest = %s, %v", latest, err)
	}
	// Once the future set is moved out, crawls go on.
	if err := st.b.Delete(ctx, future+"/"); err != nil {
		t.Fatal(err)
	}
	id, err := write(now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if latest, _ := st.Latest(ctx); latest != ahead {
		t.Errorf("Latest = %s, want %s (%s sorts before it)", latest, ahead, id)
	}
}
