package main

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
	if err := run(context.Background(), []string{"--store", dir, "--out", siteDir, "--no-serve"}, &out, &errb); err != nil {
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
}

// TestDemoServes runs the demo as the README does (serving), fetches the
// index over HTTP and stops it.
func TestDemoServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--store", t.TempDir(), "--out", t.TempDir(), "--addr", "127.0.0.1:0"}, pw, io.Discard)
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
