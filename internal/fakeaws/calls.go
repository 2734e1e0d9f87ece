package fakeaws

import "net/url"

// Call is one request the server answered.
type Call struct {
	Service string // SigV4 signing name: "rds", "ec2", "secretsmanager"; "" if unsigned
	Action  string // e.g. "DescribeDBClusters", "GetSecretValue"
	Region  string // from the SigV4 credential scope
	// Account is the account of the AssumeRole credentials the call was
	// signed with; "" = the default account (any other credentials).
	Account string
	// Params are the request's form fields except Action and Version (RDS,
	// EC2), or its JSON fields flattened to the same dotted shape (Secrets
	// Manager: "SecretId"). AssumeRole's are RoleArn, RoleSessionName,
	// ExternalId (what the caller sent) and DurationSeconds.
	Params url.Values
	Status int // HTTP status answered
	// InvocationID is the SDK's amz-sdk-invocation-id header: equal for
	// the retries of one operation.
	InvocationID string
}

// Calls returns every call answered so far, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.st.calls))
	for i, c := range s.st.calls {
		c.Params = cloneValues(c.Params)
		out[i] = c
	}
	return out
}

// Count is how many calls matched service, action and region so far; ""
// matches anything. Throttled and failed calls count too.
func (s *Server) Count(service, action, region string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.st.calls {
		if (service == "" || c.Service == service) &&
			(action == "" || c.Action == action) &&
			(region == "" || c.Region == region) {
			n++
		}
	}
	return n
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
