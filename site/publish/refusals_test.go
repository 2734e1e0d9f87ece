package publish_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/publish"
	"github.com/auroradoc/auroradoc/site/sitedir"
	"github.com/auroradoc/auroradoc/snapshot"
)

// publishedSite renders the fixture into a new directory and publishes it
// under docs/; it returns the directory and the keys in the bucket.
func publishedSite(t *testing.T, f *fakeS3) (string, []string) {
	t.Helper()
	out := t.TempDir()
	if err := site.Build(testContext(t), readFixture(t, "2026-11-21T030000Z"), out, site.Options{}); err != nil {
		t.Fatal(err)
	}
	client := f.client(t)
	if _, err := publish.Publish(testContext(t), client, publish.Options{Dir: out, Target: "s3://" + testBucket + "/docs"}); err != nil {
		t.Fatal(err)
	}
	return out, bucketKeys(t, client)
}

// TestPublishRefusesAnIncompleteSite: a site whose render did not finish,
// or whose marker is missing or damaged, is not published (nothing is
// uploaded or deleted), with an error naming the marker and saying to
// render again; AllowIncomplete publishes it anyway.
func TestPublishRefusesAnIncompleteSite(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	_, published := publishedSite(t, f)

	// A render into a new directory dies half-way: one target's pages
	// are written, the other target's snapshot cannot be loaded, so there
	// is no index.html and no assets/.
	half := t.TempDir()
	in := readFixture(t, "2026-11-22T030000Z")
	other := testsnap.Fixture(t)
	other.Target.Name = "other"
	in.Manifest.Targets = append(in.Manifest.Targets, &snapshot.Entry{Name: "other", Status: snapshot.StatusOK})
	for _, e := range in.Manifest.Targets {
		e.File = "targets/" + e.Name + ".json.gz" // loaded through Open
	}
	in.Open = func(ctx context.Context, e *snapshot.Entry) (*snapshot.Snapshot, error) {
		if e.Name == "other" {
			return other, nil
		}
		for { // dies once the other target is written
			if _, err := os.Stat(filepath.Join(half, "t", "other", "search.js")); err == nil {
				return nil, errors.New("killed")
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	if err := site.Build(testContext(t), in, half, site.Options{}); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the render did not die: %v", err)
	}

	cases := map[string]string{
		"interrupted render": half,
		"no marker":          writeSite(t, map[string]string{sitedir.Marker: "", "index.html": "x"}),
		"damaged marker":     writeSite(t, map[string]string{sitedir.Marker: `{"format":2,"compl`, "index.html": "x"}),
	}
	os.Remove(filepath.Join(cases["no marker"], sitedir.Marker))
	for name, dir := range cases {
		t.Run(name, func(t *testing.T) {
			m := f.mark()
			_, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"})
			if err == nil {
				t.Fatal("published")
			}
			if !errors.Is(err, sitedir.ErrIncomplete) {
				t.Errorf("%v: want sitedir.ErrIncomplete", err)
			}
			for _, want := range []string{sitedir.Marker, "render", "--force-incomplete"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%q does not say %q", err, want)
				}
			}
			if reqs := f.since(m); len(reqs) != 0 {
				t.Errorf("requests sent: %v", ops(reqs))
			}
			if got := bucketKeys(t, client); !slices.Equal(got, published) {
				t.Errorf("the bucket changed: %d keys, want %d", len(got), len(published))
			}
		})
	}

	plan, err := publish.BuildPlan(testContext(t), client, publish.Options{Dir: half, Target: "s3://" + testBucket + "/docs", AllowIncomplete: true})
	if err != nil {
		t.Fatalf("AllowIncomplete: %v", err)
	}
	if !slices.Contains(plan.Delete, "docs/index.html") {
		t.Errorf("forced plan of the half-rendered site: delete %d keys, not docs/index.html", len(plan.Delete))
	}
}

// TestPublishToABucketRootNeedsAllowBucketRoot: publishing to s3://bucket
// would delete every object in the bucket that is not a file of the site,
// so it is refused (before any request) unless AllowBucketRoot is set.
func TestPublishToABucketRootNeedsAllowBucketRoot(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	if _, err := f.backend.PutObject(testBucket, "other-app/data.csv", map[string]string{}, strings.NewReader("a,b"), 3, nil); err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, map[string]string{"index.html": "<h1>x</h1>"})
	for _, target := range []string{"s3://" + testBucket, "s3://" + testBucket + "/", "s3://" + testBucket + "//"} {
		m := f.mark()
		for op, call := range map[string]func(publish.Options) error{
			"Publish":   func(o publish.Options) error { _, err := publish.Publish(testContext(t), client, o); return err },
			"BuildPlan": func(o publish.Options) error { _, err := publish.BuildPlan(testContext(t), client, o); return err },
			"dry run": func(o publish.Options) error {
				o.DryRun = true
				_, err := publish.Publish(testContext(t), client, o)
				return err
			},
		} {
			err := call(publish.Options{Dir: dir, Target: target})
			if err == nil || !strings.Contains(err.Error(), "root of bucket "+testBucket) || !strings.Contains(err.Error(), "--bucket-root") {
				t.Errorf("%s to %s: %v, want a refusal naming the bucket root and --bucket-root", op, target, err)
			}
		}
		if reqs := f.since(m); len(reqs) != 0 {
			t.Errorf("%s: requests sent: %v", target, ops(reqs))
		}
	}
	if got := bucketKeys(t, client); !slices.Equal(got, []string{"other-app/data.csv"}) {
		t.Errorf("bucket holds %v", got)
	}
	plan, err := publish.Publish(testContext(t), client, publish.Options{Dir: dir, Target: "s3://" + testBucket, AllowBucketRoot: true})
	if err != nil {
		t.Fatalf("AllowBucketRoot: %v", err)
	}
	if !slices.Equal(plan.Delete, []string{"other-app/data.csv"}) {
		t.Errorf("AllowBucketRoot: delete %v", plan.Delete)
	}
}

