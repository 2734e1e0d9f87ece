package publish_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/auroradoc/auroradoc/site/publish"
)

func TestPublishFirstUploadsAllSecondUploadsNothing(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}

	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("first Publish: %v", err)
	}
	reqs := f.since(m)
	var planned []string
	for _, it := range plan.Upload {
		planned = append(planned, it.Key)
		if it.Reason != publish.ReasonNew {
			t.Errorf("%s: reason %q, want %q", it.Key, it.Reason, publish.ReasonNew)
		}
	}
	if want := keys("docs", publishedRels...); !sameSet(planned, want) {
		t.Errorf("first plan uploads %v, want %v", planned, want)
	}
	if got := putKeys(reqs); !sameSet(got, keys("docs", publishedRels...)) || len(got) != len(publishedRels) {
		t.Errorf("first publish PUT %v, want each of %v once", got, publishedRels)
	}
	if len(plan.Delete) != 0 || plan.Unchanged != 0 {
		t.Errorf("first plan: delete %v, unchanged %d; want none", plan.Delete, plan.Unchanged)
	}
	if got, want := bucketKeys(t, client), keys("docs", publishedRels...); !slices.Equal(got, want) {
		t.Errorf("bucket holds %v, want %v (no dotfiles or temp files)", got, want)
	}

	m = f.mark()
	plan, err = publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("second Publish: %v", err)
	}
	reqs = f.since(m)
	if len(plan.Upload) != 0 || len(plan.Delete) != 0 || plan.Unchanged != len(publishedRels) {
		t.Errorf("second plan: upload %d, delete %d, unchanged %d; want 0, 0, %d",
			len(plan.Upload), len(plan.Delete), plan.Unchanged, len(publishedRels))
	}
	for _, r := range reqs {
		if r.op() != "ListObjectsV2" {
			t.Errorf("unchanged site: request %s %s; want only ListObjectsV2 (all: %v)", r.op(), r.key(), ops(reqs))
		}
	}
	if len(reqs) != 1 {
		t.Errorf("unchanged site: %d requests %v, want 1 ListObjectsV2", len(reqs), ops(reqs))
	}
}

func TestPublishUploadsOnlyTheChangedFileAndChangedEntryPages(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("first Publish: %v", err)
	}

	// The renderer rewrites one table page and, because of it, the
	// search index; every other file is rewritten with the same content.
	for rel, content := range siteFiles() {
		writeFile(t, dir, rel, content)
	}
	writeFile(t, dir, "tables/users.html", "<h2>users</h2><p>now with an email column</p>")
	writeFile(t, dir, "search-index.json", `[{"t":"users","c":["email"]},{"t":"orders"}]`)

	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	want := keys("docs", "tables/users.html", "search-index.json")
	var got []string
	for _, it := range plan.Upload {
		got = append(got, it.Key)
		if it.Reason != publish.ReasonChanged {
			t.Errorf("%s: reason %q, want %q", it.Key, it.Reason, publish.ReasonChanged)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("plan uploads %v, want %v (the page, then the entry page)", got, want)
	}
	if puts := putKeys(f.since(m)); !slices.Equal(puts, want) {
		t.Errorf("PUT %v, want %v in that order", puts, want)
	}
	if plan.Unchanged != len(publishedRels)-2 || len(plan.Delete) != 0 {
		t.Errorf("unchanged %d, delete %v; want %d, none", plan.Unchanged, plan.Delete, len(publishedRels)-2)
	}
	if got := getObject(t, client, "docs/tables/users.html"); !strings.Contains(got, "email") {
		t.Errorf("docs/tables/users.html holds %q, want the new content", got)
	}
}

