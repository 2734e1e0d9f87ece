package snapshot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSetIDFor(t *testing.T) {
	for in, want := range map[string]string{
		"2026-12-05T020000Z":        "2026-12-05T020000Z",
		"2026-12-05T02:00:00Z":      "2026-12-05T020000Z",
		"2026-12-05T11:00:00+09:00": "2026-12-05T020000Z",
	} {
		if got, err := SetIDFor(in); err != nil || got != want {
			t.Errorf("SetIDFor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2026-12-05", "tonight", "2026-12-05T020000Z/../x"} {
		if got, err := SetIDFor(bad); err == nil {
			t.Errorf("SetIDFor(%q) = %q, want an error", bad, got)
		}
	}
}

// TestSharedSet: two shards and a finisher share one set. Shard snapshots
// are invisible until the manifest; once the finisher closed the set a
// shard can neither write its record nor replace a file the finisher
// carried; a retried shard replaces its own earlier file while the set is
// open; a complete set cannot be joined.
func TestSharedSet(t *testing.T) {
	ctx := context.Background()
	st, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	const id = "2026-12-05T020000Z"
	if _, err := st.JoinSet(ctx, "2026-12-05T02:00:00Z", true); err == nil {
		t.Error("JoinSet accepted a set id in another form than the canonical one")
	}
	a, err := st.JoinSet(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.JoinSet(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	put := func(w *SetWriter, name string, at time.Time) (string, error) {
		s := sample()
		s.Target.Name, s.TakenAt = name, at
		_, sum, err := w.Put(ctx, s)
		return sum, err
	}
	t0 := time.Date(2026, 12, 5, 2, 1, 0, 0, time.UTC)
	if _, err := put(a, "alpha", t0); err != nil {
		t.Fatal(err)
	}
	// A retry of shard a (a new process, a new writer) rewrites alpha.
	a2, err := st.JoinSet(ctx, id, true)
	if err != nil {
		t.Fatal(err)
	}
	alphaSum, err := put(a2, "alpha", t0.Add(time.Minute))
	if err != nil {
		t.Fatalf("a retried shard could not replace its own file in an open set: %v", err)
	}
	if err := a2.PutShardRecord(ctx, "region=eu-west-1.json", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := a2.PutShardRecord(ctx, "../x", []byte("a")); err == nil {
		t.Error("a shard record name with a path was accepted")
	}
	if ids, err := st.Sets(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("sets before the finish: %v, %v; want none (the set is incomplete)", ids, err)
	}

	fin, err := st.JoinSet(ctx, id, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := fin.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := fin.Close(ctx); err != nil {
		t.Errorf("closing a closed set (a retried finish): %v", err)
	}
	recs, err := fin.ShardRecords(ctx)
	if err != nil || len(recs) != 1 || string(recs["region=eu-west-1.json"]) != "a" {
		t.Fatalf("shard records %q, %v", recs, err)
	}
	// Shard b arrives late: no record, and no overwrite of a file the
	// finisher carried (here: beta, written by the finisher first).
	if err := b.PutShardRecord(ctx, "region=us-east-1.json", []byte("b")); !errors.Is(err, ErrSetClosed) {
		t.Errorf("late shard record: %v, want ErrSetClosed", err)
	}
	carried := sample()
	carried.Target.Name, carried.TakenAt = "beta", t0.Add(-24*time.Hour)
	_, betaSum, err := fin.Put(ctx, carried)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := put(b, "beta", t0); !errors.Is(err, ErrSetClosed) {
		t.Errorf("late shard overwriting the finisher's beta: %v, want ErrSetClosed", err)
	}
	if _, err := st.JoinSet(ctx, id, true); !errors.Is(err, ErrSetClosed) {
		t.Errorf("joining a closed set as a shard: %v, want ErrSetClosed", err)
	}
	m := &Manifest{StartedAt: t0, FinishedAt: t0.Add(time.Hour), Targets: []*Entry{
		{Name: "alpha", Status: StatusOK, File: "targets/alpha.json.gz", SHA256: alphaSum},
		{Name: "beta", Status: StatusOK, File: "targets/beta.json.gz", SHA256: betaSum},
	}}
	if err := fin.Finish(ctx, m); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alpha", "beta"} {
		if _, err := st.Snapshot(ctx, id, name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := st.JoinSet(ctx, id, true); err == nil || !strings.Contains(err.Error(), "complete already") {
		t.Errorf("joining a complete set: %v", err)
	}
}

// TestUnreached: the clusters of a failed region (one account or several)
// or of a failed account come back as skipped entries naming the failure;
// clusters of other regions, filtered ones and those this set names
// already do not.
func TestUnreached(t *testing.T) {
	prev := &Manifest{Targets: []*Entry{
		{Name: "us-east-1/a", Status: StatusOK}, {Name: "eu-west-1/b", Status: StatusOK},
		{Name: "eu-west-1/gone", Status: StatusSkipped, Filtered: true},
		{Name: "prod/us-east-1/c", Status: StatusOK}, {Name: "prod/eu-west-1/d", Status: StatusOK},
		{Name: "dev/us-east-1/e", Status: StatusOK}, {Name: "dev/eu-west-1/f", Status: StatusOK},
		{Name: "static1", Status: StatusOK}, {Name: "eu-west-1/named", Status: StatusOK},
	}}
	cur := []*Entry{
		{Name: "region:eu-west-1", Status: StatusFailed}, {Name: "eu-west-1/named", Status: StatusFailed},
		{Name: "region:prod/us-east-1", Status: StatusFailed}, {Name: "account:dev", Status: StatusFailed},
		{Name: "region:us-west-2", Status: StatusSkipped},
	}
	var got []string
	for _, e := range Unreached(prev, cur) {
		if e.Status != StatusSkipped {
			t.Errorf("%s: status %s", e.Name, e.Status)
		}
		got = append(got, e.Name+" <- "+e.Reason)
	}
	want := []string{
		"eu-west-1/b <- not crawled: region:eu-west-1 failed",
		"prod/us-east-1/c <- not crawled: region:prod/us-east-1 failed",
		"dev/us-east-1/e <- not crawled: account:dev failed",
		"dev/eu-west-1/f <- not crawled: account:dev failed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Unreached:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if Unreached(nil, cur) != nil {
		t.Error("Unreached without a previous set")
	}
}
