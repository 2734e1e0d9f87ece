package publish_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/site/sitedir"
)

// siteFiles is a small rendered site: 11 files to publish, and dotfiles
// and temp files that must be skipped.
func siteFiles() map[string]string {
	return map[string]string{
		"index.html":             "<h1>shop</h1><a href=tables/index.html>tables</a>",
		"manifest.json":          `{"tables":["users","orders"]}`,
		"search-index.json":      `[{"t":"users"},{"t":"orders"}]`,
		"assets/site.css":        "body{margin:0}",
		"assets/app.3f2a9c1b.js": "console.log('app')",
		"img/er.9c1d2e3f4a.svg":  "<svg id=er/>",
		"img/logo.svg":           "<svg id=logo/>",
		"tables/index.html":      "<a href=users.html>users</a><a href=orders.html>orders</a>",
		"tables/users.html":      "<h2>users</h2>",
		"tables/orders.html":     "<h2>orders</h2>",
		"tables/users.md":        "# users\n",
		// skipped
		".DS_Store":              "junk",
		".git/config":            "[core]",
		"tables/.users.html.swp": "swap",
		"tables/users.html~":     "backup",
		"tables/#users.html#":    "autosave",
		"tables/render.tmp":      "half",
	}
}

// publishedRels are the files of siteFiles that are published, sorted.
var publishedRels = []string{
	"assets/app.3f2a9c1b.js", "assets/site.css", "img/er.9c1d2e3f4a.svg", "img/logo.svg",
	"index.html", "manifest.json", "search-index.json",
	"tables/index.html", "tables/orders.html", "tables/users.html", "tables/users.md",
}

// completeMarker is the marker of a finished render, as publish reads it.
const completeMarker = `{"note":"test","format":2,"complete":true}`

// writeSite writes files (slash-separated relative path → content) under
// a new temporary directory and returns it. Unless files holds a marker,
// it gets that of a finished render.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files[sitedir.Marker]; !ok {
		writeFile(t, dir, sitedir.Marker, completeMarker)
	}
	for rel, content := range files {
		writeFile(t, dir, rel, content)
	}
	return dir
}

func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
		t.Fatal(err)
	}
}

func md5Hex(s string) string    { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
func sha256Hex(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

// keys prefixes each rel with prefix + "/".
func keys(prefix string, rels ...string) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = prefix + "/" + r
	}
	return out
}

// bucketKeys lists every key of the test bucket through the client.
func bucketKeys(t *testing.T, client *s3.Client) []string {
	t.Helper()
	var out []string
	pages := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(testBucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(testContext(t))
		if err != nil {
			t.Fatalf("ListObjectsV2: %v", err)
		}
		for _, o := range page.Contents {
			out = append(out, aws.ToString(o.Key))
		}
	}
	slices.Sort(out)
	return out
}

// getObject reads an object's content through the client.
func getObject(t *testing.T, client *s3.Client, key string) string {
	t.Helper()
	out, err := client.GetObject(testContext(t), &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("GetObject %s: %v", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", key, err)
	}
	return string(b)
}