func TestPublishDeletesStaleKeysOnlyAfterAllUploads(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("first Publish: %v", err)
	}
	// Objects beside the prefix are not the site's.
	for _, k := range []string{"docs-old/index.html", "docs", "other/x.html"} {
		if _, err := f.backend.PutObject(testBucket, k, map[string]string{}, strings.NewReader("keep"), 4, nil); err != nil {
			t.Fatal(err)
		}
	}

	removeFile(t, dir, "tables/orders.html")
	writeFile(t, dir, "tables/index.html", "<a href=users.html>users</a><a href=invoices.html>invoices</a>")
	writeFile(t, dir, "tables/invoices.html", "<h2>invoices</h2>")
	writeFile(t, dir, "index.html", "<h1>shop (3 tables)</h1>")

	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	reqs := f.since(m)
	if want := []string{"docs/tables/orders.html"}; !slices.Equal(plan.Delete, want) {
		t.Errorf("plan deletes %v, want %v", plan.Delete, want)
	}
	lastPut, firstDelete, deletes := -1, -1, 0
	for i, r := range reqs {
		switch r.op() {
		case "PutObject":
			lastPut = i
		case "DeleteObjects", "DeleteObject":
			deletes++
			if firstDelete < 0 {
				firstDelete = i
			}
		}
	}
	if deletes != 1 || lastPut < 0 || firstDelete < lastPut {
		t.Errorf("want uploads, then one delete request; got %v", ops(reqs))
	}
	wantKeys := keys("docs", publishedRels...)
	wantKeys = slices.DeleteFunc(wantKeys, func(k string) bool { return k == "docs/tables/orders.html" })
	wantKeys = append(wantKeys, "docs/tables/invoices.html", "docs-old/index.html", "docs", "other/x.html")
	slices.Sort(wantKeys)
	if got := bucketKeys(t, client); !slices.Equal(got, wantKeys) {
		t.Errorf("bucket holds %v, want %v", got, wantKeys)
	}
}

func TestPublishUploadsEntryPagesLastAndRootIndexLastOfAll(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	files := siteFiles()
	files["tables/users/index.html"] = "<h3>users columns</h3>"
	files["tables/users/id.html"] = "<h3>id</h3>"
	dir := writeSite(t, files)
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs", Concurrency: 4}

	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, o)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	wantPlan := keys("docs",
		"assets/app.3f2a9c1b.js", "assets/site.css", "img/er.9c1d2e3f4a.svg", "img/logo.svg",
		"tables/orders.html", "tables/users.html", "tables/users.md", "tables/users/id.html",
		"tables/users/index.html",
		"tables/index.html",
		"manifest.json", "search-index.json",
		"index.html")
	var got []string
	for _, it := range plan.Upload {
		got = append(got, it.Key)
	}
	if !slices.Equal(got, wantPlan) {
		t.Errorf("plan order\n got %v\nwant %v", got, wantPlan)
	}

	// Uploads within a step run concurrently; the steps are ordered.
	step := map[string]int{}
	for i, k := range wantPlan {
		switch {
		case i < 8:
			step[k] = 0
		case i == 8:
			step[k] = 1
		case i == 9:
			step[k] = 2
		case i < 12:
			step[k] = 3
		default:
			step[k] = 4
		}
	}
	puts := putKeys(f.since(m))
	if !sameSet(puts, wantPlan) || len(puts) != len(wantPlan) {
		t.Fatalf("PUT %v, want each of %v once", puts, wantPlan)
	}
	for i := 1; i < len(puts); i++ {
		if step[puts[i]] < step[puts[i-1]] {
			t.Errorf("PUT %s after %s: entry pages must follow other files, deeper first", puts[i], puts[i-1])
		}
	}
	if puts[len(puts)-1] != "docs/index.html" {
		t.Errorf("last PUT %s, want docs/index.html", puts[len(puts)-1])
	}
}

