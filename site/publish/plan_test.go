package publish_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/site/publish"
)

func TestPlanFollowsListPagesAndDeletesInBatches(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	const stale = 1003 // S3 lists and deletes at most 1,000 keys per call
	var want []string
	for i := range stale {
		k := fmt.Sprintf("docs/old/%04d.html", i)
		if _, err := f.backend.PutObject(testBucket, k, map[string]string{}, strings.NewReader("old"), 3, nil); err != nil {
			t.Fatal(err)
		}
		want = append(want, k)
	}
	dir := writeSite(t, map[string]string{"index.html": "<h1>new</h1>"})
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}

	m := f.mark()
	plan, err := publish.BuildPlan(testContext(t), client, o)
	if err != nil {
		t.Fatalf("BuildPlan: %v", err)
	}
	if !slices.Equal(plan.Delete, want) {
		t.Errorf("plan deletes %d keys, want the %d stale ones, sorted", len(plan.Delete), stale)
	}
	if n := countOps(f.since(m), "ListObjectsV2"); n != 2 {
		t.Errorf("%d ListObjectsV2 pages, want 2", n)
	}

	m = f.mark()
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if n := countOps(f.since(m), "DeleteObjects"); n != 2 {
		t.Errorf("%d DeleteObjects requests, want 2 (1000 + 3)", n)
	}
	if got := bucketKeys(t, client); !slices.Equal(got, []string{"docs/index.html"}) {
		t.Errorf("bucket holds %d keys (first %v), want only docs/index.html", len(got), got[:min(3, len(got))])
	}
}

func TestPlanReadsSHA256MetadataOnlyForMultipartETags(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	files := siteFiles()
	dir := writeSite(t, files)
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	// Objects as a multipart upload would have left them: the listed
	// ETag is an MD5 of part MD5s with a part count, not the content's.
	multipart := func(content string) { f.listETagFor(md5Hex(content), md5Hex(md5Hex(content))+"-2") }
	// unchanged: same content, sha256 metadata matches
	multipart(files["tables/users.html"])
	// changed, same size: only the metadata tells
	multipart(files["tables/orders.html"])
	writeFile(t, dir, "tables/orders.html", strings.ToUpper(files["tables/orders.html"]))
	// same content but stored by another tool, without sha256 metadata
	// (deleted first: gofakes3 carries metadata over to a new version)
	if _, err := f.backend.DeleteObject(testBucket, "docs/tables/users.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.backend.PutObject(testBucket, "docs/tables/users.md", map[string]string{}, strings.NewReader(files["tables/users.md"]), int64(len(files["tables/users.md"])), nil); err != nil {
		t.Fatal(err)
	}
	multipart(files["tables/users.md"])
	// changed size: no need to ask
	multipart(files["img/logo.svg"])
	writeFile(t, dir, "img/logo.svg", "<svg id=logo-v2/>")

	m := f.mark()
	plan, err := publish.BuildPlan(testContext(t), client, o)
	if err != nil {
		t.Fatalf("BuildPlan: %v", err)
	}
	var uploads []string
	for _, it := range plan.Upload {
		uploads = append(uploads, it.Key)
	}
	if want := keys("docs", "img/logo.svg", "tables/orders.html", "tables/users.md"); !slices.Equal(uploads, want) {
		t.Errorf("plan uploads %v, want %v", uploads, want)
	}
	if plan.Unchanged != len(publishedRels)-3 {
		t.Errorf("unchanged %d, want %d", plan.Unchanged, len(publishedRels)-3)
	}
	var heads []string
	for _, r := range f.since(m) {
		if r.op() == "HeadObject" {
			heads = append(heads, r.key())
		}
	}
	slices.Sort(heads)
	if want := keys("docs", "tables/orders.html", "tables/users.html", "tables/users.md"); !slices.Equal(heads, want) {
		t.Errorf("HeadObject for %v, want %v (multipart ETags of the local size only)", heads, want)
	}
}

func TestPlanWrite(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	writeFile(t, dir, "tables/invoices.html", "<h2>invoices</h2>")
	writeFile(t, dir, "index.html", "<h1>shop (3 tables)</h1>")
	removeFile(t, dir, "tables/orders.html")
	o.DryRun = true
	plan, err := publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	var b strings.Builder
	if err := plan.Write(&b); err != nil {
		t.Fatalf("Write: %v", err)
	}
	want := `upload  new      s3://site-bucket/docs/tables/invoices.html  text/html; charset=utf-8 | no-cache | 17 B
upload  changed  s3://site-bucket/docs/index.html  text/html; charset=utf-8 | no-cache | 24 B | entry
delete           s3://site-bucket/docs/tables/orders.html
2 to upload (1 new, 1 changed), 1 to delete, 9 unchanged
`
	if got := b.String(); got != want {
		t.Errorf("Write:\n%s\nwant:\n%s", got, want)
	}

	if err := plan.Write(failingWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer: %v, want its error", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func countOps(reqs []request, op string) int {
	n := 0
	for _, r := range reqs {
		if r.op() == op {
			n++
		}
	}
	return n
}
