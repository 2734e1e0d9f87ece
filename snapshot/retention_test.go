package snapshot

import (
	"context"
	"slices"
	"testing"
	"time"
)

func setIDs(from time.Time, nights int) []string {
	var ids []string
	for i := 0; i < nights; i++ {
		ids = append(ids, from.AddDate(0, 0, i).Format(SetIDLayout))
	}
	return ids
}

func TestRetentionKeep(t *testing.T) {
	now := time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC)
	// 400 nightly sets at 03:00, the last one today.
	ids := setIDs(time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC).AddDate(0, 0, -399), 400)

	t.Run("zero keeps everything", func(t *testing.T) {
		keep, drop := Retention{}.Keep(ids, now)
		if len(keep) != 400 || len(drop) != 0 {
			t.Fatalf("keep %d drop %d, want 400 and 0", len(keep), len(drop))
		}
	})
	t.Run("daily weekly monthly", func(t *testing.T) {
		r := Retention{Daily: 7, Weekly: 4, Monthly: 3}
		keep, drop := r.Keep(ids, now)
		if len(keep)+len(drop) != 400 {
			t.Fatalf("keep %d + drop %d != 400", len(keep), len(drop))
		}
		// Daily: the sets of 2026-11-14T03 … 2026-11-21T03 are newer than
		// now-7d (2026-11-14T04) except the 14th.
		for _, d := range []string{"2026-11-15T030000Z", "2026-11-21T030000Z"} {
			if !slices.Contains(keep, d) {
				t.Errorf("daily set %s dropped", d)
			}
		}
		// Weekly window 2026-10-17T04 … 2026-11-14T04: one per ISO week,
		// the newest (Sunday, or the window's last day).
		weekly := 0
		for _, k := range keep {
			at, _ := parseSetID(k)
			if at.Before(now.AddDate(0, 0, -7)) && !at.Before(now.AddDate(0, 0, -7-28)) {
				weekly++
				if at.Weekday() != time.Sunday && k != "2026-11-14T030000Z" {
					t.Errorf("weekly set %s is not the newest of its week", k)
				}
			}
		}
		if weekly < 4 || weekly > 5 {
			t.Errorf("%d weekly sets kept, want 4 or 5 (partial weeks at the edges)", weekly)
		}
		// Nothing older than the monthly window survives.
		oldest, _ := parseSetID(keep[0])
		if limit := now.AddDate(0, 0, -35).AddDate(0, -3, 0); oldest.Before(limit) {
			t.Errorf("oldest kept set %s is before the monthly window %s", keep[0], limit)
		}
		// Two sets of one month in the monthly window: only the newest.
		months := map[string]string{}
		for _, k := range keep {
			at, _ := parseSetID(k)
			if at.Before(now.AddDate(0, 0, -35)) {
				m := at.Format("2006-01")
				if prev, ok := months[m]; ok {
					t.Errorf("month %s kept twice: %s and %s", m, prev, k)
				}
				months[m] = k
			}
		}
		if len(keep) > 7+6+4 {
			t.Errorf("kept %d sets, want at most 17: %v", len(keep), keep)
		}
	})
	t.Run("newest always kept", func(t *testing.T) {
		old := setIDs(time.Date(2020, 1, 1, 3, 0, 0, 0, time.UTC), 3)
		keep, drop := Retention{Daily: 1}.Keep(old, now)
		if !slices.Equal(keep, old[2:]) || !slices.Equal(drop, old[:2]) {
			t.Errorf("keep %v drop %v", keep, drop)
		}
	})
	t.Run("same-second runs", func(t *testing.T) {
		in := []string{"2026-11-21T030000Z", "2026-11-21T030000Z-2", "2026-11-01T030000Z", "2026-11-01T030000Z-2"}
		keep, drop := Retention{Daily: 7, Monthly: 12}.Keep(in, now)
		if !slices.Equal(keep, []string{"2026-11-01T030000Z-2", "2026-11-21T030000Z", "2026-11-21T030000Z-2"}) || !slices.Equal(drop, []string{"2026-11-01T030000Z"}) {
			t.Errorf("keep %v drop %v", keep, drop)
		}
	})
}

// TestPrune deletes on a real directory store: dropped sets disappear
// with every file, kept ones stay readable, an interrupted set older than
// a day goes, a fresh one (a crawl in progress) stays, auxiliary data is
// untouched.
func TestPrune(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC)
	for i := 20; i >= 0; i-- {
		at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC).AddDate(0, 0, -i)
		w, err := st.NewSet(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		s := sample()
		s.Target.Name, s.TakenAt = "alpha", at
		file, sum, err := w.Put(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Finish(ctx, &Manifest{StartedAt: at, FinishedAt: at, Targets: []*Entry{{Name: "alpha", Status: StatusOK, File: file, SHA256: sum}}}); err != nil {
			t.Fatal(err)
		}
	}
	// Interrupted runs: one two days old, one an hour old.
	for _, id := range []string{"2026-11-19T050000Z", "2026-11-21T033000Z"} {
		if err := st.b.Put(ctx, id+"/targets/alpha.json.gz", []byte("partial")); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutAux(ctx, "history/2026-11-01T030000Z.json.gz", []byte("x")); err != nil {
		t.Fatal(err)
	}
	deleted, err := st.Prune(ctx, Retention{Daily: 7, Weekly: 1}, now)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Daily: newer than 11-14T04:00 (7 sets). Weekly (one week back, to
	// 11-07T04:00): that span touches two ISO weeks, so the newest set of
	// each is kept: Sunday 11-08 and Saturday 11-14.
	want := []string{"2026-11-08T030000Z", "2026-11-14T030000Z", "2026-11-15T030000Z", "2026-11-16T030000Z", "2026-11-17T030000Z",
		"2026-11-18T030000Z", "2026-11-19T030000Z", "2026-11-20T030000Z", "2026-11-21T030000Z"}
	if !slices.Equal(sets, want) {
		t.Errorf("sets after prune:\n%v\nwant\n%v", sets, want)
	}
	if len(deleted) != 21-len(want)+1 || !slices.Contains(deleted, "2026-11-19T050000Z") {
		t.Errorf("deleted %v", deleted)
	}
	for _, id := range deleted {
		if ok, _ := st.b.Exists(ctx, id+"/"); ok {
			t.Errorf("set %s still has files", id)
		}
	}
	if ok, _ := st.b.Exists(ctx, "2026-11-21T033000Z/"); !ok {
		t.Error("a set being written right now was deleted")
	}
	if _, err := st.GetAux(ctx, "history/2026-11-01T030000Z.json.gz"); err != nil {
		t.Errorf("auxiliary data touched: %v", err)
	}
	for _, id := range want {
		if _, err := st.Snapshot(ctx, id, "alpha"); err != nil {
			t.Errorf("kept set unreadable: %v", err)
		}
	}
	// Pruning again deletes nothing more.
	again, err := st.Prune(ctx, Retention{Daily: 7, Weekly: 1}, now)
	if err != nil || len(again) != 0 {
		t.Errorf("second prune: %v, %v", again, err)
	}
}
