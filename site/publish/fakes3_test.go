package publish_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

const testBucket = "site-bucket"

// request is one HTTP request gofakes3 was sent.
type request struct {
	Method string
	Path   string // URL path: /bucket/key
	Query  string
	Header http.Header
}

// op names the S3 operation of a request, enough for these tests.
func (r request) op() string {
	switch {
	case r.Method == http.MethodPut:
		return "PutObject"
	case r.Method == http.MethodPost && strings.Contains(r.Query, "delete"):
		return "DeleteObjects"
	case r.Method == http.MethodDelete:
		return "DeleteObject"
	case r.Method == http.MethodHead:
		return "HeadObject"
	case r.Method == http.MethodGet && strings.Contains(r.Query, "list-type=2"):
		return "ListObjectsV2"
	case r.Method == http.MethodGet:
		return "GetObject"
	}
	return r.Method
}

// key is the object key of a request (path-style: /bucket/key).
func (r request) key() string {
	return strings.TrimPrefix(strings.TrimPrefix(r.Path, "/"+testBucket), "/")
}

// fakeS3 is gofakes3 on s3mem behind an http.Handler that records every
// request and can inject faults: a 500 for PUTs of chosen keys, and
// multipart-style ETags in ListObjectsV2 answers.
type fakeS3 struct {
	backend *s3mem.Backend
	next    http.Handler
	url     string

	mu        sync.Mutex
	requests  []request
	failPut   map[string]bool   // key → answer PUTs with 500
	listETags map[string]string // MD5 hex → ETag to list instead
}

func startFakeS3(t *testing.T) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(testBucket); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	f := &fakeS3{
		backend:   backend,
		next:      gofakes3.New(backend).Server(),
		failPut:   map[string]bool{},
		listETags: map[string]string{},
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone()}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	fail := req.Method == http.MethodPut && f.failPut[req.key()]
	rewrite := req.op() == "ListObjectsV2" && len(f.listETags) > 0
	etags := make(map[string]string, len(f.listETags))
	for k, v := range f.listETags {
		etags[k] = v
	}
	f.mu.Unlock()

	switch {
	case fail:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test</Message></Error>`))
	case rewrite:
		rec := httptest.NewRecorder()
		f.next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for md5hex, etag := range etags {
			body = bytes.ReplaceAll(body, []byte(md5hex), []byte(etag))
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		w.Write(body)
	default:
		f.next.ServeHTTP(w, r)
	}
}

// mark is the number of requests so far, for since.
func (f *fakeS3) mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// since returns the requests after mark m.
func (f *fakeS3) since(m int) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request(nil), f.requests[m:]...)
}

func (f *fakeS3) failPutOf(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failPut[key] = true
}

func (f *fakeS3) listETagFor(md5hex, etag string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listETags[md5hex] = etag
}

// client is a real S3 client pointed at f (path-style, static
// credentials, no shared config files), its HTTP client wrapped with
// fakeaws.WrapHTTPClient so that request counts are exact.
func (f *fakeS3) client(t *testing.T, opts ...func(*s3.Options)) *s3.Client {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(testContext(t),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	)
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	cfg.HTTPClient = fakeaws.WrapHTTPClient(cfg.HTTPClient)
	return s3.NewFromConfig(cfg, append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(f.url)
		o.UsePathStyle = true
	}}, opts...)...)
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// ops lists "Op key" for each request, for failure messages and order checks.
func ops(reqs []request) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.op() + " " + r.key()
	}
	return out
}

// putKeys lists the keys of the PutObject requests, in order.
func putKeys(reqs []request) []string {
	var out []string
	for _, r := range reqs {
		if r.op() == "PutObject" {
			out = append(out, r.key())
		}
	}
	return out
}
