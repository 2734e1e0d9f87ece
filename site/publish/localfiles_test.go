package publish_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/site/publish"
)

func TestPlanSkipsDotfilesAndTempFiles(t *testing.T) {
	f := startFakeS3(t)
	plan, err := publish.BuildPlan(testContext(t), f.client(t), publish.Options{
		Dir: writeSite(t, siteFiles()), Target: "s3://" + testBucket + "/docs",
	})
	if err != nil {
		t.Fatalf("BuildPlan: %v", err)
	}
	var got []string
	for _, it := range plan.Upload {
		got = append(got, strings.TrimPrefix(it.Key, "docs/"))
	}
	slices.Sort(got)
	if !slices.Equal(got, publishedRels) {
		t.Errorf("plan uploads %v, want %v", got, publishedRels)
	}
}

func TestSymlinkInsideTheSiteIsPublishedWithItsTargetsContent(t *testing.T) {
	f := startFakeS3(t)
	client := f.client(t)
	dir := writeSite(t, map[string]string{"index.html": "<h1>x</h1>", "tables/users.html": "<h2>users</h2>"})
	if err := os.Symlink(filepath.Join("tables", "users.html"), filepath.Join(dir, "users.html")); err != nil {
		t.Fatal(err)
	}
	// The site root itself may be a symlink (a "current" build).
	current := filepath.Join(t.TempDir(), "current")
	if err := os.Symlink(dir, current); err != nil {
		t.Fatal(err)
	}
	if _, err := publish.Publish(testContext(t), client, publish.Options{Dir: current, Target: "s3://" + testBucket + "/docs"}); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if got := getObject(t, client, "docs/users.html"); got != "<h2>users</h2>" {
		t.Errorf("docs/users.html holds %q, want the symlink target's content", got)
	}
}

func TestBadSymlinksAreRefused(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, outside, "secret.txt", "do not publish")
	for _, tc := range []struct {
		name string
		// target is what the link at dir/tables/link points to.
		target func(t *testing.T, dir string) string
		want   string
	}{
		{"outside file", func(*testing.T, string) string { return filepath.Join(outside, "secret.txt") }, "points outside"},
		{"outside dir", func(*testing.T, string) string { return outside }, "points outside"},
		{"relative escape", func(t *testing.T, dir string) string {
			rel, err := filepath.Rel(filepath.Join(dir, "tables"), filepath.Join(outside, "secret.txt"))
			if err != nil {
				t.Fatal(err)
			}
			return rel // ../../…/secret.txt
		}, "points outside"},
		{"directory inside", func(*testing.T, string) string { return "." }, "not a regular file"},
		{"dangling", func(*testing.T, string) string { return "missing.html" }, "resolving symlink"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := startFakeS3(t)
			dir := writeSite(t, map[string]string{"index.html": "<h1>x</h1>", "tables/users.html": "<h2>users</h2>"})
			if err := os.Symlink(tc.target(t, dir), filepath.Join(dir, "tables", "link")); err != nil {
				t.Fatal(err)
			}
			m := f.mark()
			_, err := publish.Publish(testContext(t), f.client(t), publish.Options{Dir: dir, Target: "s3://" + testBucket + "/docs"})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "link") {
				t.Errorf("Publish with a %s symlink: %v, want an error naming the link and saying %q", tc.name, err, tc.want)
			}
			if reqs := f.since(m); len(reqs) != 0 {
				t.Errorf("requests sent: %v", ops(reqs))
			}
		})
	}
}

func TestMissingSiteDirectoryIsAnError(t *testing.T) {
	f := startFakeS3(t)
	missing := filepath.Join(t.TempDir(), "build")
	_, err := publish.BuildPlan(testContext(t), f.client(t), publish.Options{Dir: missing, Target: "s3://" + testBucket, AllowBucketRoot: true})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("BuildPlan of a missing directory: %v, want an error naming it", err)
	}
	_, err = publish.BuildPlan(testContext(t), f.client(t), publish.Options{Target: "s3://" + testBucket})
	if err == nil || !strings.Contains(err.Error(), "no site directory") {
		t.Errorf("BuildPlan without Dir: %v, want an error saying so", err)
	}
}
