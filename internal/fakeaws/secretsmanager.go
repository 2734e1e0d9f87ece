package fakeaws

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"time"
)

type secretKey struct {
	realm, name string // realm: region, or "<account>/<region>"
}

// secret is the current version of one secret.
type secret struct {
	name, arn, value, versionID string
	binary                      []byte // SecretBinary, when value is not set
	created, changed            time.Time
	tags                        map[string]string
	deleted                     time.Time // scheduled for deletion (recovery window); zero if not
}

// PutSecret stores secretString as the current (AWSCURRENT) version of the
// secret named id in region, replacing an earlier one with a new version.
// GetSecretValue finds it by name or by ARN.
func (s *Server) PutSecret(region, id, secretString string) {
	s.PutSecretIn("", region, id, secretString)
}

// PutSecretIn is PutSecret in account ("" = the default account; see
// AddClusterIn).
func (s *Server) PutSecretIn(account, region, id, secretString string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := realm(account, region)
	s.st.secrets[secretKey{r, id}] = secret{
		name:      id,
		arn:       arn("secretsmanager", account, region, "secret:"+id+"-"+arnSuffix(r, id)),
		value:     secretString,
		versionID: s.newVersionID(),
		created:   time.Now(),
	}
}

// newVersionID numbers a secret version. s.mu is held.
func (s *Server) newVersionID() string {
	s.st.versions++
	return fmt.Sprintf("5ec12e75-0000-4000-8000-%012x", s.st.versions)
}

// arnSuffix is the six random-looking characters Secrets Manager appends to
// a secret's name in its ARN; here they are derived from region and name.
func arnSuffix(region, name string) string {
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	h := fnv.New64a()
	_, _ = h.Write([]byte(region + "\x00" + name)) // never fails
	n := h.Sum64()
	b := make([]byte, 6)
	for i := range b {
		b[i] = letters[n%uint64(len(letters))]
		n /= uint64(len(letters))
	}
	return string(b)
}

// getSecretValueOutput is the AWS JSON 1.1 answer, as the SDK's schema for
// GetSecretValueOutput reads it: CreatedDate in epoch seconds.
type getSecretValueOutput struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	SecretString  string   `json:"SecretString,omitempty"`
	SecretBinary  []byte   `json:"SecretBinary,omitempty"` // base64, as JSON 1.1 sends blobs
	VersionID     string   `json:"VersionId"`
	VersionStages []string `json:"VersionStages"`
	CreatedDate   float64  `json:"CreatedDate"`
}

// secretsManager answers the Secrets Manager actions: GetSecretValue
// (auroradoc's crawler) and CreateSecret, PutSecretValue, TagResource,
// DeleteSecret, DescribeSecret (the access engine's secrets side). s.mu is
// held.
func (s *Server) secretsManager(req *request) response {
	switch req.action {
	case "GetSecretValue":
	case "CreateSecret":
		return s.createSecret(req)
	case "PutSecretValue":
		return s.putSecretValue(req)
	case "TagResource":
		return s.tagResource(req)
	case "DeleteSecret":
		return s.deleteSecret(req)
	case "DescribeSecret":
		return s.describeSecret(req)
	default:
		return req.invalidAction()
	}
	id := req.params.Get("SecretId")
	if id == "" {
		return req.invalidParameter("SecretId is required")
	}
	_, sec, ok := s.findSecret(req.realm(), id)
	if !ok {
		return req.fail(http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
	}
	if !sec.deleted.IsZero() {
		return markedForDeletion(req)
	}
	if v := req.params.Get("VersionId"); v != "" && v != sec.versionID {
		return req.fail(http.StatusBadRequest, "ResourceNotFoundException",
			"Secrets Manager can't find the specified secret value for VersionId: "+v)
	}
	if v := req.params.Get("VersionStage"); v != "" && v != "AWSCURRENT" {
		return req.fail(http.StatusBadRequest, "ResourceNotFoundException",
			"Secrets Manager can't find the specified secret value for staging label: "+v)
	}
	return req.jsonOK(getSecretValueOutput{
		ARN:           sec.arn,
		Name:          sec.name,
		SecretString:  sec.value,
		SecretBinary:  sec.binary,
		VersionID:     sec.versionID,
		VersionStages: []string{"AWSCURRENT"},
		CreatedDate:   float64(sec.created.UnixMilli()) / 1000,
	})
}

// SecretNames returns the names of the secrets stored in region (the
// default account), sorted; a secret scheduled for deletion is still
// listed, one force-deleted is not. Tests count what is left with it.
func (s *Server) SecretNames(region string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for k, sec := range s.st.secrets {
		if k.realm == realm("", region) {
			names = append(names, sec.name)
		}
	}
	slices.Sort(names)
	return names
}
