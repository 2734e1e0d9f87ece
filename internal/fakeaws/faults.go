package fakeaws

// Throttle makes the next n calls of action (e.g. "DescribeDBClusters"), in
// any region, fail with HTTP 400 and the service's throttling error —
// Throttling "Rate exceeded" for RDS, RequestLimitExceeded for EC2,
// ThrottlingException for Secrets Manager — which the SDK's standard
// retryer retries. It replaces any earlier Throttle of action; n <= 0 stops
// throttling it.
func (s *Server) Throttle(action string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.st.throttles, action)
		return
	}
	s.st.throttles[action] = n
}

// FailRegion makes every call signed for region fail with the error code,
// e.g. "AuthFailure" (HTTP 401), "InvalidClientTokenId" (403) or
// "UnrecognizedClientException" (400); codes not known to be
// authentication failures answer 400. An empty code heals the region.
// A failing region is checked before Throttle, so it does not use up
// throttled calls.
func (s *Server) FailRegion(region, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == "" {
		delete(s.st.failures, region)
		return
	}
	s.st.failures[region] = code
}
