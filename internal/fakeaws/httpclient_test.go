package fakeaws_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// writerToCloser is a request body like smithy-go's: a WriterTo that,
// once closed, answers WriteTo with io.EOF.
type writerToCloser struct {
	r      *bytes.Reader
	closed bool
}

func (b *writerToCloser) Read(p []byte) (int, error) {
	if b.closed {
		return 0, io.EOF
	}
	return b.r.Read(p)
}

func (b *writerToCloser) WriteTo(w io.Writer) (int64, error) {
	if b.closed {
		return 0, io.EOF
	}
	return b.r.WriteTo(w)
}

func (b *writerToCloser) Close() error { b.closed = true; return nil }

func TestWrapHTTPClientHidesWriteToSoALateCopyEndsCleanly(t *testing.T) {
	var sent io.ReadCloser
	next := doerFunc(func(r *http.Request) (*http.Response, error) {
		sent = r.Body
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})
	req, err := http.NewRequest("POST", "http://127.0.0.1/", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := &writerToCloser{r: bytes.NewReader([]byte("Action=DescribeDBClusters"))}
	req.Body = body
	if _, err := fakeaws.WrapHTTPClient(next).Do(req); err != nil {
		t.Fatalf("Do: %v", err)
	}
	if _, ok := sent.(io.WriterTo); ok {
		t.Fatal("the wrapped body still offers WriteTo")
	}

	// What net/http's transferWriter does after sending ContentLength bytes,
	// here after the SDK has closed the body: copy the rest to io.Discard.
	if _, err := io.Copy(io.Discard, io.LimitReader(sent, 1<<20)); err != nil {
		t.Fatalf("copy: %v", err)
	}
	body.closed = true
	if _, err := io.Copy(io.Discard, sent); err != nil {
		t.Errorf("copy after Close: %v, want a clean end (the unwrapped body gives io.EOF)", err)
	}
	if _, err := io.Copy(io.Discard, body); err != io.EOF {
		t.Errorf("unwrapped body after Close: %v; the test no longer shows the SDK's behaviour", err)
	}
}
