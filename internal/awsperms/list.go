package awsperms

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
)

// Action is one entry of the list: an IAM action, the code's SDK operations
// that need it, who needs it and the narrowest resource AWS allows.
type Action struct {
	Action         string   `json:"action"`
	CodeOperations []string `json:"code_operations"`
	Principal      string   `json:"principal"`
	Resource       string   `json:"resource"`
	// ResourceStarReason says why Resource is "*": AWS supports nothing
	// narrower for the action. Empty for every other action.
	ResourceStarReason string `json:"resource_star_reason,omitempty"`
}

// List is the parsed terraform/iam-actions.json.
type List struct {
	About   string   `json:"about"`
	Actions []Action `json:"actions"`
}

var actionName = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z]+$`)

// Load reads and checks the list at path: well-formed action names, no
// duplicates, and a reason for every "*" resource.
func Load(path string) (List, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return List{}, fmt.Errorf("reading the IAM action list: %w", err)
	}
	var l List
	if err := json.Unmarshal(raw, &l); err != nil {
		return List{}, fmt.Errorf("parsing the IAM action list %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, a := range l.Actions {
		switch {
		case !actionName.MatchString(a.Action):
			return List{}, fmt.Errorf("%s: entry %d: %q is not an IAM action (service:Action, no wildcards)", path, i, a.Action)
		case seen[a.Action]:
			return List{}, fmt.Errorf("%s: %s is listed twice", path, a.Action)
		case a.Resource == "":
			return List{}, fmt.Errorf("%s: %s has no resource scope", path, a.Action)
		case a.Resource == "*" && a.ResourceStarReason == "":
			return List{}, fmt.Errorf("%s: %s has resource * without resource_star_reason", path, a.Action)
		case a.Resource != "*" && a.ResourceStarReason != "":
			return List{}, fmt.Errorf("%s: %s has a resource_star_reason but a narrower resource", path, a.Action)
		}
		seen[a.Action] = true
	}
	return l, nil
}

// ByAction indexes the list by IAM action.
func (l List) ByAction() map[string]Action {
	m := make(map[string]Action, len(l.Actions))
	for _, a := range l.Actions {
		m[a.Action] = a
	}
	return m
}

// ByOperation maps each code operation (service:Operation) to its IAM action.
func (l List) ByOperation() map[string]string {
	m := map[string]string{}
	for _, a := range l.Actions {
		for _, op := range a.CodeOperations {
			m[op] = a.Action
		}
	}
	return m
}
