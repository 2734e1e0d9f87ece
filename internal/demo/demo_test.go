package demo

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

// TestDemo runs the README's first command in-process: every demo server
// is crawled and its snapshot is readable.
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	siteDir := filepath.Join(t.TempDir(), "site")
	var out, errb bytes.Buffer
	if err := Run(context.Background(), []string{"--store", dir, "--out", siteDir, "--no-serve"}, &out, &errb); err != nil {
		t.Fatalf("demo failed: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	st, err := snapshot.OpenDir(dir)
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
	if m.Summary.OK != 3 {
		t.Fatalf("manifest: %+v", m.Summary)
	}
	for _, e := range m.Targets {
		s, err := st.Snapshot(ctx, id, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Schemas) == 0 || e.Tables == 0 {
			t.Errorf("%s: no schemas/tables", e.Name)
		}
	}
	if _, err := os.Stat(filepath.Join(siteDir, "t", "commerce-prd", "s", "shop", "customer.html")); err != nil {
		t.Errorf("site not rendered: %v", err)
	}
	if !strings.Contains(out.String(), "commerce-prd") {
		t.Errorf("summary missing:\n%s", out.String())
	}
	// Two nights with the overnight changes between them: the drift
	// report names each, exactly, and the drift pages show them.
	sets, err := st.Sets(ctx)
	if err != nil || len(sets) != 2 {
		t.Fatalf("sets %v, %v", sets, err)
	}
	for _, want := range []string{
		"+ column shop.customer.nickname added: varchar(64)",
		"+ table shop.gift_card added",
		"- index rides.battery_status_033.ix_label removed",
		"3 unexpected, 0 expected, 0 ignored changes",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo drift report lacks %q:\n%s", want, out.String())
		}
	}
	page, err := os.ReadFile(filepath.Join(siteDir, "drift", "t", "commerce-prd", "index.html"))
	if err != nil || !strings.Contains(string(page), "nickname") {
		t.Errorf("drift page of commerce-prd missing or without the new column (%v)", err)
	}

	// A second run empties its own store first (a fresh in-memory fleet
	// would otherwise read as a night of drift)…
	out.Reset()
	if err := Run(ctx, []string{"--store", dir, "--out", siteDir, "--no-serve"}, &out, &errb); err != nil {
		t.Fatalf("second demo run: %v", err)
	}
	if sets, _ := st.Sets(ctx); len(sets) != 2 {
		t.Errorf("second run left %d sets, want 2", len(sets))
	}
	// …but never a directory it did not write.
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "precious.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Run(ctx, []string{"--store", foreign, "--out", siteDir, "--no-serve"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "not written by the demo") {
		t.Errorf("demo over a foreign directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(foreign, "precious.txt")); err != nil {
		t.Errorf("foreign file gone: %v", err)
	}
}

// TestDemoServes runs the demo as the README does (serving), fetches the
// index over HTTP and stops it.
func TestDemoServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"--store", t.TempDir(), "--out", t.TempDir(), "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() {
		if _, rest, ok := strings.Cut(sc.Text(), "serving on "); ok {
			url = strings.Fields(rest)[0]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		t.Fatalf("demo never said where it serves: %v", <-done)
	}
	resp, err := http.Get(url + "index.html")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "commerce-prd") {
		t.Errorf("GET index.html: %d\n%s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("demo did not stop cleanly: %v", err)
	}
}
