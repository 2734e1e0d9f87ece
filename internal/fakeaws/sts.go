package fakeaws

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// STS speaks the AWS Query protocol like RDS, in its own version and
// namespace.
const (
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	stsVersion   = "2011-06-15"
)

// role is a role AssumeRole may hand out credentials for.
type role struct {
	account    string
	externalID string // "" = the trust policy asks for none
}

var roleARNRe = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):role/[\x21-\x7e]+$`)

// AddRole lets AssumeRole hand out credentials for the role roleARN
// (arn:aws:iam::<account>:role/<name>) when the caller sends externalID,
// as a trust policy with an sts:ExternalId condition does ("" = no such
// condition: any or no external id is accepted, as in AWS). Requests signed with the credentials it
// hands out see that account's clusters, secrets and parameter groups
// (AddClusterIn, PutSecretIn, AddClusterParameterGroupIn). AssumeRole
// refuses every role not added, with AccessDenied.
func (s *Server) AddRole(roleARN, externalID string) error {
	m := roleARNRe.FindStringSubmatch(roleARN)
	if m == nil {
		return fmt.Errorf("fakeaws: AddRole: %q is not a role ARN (arn:aws:iam::<account>:role/<name>)", roleARN)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.roles[roleARN] = role{account: m[1], externalID: externalID}
	return nil
}

// xmlAssumeRoleResponse is AssumeRole's answer.
type xmlAssumeRoleResponse struct {
	XMLName         xml.Name `xml:"AssumeRoleResponse"`
	Xmlns           string   `xml:"xmlns,attr"`
	AccessKeyID     string   `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
	SecretAccessKey string   `xml:"AssumeRoleResult>Credentials>SecretAccessKey"`
	SessionToken    string   `xml:"AssumeRoleResult>Credentials>SessionToken"`
	Expiration      string   `xml:"AssumeRoleResult>Credentials>Expiration"`
	AssumedRoleARN  string   `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
	AssumedRoleID   string   `xml:"AssumeRoleResult>AssumedRoleUser>AssumedRoleId"`
	RequestID       string   `xml:"ResponseMetadata>RequestId"`
}

// sts answers AssumeRole, the one STS action auroradoc calls. s.mu is held.
func (s *Server) sts(req *request) response {
	if req.action != "AssumeRole" {
		return req.invalidAction()
	}
	if resp := req.checkVersion(stsVersion); resp != nil {
		return *resp
	}
	arn, session := req.params.Get("RoleArn"), req.params.Get("RoleSessionName")
	switch {
	case arn == "":
		return req.missingParameter("RoleArn")
	case session == "":
		return req.missingParameter("RoleSessionName")
	}
	duration := 3600
	if d := req.params.Get("DurationSeconds"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 900 || n > 43200 {
			return req.invalidParameter("DurationSeconds %q must be 900..43200", d)
		}
		duration = n
	}
	r, ok := s.st.roles[arn]
	// A trust policy without an sts:ExternalId condition ignores one sent.
	if !ok || (r.externalID != "" && req.params.Get("ExternalId") != r.externalID) {
		// AWS does not say which: unknown role, trust policy or external id.
		return req.fail(http.StatusForbidden, "AccessDenied", fmt.Sprintf(
			"User: arn:aws:iam::%s:user/fakeaws is not authorized to perform: sts:AssumeRole on resource: %s", accountID, arn))
	}
	key := fmt.Sprintf("ASIAFAKE%012X", len(s.st.keys)+1)
	s.st.keys[key] = r.account
	roleName := arn[strings.LastIndex(arn, "/")+1:] // the path is not part of the session ARN
	return req.xmlOK(xmlAssumeRoleResponse{
		Xmlns:           stsNamespace,
		AccessKeyID:     key,
		SecretAccessKey: "fakeaws-secret-" + key,
		SessionToken:    "fakeaws-session-" + key,
		Expiration:      time.Now().UTC().Add(time.Duration(duration) * time.Second).Format(time.RFC3339),
		AssumedRoleARN:  "arn:aws:sts::" + r.account + ":assumed-role/" + roleName + "/" + session,
		AssumedRoleID:   "AROAFAKE" + key[8:] + ":" + session,
		RequestID:       req.id,
	})
}
