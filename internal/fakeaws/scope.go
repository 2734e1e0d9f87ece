package fakeaws

import (
	"fmt"
	"strings"
)

// scope is the part of a SigV4 credential scope the fake routes on.
type scope struct {
	accessKey, region, service string
}

// parseScope reads the credential scope out of a SigV4 Authorization
// header: "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/rds/aws4_request,
// SignedHeaders=..., Signature=...". The signature is not checked. The
// returned code is the AWS error code to answer a bad header with.
func parseScope(authorization string) (sc scope, code string, err error) {
	if authorization == "" {
		return scope{}, "MissingAuthenticationToken", fmt.Errorf(
			"fakeaws: request has no Authorization header; the region and service are read from its SigV4 credential scope, so sign requests (static credentials will do)")
	}
	alg, params, _ := strings.Cut(authorization, " ")
	if alg != "AWS4-HMAC-SHA256" {
		return scope{}, "IncompleteSignature", fmt.Errorf(
			"fakeaws: Authorization header uses %q, want SigV4 (AWS4-HMAC-SHA256) with a credential scope", alg)
	}
	var cred string
	for _, p := range strings.Split(params, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "Credential="); ok {
			cred = v
		}
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[2] == "" || parts[3] == "" {
		return scope{}, "IncompleteSignature", fmt.Errorf(
			"fakeaws: SigV4 credential %q is not ACCESS_KEY/DATE/REGION/SERVICE/aws4_request", cred)
	}
	return scope{accessKey: parts[0], region: parts[2], service: parts[3]}, "", nil
}
