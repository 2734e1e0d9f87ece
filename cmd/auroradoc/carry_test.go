package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestCrawlCarriesForwardAndPrunes crawls twice through the CLI: on the
// second night one target's server is gone, so its last good snapshot is
// carried into the new set, marked stale with the error; the configured
// retention deletes a set older than its window and keeps the rest.
func TestCrawlCarriesForwardAndPrunes(t *testing.T) {
	db := testbed.StartMariaDB(t)
	db.Exec(t, fixtures.Synthetic("app", 5, 1).SQL)
	ctx := context.Background()
	proxy, err := wireproxy.Start(ctx, wireproxy.Options{Upstream: db.Addr()})
	if err != nil {
		t.Fatal(err)
	}
	ph, pp, _ := net.SplitHostPort(proxy.Addr())
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	cfg := writeFile(t, dir, "auroradoc.yaml", fmt.Sprintf(`
crawl: {timeout: 5s, connect_timeout: 1s}
retention: {daily: 30}
targets:
  - {name: steady, host: %s, port: %d, user: root, password_env: PW}
  - {name: flaky, host: %s, port: %s, user: root, password_env: PW}
`, db.Host, db.Port, ph, pp))
	secrets := map[string]string{"PW": db.RootPassword}

	// A set from long ago, outside the retention window.
	st, err := snapshot.OpenDirForWriting(store)
	if err != nil {
		t.Fatal(err)
	}
	old, err := st.NewSet(ctx, time.Now().AddDate(0, -3, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Finish(ctx, &snapshot.Manifest{}); err != nil {
		t.Fatal(err)
	}

	if code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store); code != exitOK {
		t.Fatalf("night 1: exit %d\n%s\n%s", code, out, errOut)
	} else if !strings.Contains(out, "retention: deleted 1 old snapshot set(s)") {
		t.Errorf("night 1 output does not report the pruned set:\n%s", out)
	}
	_, night1, _ := latestSet(t, store)
	time.Sleep(1100 * time.Millisecond) // set ids have one-second resolution
	proxy.Close()
	code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store)
	if code != exitPartial {
		t.Fatalf("night 2: exit %d, want %d\n%s\n%s", code, exitPartial, out, errOut)
	}
	st, night2, m := latestSet(t, store)
	sets, err := st.Sets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0] != night1 || sets[1] != night2 {
		t.Errorf("sets = %v, want [%s %s] (the old one pruned)", sets, night1, night2)
	}
	for _, e := range m.Targets {
		switch e.Name {
		case "steady":
			if e.Stale() || e.Status != snapshot.StatusOK {
				t.Errorf("steady: %+v", e)
			}
		case "flaky":
			if e.Status != snapshot.StatusFailed || !strings.Contains(e.Error, "connecting") || !e.Stale() || e.StaleFrom != night1 || e.StaleSince == nil {
				t.Errorf("flaky: %+v, want failed with a stale copy from %s", e, night1)
			}
			s, err := st.Snapshot(ctx, night2, "flaky")
			if err != nil {
				t.Fatalf("carried snapshot unreadable: %v", err)
			}
			if !s.TakenAt.Equal(*e.StaleSince) || s.FindSchema("app") == nil {
				t.Errorf("carried snapshot taken %v (entry says %v), schemas %d", s.TakenAt, e.StaleSince, len(s.Schemas))
			}
		default:
			t.Errorf("unexpected entry %s", e.Name)
		}
	}

	// render writes the site with its drift pages (history records are
	// computed on the way and cached in the store), the stale target
	// marked on both.
	site := filepath.Join(dir, "site")
	if code, out, errOut := runCLI(t, nil, "render", "--store", store, "--out", site); code != exitOK {
		t.Fatalf("render: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, p := range []string{"index.html", "drift/index.html", "drift/t/flaky/index.html"} {
		b, err := os.ReadFile(filepath.Join(site, p))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "stale") {
			t.Errorf("%s does not mark flaky as stale", p)
		}
	}
	if recs, err := st.ListAux(ctx, "history/"); err != nil || len(recs) != 2 {
		t.Errorf("history records in the store: %v, %v", recs, err)
	}
}

// TestCrawlOnlySomeTargetsKeepsTheFleet: a crawl with --targets visits only
// those targets, yet its set still stands for the whole fleet: every other
// target is kept, skipped and carried forward from the set before, so the
// set does not pose as a night where they were removed. (Such a set used to
// list only the crawled targets: drift then reported the others removed.)
func TestCrawlOnlySomeTargetsKeepsTheFleet(t *testing.T) {
	db := testbed.StartMariaDB(t)
	db.Exec(t, fixtures.Synthetic("app", 3, 1).SQL)
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	cfg := writeFile(t, dir, "auroradoc.yaml", fmt.Sprintf(`
crawl: {timeout: 30s}
targets:
  - {name: db1, host: %[1]s, port: %[2]d, user: root, password_env: PW}
  - {name: db2, host: %[1]s, port: %[2]d, user: root, password_env: PW}
  - {name: db3, host: %[1]s, port: %[2]d, user: root, password_env: PW}
`, db.Host, db.Port))
	secrets := map[string]string{"PW": db.RootPassword}
	if code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store); code != exitOK {
		t.Fatalf("full crawl: exit %d\n%s\n%s", code, out, errOut)
	}
	first := latestManifest(t, store)
	code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store, "--targets", "db2")
	if code != exitOK {
		t.Fatalf("--targets db2: exit %d\n%s\n%s", code, out, errOut)
	}
	m := latestManifest(t, store)
	if m.Set == first.Set {
		t.Fatal("no second set")
	}
	got := map[string]string{}
	for _, e := range m.Targets {
		got[e.Name] = e.Status + " stale_from=" + e.StaleFrom
		if e.Name != "db2" && !strings.Contains(e.Reason, "--targets db2") {
			t.Errorf("%s: reason %q does not say the run crawled only --targets db2", e.Name, e.Reason)
		}
	}
	want := map[string]string{
		"db1": "skipped stale_from=" + first.Set,
		"db2": "ok stale_from=",
		"db3": "skipped stale_from=" + first.Set,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("second set's targets %v, want %v", got, want)
	}
	// Nothing was removed: the uncrawled targets compare through their
	// carried snapshots.
	code, out, errOut = runCLI(t, nil, "drift", "--store", store)
	if code != exitOK || strings.Contains(out, "removed") {
		t.Errorf("drift after a --targets crawl: exit %d\n%s\n%s", code, out, errOut)
	}
	// The latest manifest damaged: the next --targets crawl takes the rest
	// of the fleet from the newest readable set instead of dropping it.
	if err := os.WriteFile(filepath.Join(store, m.Set, "manifest.json"), []byte(`{"format_version": 1, "se`), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // a new set id
	if code, out, errOut := runCLI(t, secrets, "crawl", "--config", cfg, "--store", store, "--targets", "db2"); code != exitOK {
		t.Fatalf("--targets db2 after a damaged set: exit %d\n%s\n%s", code, out, errOut)
	}
	m3 := latestManifest(t, store)
	var names []string
	for _, e := range m3.Targets {
		names = append(names, e.Name+"="+e.StaleFrom)
	}
	if want := "[db1=" + first.Set + " db2= db3=" + first.Set + "]"; fmt.Sprint(names) != want {
		t.Errorf("set after a damaged one: %v, want %s", names, want)
	}
}

func latestManifest(t *testing.T, store string) *snapshot.Manifest {
	t.Helper()
	st, err := snapshot.OpenDir(store)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, err := st.Manifest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
