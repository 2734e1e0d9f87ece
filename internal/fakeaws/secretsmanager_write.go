package fakeaws

import (
	"encoding/base64"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// findSecret finds a secret by name or ARN in a realm (a region, or
// "<account>/<region>"). s.mu is held.
func (s *Server) findSecret(realm, id string) (secretKey, secret, bool) {
	k := secretKey{realm, id}
	if sec, ok := s.st.secrets[k]; ok {
		return k, sec, true
	}
	for k, v := range s.st.secrets {
		if k.realm == realm && v.arn == id {
			return k, v, true
		}
	}
	return secretKey{}, secret{}, false
}

// secretValue reads SecretString or SecretBinary (base64 on the wire);
// exactly one is required.
func secretValue(req *request) (str string, bin []byte, bad *response) {
	str, hasStr := req.params.Get("SecretString"), req.params.Has("SecretString")
	b64, hasBin := req.params.Get("SecretBinary"), req.params.Has("SecretBinary")
	if hasStr == hasBin {
		r := req.invalidParameter("You must provide either SecretString or SecretBinary, but not both.")
		return "", nil, &r
	}
	if hasBin {
		var err error
		if bin, err = base64.StdEncoding.DecodeString(b64); err != nil {
			r := req.fail(http.StatusBadRequest, "SerializationException", "SecretBinary is not base64")
			return "", nil, &r
		}
	}
	return str, bin, nil
}

// requestTags reads Tags.N.Key / Tags.N.Value.
func requestTags(req *request) (map[string]string, *response) {
	tags := map[string]string{}
	for i := 1; ; i++ {
		p := "Tags." + strconv.Itoa(i) + "."
		if !req.params.Has(p+"Key") && !req.params.Has(p+"Value") {
			return tags, nil
		}
		k := req.params.Get(p + "Key")
		if k == "" {
			r := req.invalidParameter("Tag keys must not be empty.")
			return nil, &r
		}
		tags[k] = req.params.Get(p + "Value")
	}
}

// liveSecret finds the request's SecretId, answering an error when it is
// missing or scheduled for deletion. s.mu is held.
func (s *Server) liveSecret(req *request) (secretKey, secret, *response) {
	k, sec, ok := s.findSecret(req.realm(), req.params.Get("SecretId"))
	if !ok {
		r := secretNotFound(req)
		return k, sec, &r
	}
	if !sec.deleted.IsZero() {
		r := markedForDeletion(req)
		return k, sec, &r
	}
	return k, sec, nil
}

func markedForDeletion(req *request) response {
	return req.fail(http.StatusBadRequest, "InvalidRequestException",
		"You can't perform this operation on the secret because it was marked for deletion.")
}

func secretNotFound(req *request) response {
	return req.fail(http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

// epoch is a time as the JSON protocol sends it: seconds since 1970.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

type createSecretOutput struct {
	ARN       string `json:"ARN"`
	Name      string `json:"Name"`
	VersionID string `json:"VersionId"`
}

// createSecret answers CreateSecret: a new secret with its first version
// and tags; ResourceExistsException when the name is taken.
func (s *Server) createSecret(req *request) response {
	name := req.params.Get("Name")
	if name == "" {
		return req.invalidParameter("Name is required")
	}
	str, bin, bad := secretValue(req)
	if bad != nil {
		return *bad
	}
	tags, bad := requestTags(req)
	if bad != nil {
		return *bad
	}
	if old, ok := s.st.secrets[secretKey{req.realm(), name}]; ok {
		if !old.deleted.IsZero() {
			return req.fail(http.StatusBadRequest, "InvalidRequestException",
				"You can't create this secret because a secret with this name is already scheduled for deletion.")
		}
		return req.fail(http.StatusBadRequest, "ResourceExistsException",
			"The operation failed because the secret "+name+" already exists.")
	}
	now := time.Now()
	sec := secret{
		name:      name,
		arn:       arn("secretsmanager", req.account, req.region, "secret:"+name+"-"+arnSuffix(req.realm(), name)),
		value:     str,
		binary:    bin,
		versionID: s.newVersionID(),
		created:   now,
		changed:   now,
		tags:      tags,
	}
	s.st.secrets[secretKey{req.realm(), name}] = sec
	return req.jsonOK(createSecretOutput{ARN: sec.arn, Name: sec.name, VersionID: sec.versionID})
}

type putSecretValueOutput struct {
	ARN           string   `json:"ARN"`
	Name          string   `json:"Name"`
	VersionID     string   `json:"VersionId"`
	VersionStages []string `json:"VersionStages"`
}

// putSecretValue answers PutSecretValue: a new current version.
func (s *Server) putSecretValue(req *request) response {
	k, sec, bad := s.liveSecret(req)
	if bad != nil {
		return *bad
	}
	str, bin, bad := secretValue(req)
	if bad != nil {
		return *bad
	}
	sec.value, sec.binary, sec.versionID, sec.changed = str, bin, s.newVersionID(), time.Now()
	s.st.secrets[k] = sec
	return req.jsonOK(putSecretValueOutput{ARN: sec.arn, Name: sec.name, VersionID: sec.versionID, VersionStages: []string{"AWSCURRENT"}})
}

// tagResource answers TagResource: tags added or overwritten.
func (s *Server) tagResource(req *request) response {
	k, sec, bad := s.liveSecret(req)
	if bad != nil {
		return *bad
	}
	tags, bad := requestTags(req)
	if bad != nil {
		return *bad
	}
	sec.tags = maps.Clone(sec.tags)
	if sec.tags == nil {
		sec.tags = map[string]string{}
	}
	maps.Copy(sec.tags, tags)
	sec.changed = time.Now()
	s.st.secrets[k] = sec
	return req.jsonOK(struct{}{})
}

type deleteSecretOutput struct {
	ARN          string  `json:"ARN"`
	Name         string  `json:"Name"`
	DeletionDate float64 `json:"DeletionDate"`
}

// deleteSecret answers DeleteSecret: at once with
// ForceDeleteWithoutRecovery, otherwise scheduled after the recovery
// window (7 to 30 days, default 30), during which the secret can only be
// described.
func (s *Server) deleteSecret(req *request) response {
	k, sec, ok := s.findSecret(req.realm(), req.params.Get("SecretId"))
	if !ok {
		return secretNotFound(req)
	}
	force := req.params.Get("ForceDeleteWithoutRecovery") == "true"
	window := 30
	if w := req.params.Get("RecoveryWindowInDays"); w != "" {
		if force {
			return req.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
		}
		n, err := strconv.Atoi(w)
		if err != nil || n < 7 || n > 30 {
			return req.invalidParameter("RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
		}
		window = n
	}
	now := time.Now()
	if force {
		delete(s.st.secrets, k)
		return req.jsonOK(deleteSecretOutput{ARN: sec.arn, Name: sec.name, DeletionDate: epoch(now)})
	}
	if sec.deleted.IsZero() {
		sec.deleted = now
		s.st.secrets[k] = sec
	}
	return req.jsonOK(deleteSecretOutput{ARN: sec.arn, Name: sec.name, DeletionDate: epoch(sec.deleted.AddDate(0, 0, window))})
}

type secretTag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type describeSecretOutput struct {
	ARN                string              `json:"ARN"`
	Name               string              `json:"Name"`
	CreatedDate        float64             `json:"CreatedDate"`
	LastChangedDate    float64             `json:"LastChangedDate"`
	DeletedDate        *float64            `json:"DeletedDate,omitempty"`
	Tags               []secretTag         `json:"Tags,omitempty"`
	VersionIdsToStages map[string][]string `json:"VersionIdsToStages"`
}

// describeSecret answers DescribeSecret: the metadata and tags (sorted by
// key), never the value.
func (s *Server) describeSecret(req *request) response {
	_, sec, ok := s.findSecret(req.realm(), req.params.Get("SecretId"))
	if !ok {
		return secretNotFound(req)
	}
	out := describeSecretOutput{
		ARN:                sec.arn,
		Name:               sec.name,
		CreatedDate:        epoch(sec.created),
		LastChangedDate:    epoch(sec.changed),
		VersionIdsToStages: map[string][]string{sec.versionID: {"AWSCURRENT"}},
	}
	if sec.changed.IsZero() {
		out.LastChangedDate = out.CreatedDate
	}
	if !sec.deleted.IsZero() {
		d := epoch(sec.deleted)
		out.DeletedDate = &d
	}
	for _, k := range slices.Sorted(maps.Keys(sec.tags)) {
		out.Tags = append(out.Tags, secretTag{k, sec.tags[k]})
	}
	return req.jsonOK(out)
}

// Secret is what the fake holds for one secret, for tests to inspect.
type Secret struct {
	Name, ARN     string
	SecretString  string
	SecretBinary  []byte
	Tags          map[string]string
	ScheduledGone bool // deleted with a recovery window
}

// Secret returns the secret named id (name or ARN) in region of the
// default account.
func (s *Server) Secret(region, id string) (Secret, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, sec, ok := s.findSecret(realm("", region), id)
	if !ok {
		return Secret{}, false
	}
	return Secret{Name: sec.name, ARN: sec.arn, SecretString: sec.value, SecretBinary: slices.Clone(sec.binary),
		Tags: maps.Clone(sec.tags), ScheduledGone: !sec.deleted.IsZero()}, true
}

// SecretCount is how many secrets region of the default account holds,
// scheduled deletions included.
func (s *Server) SecretCount(region string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k := range s.st.secrets {
		if k.realm == realm("", region) {
			n++
		}
	}
	return n
}
