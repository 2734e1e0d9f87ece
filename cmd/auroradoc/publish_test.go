package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/site/sitedir"
)

// TestPublishBucketRootAndIncompleteSiteFlags: `publish --to s3://bucket`
// is refused without --bucket-root (the bucket's other objects stay), and
// a site whose render did not finish without --force-incomplete; with the
// flag, each goes ahead.
func TestPublishBucketRootAndIncompleteSiteFlags(t *testing.T) {
	ctx := context.Background()
	_, client := fakeAWSWithS3(t, "docs-bucket")
	if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("docs-bucket"), Key: aws.String("other-app/data.csv"), Body: strings.NewReader("a,b")}); err != nil {
		t.Fatal(err)
	}
	keys := func() []string {
		out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("docs-bucket")})
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, o := range out.Contents {
			ks = append(ks, aws.ToString(o.Key))
		}
		slices.Sort(ks)
		return ks
	}
	siteDir := func(complete string) string {
		dir := t.TempDir()
		writeFile(t, dir, sitedir.Marker, `{"format":2,"complete":`+complete+`}`)
		writeFile(t, dir, "index.html", "<h1>docs</h1>")
		return dir
	}

	done := siteDir("true")
	code, _, errOut := runCLI(t, nil, "publish", "--site", done, "--to", "s3://docs-bucket", "--path-style")
	if code == exitOK || !strings.Contains(errOut, "--bucket-root") {
		t.Errorf("publish to a bucket root: code %d, stderr %s; want a refusal naming --bucket-root", code, errOut)
	}
	if got := keys(); !slices.Equal(got, []string{"other-app/data.csv"}) {
		t.Errorf("after the refused publish the bucket holds %v", got)
	}
	if code, _, errOut := runCLI(t, nil, "publish", "--site", done, "--to", "s3://docs-bucket", "--path-style", "--bucket-root"); code != exitOK {
		t.Errorf("publish --bucket-root: code %d, stderr %s", code, errOut)
	}
	if got := keys(); !slices.Equal(got, []string{"index.html"}) {
		t.Errorf("after publish --bucket-root the bucket holds %v, want the site alone", got)
	}

	half := siteDir("false")
	os.Remove(filepath.Join(half, "index.html"))
	writeFile(t, half, "page.html", "half")
	code, _, errOut = runCLI(t, nil, "publish", "--site", half, "--to", "s3://docs-bucket/db", "--path-style")
	if code == exitOK || !strings.Contains(errOut, "--force-incomplete") || !strings.Contains(errOut, sitedir.Marker) {
		t.Errorf("publish of an incomplete site: code %d, stderr %s; want a refusal naming the marker and --force-incomplete", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "publish", "--site", half, "--to", "s3://docs-bucket/db", "--path-style", "--force-incomplete"); code != exitOK {
		t.Errorf("publish --force-incomplete: code %d, stderr %s", code, errOut)
	}
	if got := keys(); !slices.Equal(got, []string{"db/page.html", "index.html"}) {
		t.Errorf("after publish --force-incomplete the bucket holds %v", got)
	}
}
