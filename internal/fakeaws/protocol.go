package fakeaws

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
)

// protocol is the wire format a request is answered in.
type protocol int

const (
	protoQuery protocol = iota // AWS Query (RDS): XML with <Action>Result, ErrorResponse
	protoEC2                   // EC2 Query: XML without a Result element, Response/Errors
	protoJSON                  // AWS JSON 1.1 (Secrets Manager, SSM)
	protoREST                  // REST-JSON (EventBridge Scheduler): error code in X-Amzn-Errortype
)

// The XML namespaces of the faked Query APIs, and their versions.
const (
	rdsNamespace = "http://rds.amazonaws.com/doc/2014-10-31/"
	rdsVersion   = "2014-10-31"
	ec2Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/"
	ec2Version   = "2016-11-15"
)

// throttle is the error code and message the protocol's service throttles
// with. Each code is in the SDK's retry.DefaultThrottleErrorCodes.
func (p protocol) throttle() (code, message string) {
	switch p {
	case protoEC2:
		return "RequestLimitExceeded", "Request limit exceeded."
	case protoJSON, protoREST:
		return "ThrottlingException", "Rate exceeded"
	}
	return "Throttling", "Rate exceeded"
}

// failureStatus is the HTTP status AWS answers an error code with, as far as
// FailRegion needs: authentication failures are 401/403, the rest 400.
func failureStatus(code string) int {
	switch code {
	case "AuthFailure":
		return http.StatusUnauthorized
	case "InvalidClientTokenId", "SignatureDoesNotMatch", "IncompleteSignature",
		"MissingAuthenticationToken", "AccessDenied", "AccessDeniedException",
		"ExpiredToken", "ExpiredTokenException", "OptInRequired":
		return http.StatusForbidden
	}
	return http.StatusBadRequest
}

// response is an answer, built while the server's lock is held and written
// after it is released.
type response struct {
	status      int
	contentType string
	requestID   string
	errorType   string // REST-JSON: the X-Amzn-Errortype header
	body        []byte
}

func (r response) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", r.contentType)
	h.Set("Content-Length", strconv.Itoa(len(r.body)))
	h.Set("X-Amzn-Requestid", r.requestID)
	if r.errorType != "" {
		h.Set("X-Amzn-Errortype", r.errorType)
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body) // the client went away; nothing to tell it
}

// xmlOK answers with v, an XML document whose root element names itself.
func (req *request) xmlOK(v any) response {
	body, err := xml.Marshal(v)
	if err != nil {
		return req.internalError(fmt.Errorf("marshal %s answer: %w", req.action, err))
	}
	return response{
		status:      http.StatusOK,
		contentType: "text/xml",
		requestID:   req.id,
		body:        append([]byte(xml.Header), body...),
	}
}

// jsonOK answers with v encoded as AWS JSON 1.1.
func (req *request) jsonOK(v any) response {
	body, err := json.Marshal(v)
	if err != nil {
		return req.internalError(fmt.Errorf("marshal %s answer: %w", req.action, err))
	}
	return response{
		status:      http.StatusOK,
		contentType: "application/x-amz-json-1.1",
		requestID:   req.id,
		body:        body,
	}
}

// internalError answers a failure of the fake itself. The SDK retries 500s,
// and then reports the message.
func (req *request) internalError(err error) response {
	return req.fail(http.StatusInternalServerError, "InternalFailure", "fakeaws: "+err.Error())
}

// queryErrorResponse is the AWS Query error document (RDS).
type queryErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

// ec2ErrorResponse is the EC2 Query error document.
type ec2ErrorResponse struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

// jsonErrorResponse is the AWS JSON error document; the SDK takes the code
// from __type.
type jsonErrorResponse struct {
	Type    string `json:"__type"`
	Message string `json:"Message"`
}

// fail answers with an AWS error in req's protocol.
func (req *request) fail(status int, code, message string) response {
	resp := response{status: status, requestID: req.id}
	var err error
	switch req.proto {
	case protoREST:
		resp.contentType, resp.errorType = "application/json", code
		resp.body, err = json.Marshal(map[string]string{"Message": message})
	case protoJSON:
		resp.contentType = "application/x-amz-json-1.1"
		resp.body, err = json.Marshal(jsonErrorResponse{Type: code, Message: message})
	case protoEC2:
		resp.contentType = "text/xml;charset=UTF-8"
		resp.body, err = xml.Marshal(ec2ErrorResponse{Code: code, Message: message, RequestID: req.id})
	default:
		fault := "Sender"
		if status >= 500 {
			fault = "Receiver"
		}
		resp.contentType = "text/xml"
		resp.body, err = xml.Marshal(queryErrorResponse{
			Xmlns: rdsNamespace, Type: fault, Code: code, Message: message, RequestID: req.id,
		})
	}
	if err != nil { // strings only: cannot happen
		resp.status, resp.contentType = http.StatusInternalServerError, "text/plain"
		resp.body = []byte(fmt.Sprintf("fakeaws: marshal %s error: %v", code, err))
	}
	if req.proto != protoJSON && req.proto != protoREST {
		resp.body = append([]byte(xml.Header), resp.body...)
	}
	return resp
}
