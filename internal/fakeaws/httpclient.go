package fakeaws

import (
	"reflect"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"io"
	"net/http"
)

// HTTPDoer is what the SDK sends requests with: aws.HTTPClient, without
// importing it.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// WrapHTTPClient wraps an SDK configuration's HTTP client so that a
// response from a fast local server is never torn down by the SDK itself.
// Use it on every aws.Config pointed at a Server whose calls are counted,
// after loading (config.WithHTTPClient would refuse it when AWS_CA_BUNDLE
// is set):
//
//	cfg, err := config.LoadDefaultConfig(ctx, ...)
//	cfg.HTTPClient = fakeaws.WrapHTTPClient(cfg.HTTPClient)
//
// Why: smithy-go closes a request's body as soon as the response headers
// are in (transport/http/client.go), and the body's WriteTo then returns
// io.EOF (transport/http/internal/io/safe.go). net/http reads the body once
// more after sending it, to check its length; when the server answered
// before that read, as a local server can, the read fails with that
// io.EOF, net/http's writeLoop closes the connection, and reading the part
// of the response not yet buffered (the transport reads 4 KiB ahead) fails
// with "use of closed network connection". The SDK retries that
// (aws-sdk-go-v2#2737), so nothing fails, but the call is made twice and a
// WARN is logged: on a 2-CPU machine, under -race, about 1 in 100
// DescribeDBClusterParameters pages of 100 parameters was sent twice.
// Hiding WriteTo makes net/http use Read, which after Close returns io.EOF:
// the clean end of a body.
//
// A nil c (what config.LoadDefaultConfig leaves when no custom client or
// CA bundle is configured) wraps the SDK's default client.
func WrapHTTPClient(c HTTPDoer) HTTPDoer {
	if c == nil || isNilDoer(c) {
		c = awshttp.NewBuildableClient()
	}
	return readOnlyBodies{c}
}

// isNilDoer catches a typed nil pointer inside the interface.
func isNilDoer(c HTTPDoer) bool {
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

type readOnlyBodies struct {
	next HTTPDoer
}

func (c readOnlyBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		req.Body = readCloser{req.Body}
	}
	return c.next.Do(req)
}

// readCloser is an io.ReadCloser and nothing else.
type readCloser struct {
	rc io.ReadCloser
}

func (r readCloser) Read(p []byte) (int, error) { return r.rc.Read(p) }
func (r readCloser) Close() error               { return r.rc.Close() }
