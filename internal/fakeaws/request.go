package fakeaws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The SigV4 signing names of the faked services.
const (
	serviceRDS            = "rds"
	serviceEC2            = "ec2"
	serviceSecretsManager = "secretsmanager"
	serviceSTS            = "sts"
	serviceSSM            = "ssm"
	serviceScheduler      = "scheduler"
)

// jsonTargets are the X-Amz-Target prefixes of the AWS JSON services.
var jsonTargets = map[string]string{"secretsmanager": serviceSecretsManager, "AmazonSSM": serviceSSM}

// maxBody bounds a request body; the faked calls send a few hundred bytes.
const maxBody = 1 << 20

// request is one decoded API call.
type request struct {
	proto   protocol
	service string     // SigV4 signing name: rds, ec2, secretsmanager
	region  string     // from the SigV4 credential scope
	key     string     // access key id, from the SigV4 credential scope
	account string     // the account key's AssumeRole credentials are in; "" = the default account
	action  string     // Action field, or the X-Amz-Target operation
	params  url.Values // form fields but Action and Version; or flattened JSON
	version string     // the Query protocols' Version field
	id      string     // request ID of the answer
}

// apiError is an AWS error to answer with.
type apiError struct {
	status        int
	code, message string
}

// decodeRequest reads r into a request. On failure the request is still as
// complete as could be made out, so that the call is recorded and the error
// is written in the right protocol.
func decodeRequest(r *http.Request) (*request, *apiError) {
	req := &request{params: url.Values{}}
	target := r.Header.Get("X-Amz-Target")

	sc, scopeCode, scopeErr := parseScope(r.Header.Get("Authorization"))
	req.region, req.service, req.key = sc.region, sc.service, sc.accessKey
	switch {
	case req.service == serviceScheduler:
		req.proto = protoREST
	case req.service == serviceSecretsManager, req.service == serviceSSM, req.service == "" && target != "":
		req.proto = protoJSON
	case req.service == serviceEC2:
		req.proto = protoEC2
	default:
		req.proto = protoQuery
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return req, &apiError{http.StatusBadRequest, "MalformedInput", fmt.Sprintf("fakeaws: read request body: %v", err)}
	}
	if len(body) > maxBody {
		return req, &apiError{http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "fakeaws: request body over 1 MiB"}
	}

	if req.proto == protoREST {
		if scopeErr != nil {
			return req, &apiError{http.StatusForbidden, scopeCode, scopeErr.Error()}
		}
		return req, decodeREST(r, body, req)
	}
	if req.proto == protoJSON {
		if svc, op, ok := strings.Cut(target, "."); ok && jsonTargets[svc] != "" {
			req.action = op
		}
		if err := flattenJSONBody(body, req.params); err != nil {
			return req, &apiError{http.StatusBadRequest, "SerializationException", fmt.Sprintf("fakeaws: request body is not a JSON object: %v", err)}
		}
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return req, &apiError{http.StatusBadRequest, "MalformedQueryString", fmt.Sprintf("fakeaws: request body is not form-encoded: %v", err)}
		}
		req.action, req.version = form.Get("Action"), form.Get("Version")
		form.Del("Action")
		form.Del("Version")
		req.params = form
	}

	if scopeErr != nil {
		return req, &apiError{http.StatusForbidden, scopeCode, scopeErr.Error()}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return req, &apiError{http.StatusBadRequest, "InvalidAction",
			fmt.Sprintf("fakeaws: want POST /, got %s %s", r.Method, r.URL.Path)}
	}
	if req.proto == protoJSON && req.action == "" {
		return req, &apiError{http.StatusBadRequest, "UnknownOperationException",
			fmt.Sprintf("fakeaws: X-Amz-Target %q does not name a secretsmanager or AmazonSSM operation", target)}
	}
	return req, nil
}

// flattenJSONBody decodes a JSON object body into out, one key per leaf:
// nested objects join keys with ".", list items are numbered from 1 (as
// the Query protocols do).
func flattenJSONBody(body []byte, out url.Values) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return err
	}
	flattenJSON("", obj, out)
	return nil
}

func flattenJSON(prefix string, v any, out url.Values) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			flattenJSON(join(k), x, out)
		}
	case []any:
		for i, x := range v {
			flattenJSON(join(strconv.Itoa(i+1)), x, out)
		}
	case string:
		out.Add(prefix, v)
	case json.Number:
		out.Add(prefix, v.String())
	case bool:
		out.Add(prefix, strconv.FormatBool(v))
	case nil:
		out.Add(prefix, "")
	}
}

// checkVersion answers a Query-protocol request made for another API
// version than want.
func (req *request) checkVersion(want string) *response {
	if req.version == want {
		return nil
	}
	resp := req.fail(http.StatusBadRequest, "InvalidAction",
		fmt.Sprintf("Could not find operation %s for version %s (fakeaws speaks %s)", req.action, req.version, want))
	return &resp
}

// invalidAction answers an action the fake does not implement.
func (req *request) invalidAction() response {
	if req.proto == protoJSON || req.proto == protoREST {
		return req.fail(http.StatusBadRequest, "UnknownOperationException",
			fmt.Sprintf("fakeaws: %s.%s is not faked", req.service, req.action))
	}
	return req.fail(http.StatusBadRequest, "InvalidAction",
		fmt.Sprintf("The action %s is not valid for this web service (fakeaws fakes only some %s actions).", req.action, req.service))
}

// invalidParameter answers a bad parameter value.
func (req *request) invalidParameter(format string, args ...any) response {
	code := "InvalidParameterValue"
	switch {
	case req.proto == protoREST:
		code = "ValidationException"
	case req.proto == protoJSON:
		code = "InvalidParameterException"
	}
	return req.fail(http.StatusBadRequest, code, fmt.Sprintf(format, args...))
}

// missingParameter answers a request without a required parameter.
func (req *request) missingParameter(name string) response {
	return req.fail(http.StatusBadRequest, "MissingParameter",
		fmt.Sprintf("The request must contain the parameter %s", name))
}

// realm is where the request's resources live: its region in its account.
func (req *request) realm() string { return realm(req.account, req.region) }

// decodeREST reads a REST-JSON request (EventBridge Scheduler): the
// operation from the method and path (/schedules/{Name}), the parameters
// from the JSON body, the path's name ("Name") and the query string.
func decodeREST(r *http.Request, body []byte, req *request) *apiError {
	name, ok := strings.CutPrefix(r.URL.Path, "/schedules/")
	if !ok || name == "" || strings.Contains(name, "/") {
		return &apiError{http.StatusNotFound, "UnknownOperationException", fmt.Sprintf("fakeaws: scheduler path %s is not /schedules/{Name}", r.URL.Path)}
	}
	req.action = map[string]string{http.MethodPost: "CreateSchedule", http.MethodGet: "GetSchedule",
		http.MethodDelete: "DeleteSchedule", http.MethodPut: "UpdateSchedule"}[r.Method]
	if err := flattenJSONBody(body, req.params); err != nil {
		return &apiError{http.StatusBadRequest, "ValidationException", fmt.Sprintf("fakeaws: request body is not a JSON object: %v", err)}
	}
	req.params.Set("Name", name)
	for k, v := range r.URL.Query() {
		req.params[k] = v
	}
	if req.action == "" {
		return &apiError{http.StatusMethodNotAllowed, "UnknownOperationException", "fakeaws: method " + r.Method + " on a schedule"}
	}
	return nil
}