// TestPublishDuringARenderIsRefused: a publish never reads a site while a
// render writes it: it fails at once (even forced past the marker),
// naming the render, and sends nothing.
func TestPublishDuringARenderIsRefused(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	out, published := publishedSite(t, f)

	started, release := make(chan struct{}), make(chan struct{})
	in := readFixture(t, "2026-11-22T030000Z")
	snaps := in.Snapshots
	in.Manifest.Targets[0].File = "targets/fixture-mariadb.json.gz" // loaded through Open
	in.Open = func(context.Context, *snapshot.Entry) (*snapshot.Snapshot, error) {
		close(started)
		<-release
		return snaps[0], nil
	}
	done := make(chan error, 1)
	go func() { done <- site.Build(context.Background(), in, out, site.Options{}) }()
	<-started

	m := f.mark()
	_, err := publish.Publish(testContext(t), client, publish.Options{Dir: out, Target: "s3://" + testBucket + "/docs", AllowIncomplete: true})
	close(release)
	if !errors.Is(err, sitedir.ErrBusy) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) ||
		!strings.Contains(err.Error(), "set 2026-11-22T030000Z") {
		t.Errorf("publish during a render: %v, want ErrBusy naming the render", err)
	}
	if reqs := f.since(m); len(reqs) != 0 {
		t.Errorf("requests sent: %v", ops(reqs))
	}
	if err := <-done; err != nil {
		t.Fatalf("render: %v", err)
	}
	if got := bucketKeys(t, client); !slices.Equal(got, published) {
		t.Errorf("the bucket changed during the render")
	}
	// Once the render is done, the publish goes ahead.
	if _, err := publish.Publish(testContext(t), client, publish.Options{Dir: out, Target: "s3://" + testBucket + "/docs"}); err != nil {
		t.Errorf("publish after the render: %v", err)
	}
}