func TestPublishStoresContentTypeCacheControlAndSHA256(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	files := siteFiles()
	dir := writeSite(t, files)
	m := f.mark()
	if _, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	sent := map[string]request{}
	for _, r := range f.since(m) {
		if r.op() == "PutObject" {
			sent[r.key()] = r
		}
	}
	wantCache := map[string]string{
		"index.html":             publish.CacheRevalidate,
		"manifest.json":          publish.CacheRevalidate,
		"search-index.json":      publish.CacheRevalidate,
		"tables/index.html":      publish.CacheRevalidate,
		"tables/users.html":      publish.CacheRevalidate,
		"tables/orders.html":     publish.CacheRevalidate,
		"assets/site.css":        publish.CacheImmutable,
		"assets/app.3f2a9c1b.js": publish.CacheImmutable,
		"img/er.9c1d2e3f4a.svg":  publish.CacheImmutable,
		"img/logo.svg":           publish.CacheShort,
		"tables/users.md":        publish.CacheShort,
	}
	wantType := map[string]string{
		"index.html":             "text/html; charset=utf-8",
		"manifest.json":          "application/json",
		"search-index.json":      "application/json",
		"tables/index.html":      "text/html; charset=utf-8",
		"tables/users.html":      "text/html; charset=utf-8",
		"tables/orders.html":     "text/html; charset=utf-8",
		"assets/site.css":        "text/css; charset=utf-8",
		"assets/app.3f2a9c1b.js": "text/javascript; charset=utf-8",
		"img/er.9c1d2e3f4a.svg":  "image/svg+xml",
		"img/logo.svg":           "image/svg+xml",
		"tables/users.md":        "text/markdown; charset=utf-8",
	}
	for _, rel := range publishedRels {
		key := "docs/" + rel
		head, err := client.HeadObject(testContext(t), &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String(key)})
		if err != nil {
			t.Errorf("HeadObject %s: %v", key, err)
			continue
		}
		if got := aws.ToString(head.ContentType); got != wantType[rel] {
			t.Errorf("%s: stored Content-Type %q, want %q", key, got, wantType[rel])
		}
		if got, want := head.Metadata["sha256"], sha256Hex(files[rel]); got != want {
			t.Errorf("%s: stored x-amz-meta-sha256 %q, want %q", key, got, want)
		}
		if got, want := aws.ToString(head.ETag), `"`+md5Hex(files[rel])+`"`; got != want {
			t.Errorf("%s: ETag %s, want %s (one part)", key, got, want)
		}
		// gofakes3 v1.2.0 keeps only X-Amz-*, Content-Type,
		// Content-Disposition and Content-Encoding of a PUT, so
		// Cache-Control is checked on the wire; should the fake start
		// storing it, it is checked on the object too.
		if got := sent[key].Header.Get("Cache-Control"); got != wantCache[rel] {
			t.Errorf("%s: PUT with Cache-Control %q, want %q", key, got, wantCache[rel])
		}
		if got := aws.ToString(head.CacheControl); got != "" && got != wantCache[rel] {
			t.Errorf("%s: stored Cache-Control %q, want %q", key, got, wantCache[rel])
		}
		if sent[key].Header.Get("Content-MD5") == "" {
			t.Errorf("%s: PUT without Content-MD5", key)
		}
	}
}

func TestPublishDryRunChangesNothingButReturnsThePlan(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}

	dry := o
	dry.DryRun = true
	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, dry)
	if err != nil {
		t.Fatalf("dry run on an empty bucket: %v", err)
	}
	if len(plan.Upload) != len(publishedRels) {
		t.Errorf("dry run plans %d uploads, want %d", len(plan.Upload), len(publishedRels))
	}
	assertReadOnly(t, f.since(m))
	if got := bucketKeys(t, client); len(got) != 0 {
		t.Errorf("dry run wrote %v", got)
	}

	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	writeFile(t, dir, "tables/users.html", "<h2>users v2</h2>")
	removeFile(t, dir, "tables/orders.html")
	m = f.mark()
	plan, err = publish.Publish(testContext(t), client, dry)
	if err != nil {
		t.Fatalf("dry run: %v", err)
	}
	assertReadOnly(t, f.since(m))
	if len(plan.Upload) != 1 || plan.Upload[0].Key != "docs/tables/users.html" || plan.Upload[0].Reason != publish.ReasonChanged {
		t.Errorf("dry run uploads %+v, want docs/tables/users.html (changed)", plan.Upload)
	}
	if !slices.Equal(plan.Delete, []string{"docs/tables/orders.html"}) {
		t.Errorf("dry run deletes %v, want docs/tables/orders.html", plan.Delete)
	}
	if got := getObject(t, client, "docs/tables/users.html"); got != siteFiles()["tables/users.html"] {
		t.Errorf("dry run changed docs/tables/users.html to %q", got)
	}
	if got := getObject(t, client, "docs/tables/orders.html"); got != siteFiles()["tables/orders.html"] {
		t.Errorf("dry run changed docs/tables/orders.html to %q", got)
	}
}

func assertReadOnly(t *testing.T, reqs []request) {
	t.Helper()
	for _, r := range reqs {
		if op := r.op(); op != "ListObjectsV2" && op != "HeadObject" {
			t.Errorf("dry run sent %s %s", op, r.key())
		}
	}
}

