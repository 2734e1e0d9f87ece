package lambdahandler

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// maxBody bounds a request body (Function URLs accept up to 6 MB; Slack
// sends a few KB).
const maxBody = 1 << 20

// Request converts a Function URL event into the http.Request it stands
// for: method, path, query, headers, cookies and body (base64-decoded when
// the event says so). The body is kept byte for byte: Slack's signature
// is over it.
func Request(ctx context.Context, ev events.LambdaFunctionURLRequest) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, fmt.Errorf("decoding the base64 body of request %s: %w", ev.RequestContext.RequestID, err)
		}
		body = b
	}
	if len(body) > maxBody {
		return nil, fmt.Errorf("request %s: body of %d bytes, at most %d", ev.RequestContext.RequestID, len(body), maxBody)
	}
	u := &url.URL{Scheme: "https", Host: ev.RequestContext.DomainName, Path: ev.RawPath, RawQuery: ev.RawQueryString}
	method := ev.RequestContext.HTTP.Method
	if method == "" {
		method = http.MethodGet
	}
	r, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("building the http request of %s: %w", ev.RequestContext.RequestID, err)
	}
	for k, v := range ev.Headers {
		r.Header.Set(k, v)
	}
	for _, c := range ev.Cookies {
		r.Header.Add("Cookie", c)
	}
	r.Host = ev.RequestContext.DomainName
	r.RemoteAddr = ev.RequestContext.HTTP.SourceIP
	r.RequestURI = u.RequestURI()
	return r, nil
}

// Serve runs h on the request ev stands for and returns its answer as a
// Function URL response (a body that is not UTF-8 is base64-encoded).
func Serve(ctx context.Context, h http.Handler, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	r, err := Request(ctx, ev)
	if err != nil {
		return events.LambdaFunctionURLResponse{StatusCode: http.StatusBadRequest, Body: "bad request\n",
			Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"}}, nil
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := w.Result()
	out := events.LambdaFunctionURLResponse{StatusCode: res.StatusCode, Headers: map[string]string{}}
	for k, vs := range res.Header {
		if strings.EqualFold(k, "Set-Cookie") {
			out.Cookies = append(out.Cookies, vs...)
			continue
		}
		out.Headers[k] = strings.Join(vs, ",")
	}
	b := w.Body.Bytes()
	if utf8.Valid(b) {
		out.Body = string(b)
	} else {
		out.Body, out.IsBase64Encoded = base64.StdEncoding.EncodeToString(b), true
	}
	return out, nil
}
