package fakeaws

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server is a running fake of RDS, EC2, Secrets Manager and STS, listening on
// 127.0.0.1. Its methods are safe for concurrent use, also while requests
// are being served.
type Server struct {
	ln        net.Listener
	http      *http.Server
	url       string
	done      chan struct{} // closed when Serve has returned
	closeOnce sync.Once
	closeErr  error

	mu sync.Mutex
	st state
}

// state is everything the fake knows and remembers; Server.mu guards it.
type state struct {
	regions     []string                      // what DescribeRegions returns
	clusters    map[string]map[string]Cluster // region → lower-cased ID → normalised cluster
	paramGroups map[groupKey]*paramGroup
	secrets     map[secretKey]secret
	roles       map[string]role   // role ARN → what AssumeRole checks
	keys        map[string]string // access key id AssumeRole handed out → its role's account
	throttles   map[string]int    // action → calls still to throttle
	failures    map[string]string // region → error code for every call
	calls       []Call
	timing      InstanceTiming
	clock       func() time.Time  // nil: time.Now
	subnets     map[string]string // "<realm>/<subnet>" → VPC id
	instances   []*instance       // in launch order
	instanceSeq uint64
	schedules   map[string]*schedule // "<realm>/<group>/<name>"
	requests    uint64               // requests seen, for request IDs
	versions    uint64               // secret versions written, for version IDs
}

// DefaultRegions returns what DescribeRegions answers until SetRegions is
// called.
func DefaultRegions() []string {
	return []string{"us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"}
}

// New starts a Server on a free port of 127.0.0.1. Close it when done.
func New() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fakeaws: listen on 127.0.0.1: %w", err)
	}
	s := &Server{
		ln:   ln,
		url:  "http://" + ln.Addr().String(),
		done: make(chan struct{}),
		st: state{
			regions:     DefaultRegions(),
			clusters:    map[string]map[string]Cluster{},
			paramGroups: map[groupKey]*paramGroup{},
			secrets:     map[secretKey]secret{},
			roles:       map[string]role{},
			keys:        map[string]string{},
			throttles:   map[string]int{},
			failures:    map[string]string{},
			subnets:     map[string]string{},
			schedules:   map[string]*schedule{},
		},
	}
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // no printing
	}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(ln) // always http.ErrServerClosed or a listener error; Close reports neither
	}()
	return s, nil
}

// URL is the server's base URL, e.g. "http://127.0.0.1:40123", for
// AWS_ENDPOINT_URL or config.WithBaseEndpoint.
func (s *Server) URL() string { return s.url }

// Close stops the server, dropping open connections, and waits until it has
// stopped. Calling it again is harmless.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		err := s.http.Close()
		<-s.done
		if err != nil && !errors.Is(err, net.ErrClosed) {
			s.closeErr = fmt.Errorf("fakeaws: close %s: %w", s.url, err)
		}
	})
	return s.closeErr
}

// ServeHTTP answers one AWS API request. Server is an http.Handler so that
// it can also be mounted elsewhere; New already serves it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, failure := decodeRequest(r)

	s.mu.Lock()
	s.st.requests++
	req.id = requestID(s.st.requests)
	req.account = s.st.keys[req.key]
	var resp response
	if failure != nil {
		resp = req.fail(failure.status, failure.code, failure.message)
	} else {
		resp = s.dispatch(req)
	}
	// Recorded before the answer is written, so a client that has its
	// answer always finds its call in Calls.
	s.st.calls = append(s.st.calls, Call{
		Service: req.service,
		Action:  req.action,
		Region:  req.region,
		Account: req.account,
		Params:  req.params,
		Status:  resp.status,
		// The SDK sends the same invocation id with every attempt of one
		// operation, so retries can be told from separate calls.
		InvocationID: r.Header.Get("Amz-Sdk-Invocation-Id"),
	})
	s.mu.Unlock()

	resp.write(w)
}

// dispatch applies the injected faults, then hands req to its service.
// s.mu is held.
func (s *Server) dispatch(req *request) response {
	if code := s.st.failures[req.region]; code != "" {
		return req.fail(failureStatus(code), code,
			fmt.Sprintf("fakeaws: every call in region %s fails with %s (FailRegion)", req.region, code))
	}
	if n := s.st.throttles[req.action]; n > 0 {
		s.st.throttles[req.action] = n - 1
		code, message := req.proto.throttle()
		return req.fail(http.StatusBadRequest, code, message)
	}
	switch req.service {
	case serviceRDS:
		return s.rds(req)
	case serviceEC2:
		return s.ec2(req)
	case serviceSecretsManager:
		return s.secretsManager(req)
	case serviceSTS:
		return s.sts(req)
	case serviceSSM:
		return s.ssm(req)
	case serviceScheduler:
		return s.scheduler(req)
	}
	return req.fail(http.StatusBadRequest, "InvalidAction",
		fmt.Sprintf("fakeaws does not fake the service %s (only rds, ec2, secretsmanager, sts, ssm and scheduler)", req.service))
}

// requestID makes the n-th request's ID, shaped like AWS's UUIDs.
func requestID(n uint64) string {
	return fmt.Sprintf("fa4e0a75-0000-4000-8000-%012x", n)
}