func TestPublishFailedUploadDeletesNothing(t *testing.T) {
	f := startFakeS3(t)
	// One attempt per call, so the injected 500 is not retried with backoff.
	client := f.client(t, func(o *s3.Options) { o.RetryMaxAttempts = 1 })
	dir := writeSite(t, siteFiles())
	o := publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"}
	if _, err := publish.Publish(testContext(t), client, o); err != nil {
		t.Fatalf("first Publish: %v", err)
	}

	writeFile(t, dir, "tables/users.html", "<h2>users v2</h2>")
	writeFile(t, dir, "assets/site.css", "body{margin:1px}")
	writeFile(t, dir, "index.html", "<h1>shop v2</h1>")
	removeFile(t, dir, "tables/orders.html")
	f.failPutOf("docs/tables/users.html")

	m := f.mark()
	plan, err := publish.Publish(testContext(t), client, o)
	reqs := f.since(m)
	if err == nil {
		t.Fatalf("Publish succeeded although PUT docs/tables/users.html failed; requests %v", ops(reqs))
	}
	if !strings.Contains(err.Error(), "docs/tables/users.html") || !strings.Contains(err.Error(), "nothing deleted") {
		t.Errorf("error %q should name the key and say nothing was deleted", err)
	}
	var apiErr interface{ ErrorCode() string }
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InternalError" {
		t.Errorf("error %v does not wrap the S3 InternalError", err)
	}
	if plan == nil || !slices.Equal(plan.Delete, []string{"docs/tables/orders.html"}) {
		t.Errorf("want the plan back with its (unperformed) delete, got %+v", plan)
	}
	for _, r := range reqs {
		switch {
		case r.op() == "DeleteObjects" || r.op() == "DeleteObject":
			t.Errorf("delete sent after a failed upload: %v", ops(reqs))
		case r.op() == "PutObject" && r.key() == "docs/index.html":
			t.Errorf("entry page uploaded after a failed upload: %v", ops(reqs))
		}
	}
	if got := getObject(t, client, "docs/tables/orders.html"); got != siteFiles()["tables/orders.html"] {
		t.Errorf("docs/tables/orders.html now holds %q", got)
	}
	if got := getObject(t, client, "docs/index.html"); got != siteFiles()["index.html"] {
		t.Errorf("docs/index.html now holds %q, want the old root page", got)
	}
}

func TestPublishToTheWholeBucket(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, map[string]string{"index.html": "<h1>x</h1>", "a/b.css": "b{}"})
	if _, err := f.backend.PutObject(testBucket, "stale.html", map[string]string{}, strings.NewReader("old"), 3, nil); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"s3://" + testBucket, "s3://" + testBucket + "/", "s3://" + testBucket + "//"} {
		plan, err := publish.BuildPlan(testContext(t), client, publish.Options{Dir: dir, Target: target, AllowBucketRoot: true})
		if err != nil {
			t.Fatalf("BuildPlan %s: %v", target, err)
		}
		var got []string
		for _, it := range plan.Upload {
			got = append(got, it.Key)
		}
		if want := []string{"a/b.css", "index.html"}; !slices.Equal(got, want) || !slices.Equal(plan.Delete, []string{"stale.html"}) {
			t.Errorf("%s: upload %v delete %v; want %v and [stale.html]", target, got, plan.Delete, want)
		}
	}
}

func TestPublishEmptyDirectoryIsRefused(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, map[string]string{".DS_Store": "x"})
	m := f.mark()
	_, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"})
	if err == nil || !strings.Contains(err.Error(), "no files") {
		t.Errorf("Publish of an empty site: %v, want a refusal", err)
	}
	if reqs := f.since(m); len(reqs) != 0 {
		t.Errorf("requests sent for an empty site: %v", ops(reqs))
	}
}

func TestPublishWithMissingBucketFails(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, siteFiles())
	_, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: "s3://no-such-bucket/docs"})
	var nsb *types.NoSuchBucket
	var apiErr interface{ ErrorCode() string }
	if err == nil || !strings.Contains(err.Error(), "listing s3://no-such-bucket/docs/") ||
		!(errors.As(err, &nsb) || errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchBucket") {
		t.Errorf("Publish to a missing bucket: %v, want a wrapped NoSuchBucket", err)
	}
}

// sameSet reports whether a and b hold the same strings, ignoring order
// and repeats.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
