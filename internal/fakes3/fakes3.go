// Package fakes3 starts gofakes3 for tests and benchmarks and returns the
// real aws-sdk-go-v2 S3 client pointed at it, with a place (wrap) to put
// an http.Handler in front of the fake: to count requests, add latency or
// inject failures.
package fakes3

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// Handler is a new in-memory gofakes3 server.
func Handler() http.Handler { return gofakes3.New(s3mem.New()).Server() }

// Client serves h (a Handler, possibly wrapped) over HTTP for the rest of
// the test and returns a path-style S3 client for it with buckets
// created.
func Client(tb testing.TB, h http.Handler, buckets ...string) *s3.Client {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		HTTPClient:  fakeaws.WrapHTTPClient(nil),
	})
	for _, b := range buckets {
		if _, err := client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			tb.Fatalf("creating bucket %s on gofakes3: %v", b, err)
		}
	}
	return client
}
