package config

import (
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/internal/yamlstrict"
)

// The aws.accounts list: several AWS accounts reached by assuming a role.

var (
	// roleARN is an IAM role ARN: partition, account, optional path, name.
	roleARN = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role/((?:[\x21-\x7e]+/)*)([\w+=,.@-]{1,64})$`)
	// externalID is the alphabet sts:AssumeRole accepts in ExternalId
	// (2 to 1224 characters, checked apart: regexp repeats stop at 1000).
	externalID = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// accounts decodes aws.accounts, reporting bad ids, role ARNs of another
// account, and ids or labels used twice.
func (d *decoder) accounts(n *yaml.Node, path string) []Account {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.Errorf(n, path, "must be a non-empty list of accounts such as "+
			`[{id: "111122223333", role_arn: "arn:aws:iam::111122223333:role/auroradoc-crawler"}], got %s; `+
			"leave aws.accounts out to crawl the account of the standard credential chain", yamlstrict.Describe(n))
		return nil
	}
	var out []Account
	keys := map[string]int{} // id or label -> line of its first use
	d.eachMapping(n, path, "each account must be a mapping with id and role_arn", func(item *yaml.Node, ip string) {
		if a, ok := d.account(item, ip, keys); ok {
			out = append(out, a)
		}
	})
	return out
}

// account decodes one entry of aws.accounts; keys holds the ids and labels
// of the entries before it, and gets this one's.
func (d *decoder) account(item *yaml.Node, ip string, keys map[string]int) (Account, bool) {
	a := Account{Line: item.Line}
	var roleNode *yaml.Node
	present := d.Mapping(item, ip, []yamlstrict.Field{
		{Key: "id", Decode: func(v *yaml.Node, p string) { a.ID, _ = d.checked(v, p, checkAccountID) }},
		{Key: "role_arn", Decode: func(v *yaml.Node, p string) { roleNode = v; a.RoleARN, _ = d.checked(v, p, checkRoleARN) }},
		{Key: "external_id", Decode: func(v *yaml.Node, p string) { a.ExternalID, _ = d.checked(v, p, checkExternalID) }},
		{Key: "name", Decode: func(v *yaml.Node, p string) { a.Name, _ = d.checked(v, p, checkAccountLabel) }},
	})
	if present == nil {
		return a, false
	}
	for _, k := range []string{"id", "role_arn"} {
		if present[k] == nil {
			d.Errorf(item, yamlstrict.Join(ip, k), "required key is missing")
		}
	}
	if a.ID != "" && a.RoleARN != "" {
		if m := roleARN.FindStringSubmatch(a.RoleARN); m[2] != a.ID {
			d.Errorf(roleNode, yamlstrict.Join(ip, "role_arn"), "role is in account %s, not in this entry's account %s", m[2], a.ID)
		}
	}
	for _, k := range []struct{ key, val string }{{"id", a.ID}, {"name", a.Name}} {
		if k.val == "" {
			continue
		}
		if line, dup := keys[k.val]; dup {
			d.Errorf(present[k.key], yamlstrict.Join(ip, k.key), "account %q is listed twice (first at line %d)", k.val, line)
		} else {
			keys[k.val] = present[k.key].Line
		}
	}
	return a, true
}

// checkAccountID accepts a 12-digit AWS account id.
func checkAccountID(id string) string {
	if names.ValidAccountID(id) {
		return ""
	}
	return fmt.Sprintf("invalid account id %q: an AWS account id is 12 digits (quote it to keep leading zeros)", id)
}

// checkRoleARN accepts an IAM role ARN.
func checkRoleARN(arn string) string {
	if roleARN.MatchString(arn) {
		return ""
	}
	hint := ""
	if strings.Contains(arn, ":user/") {
		hint = " (a user, not a role)"
	}
	return fmt.Sprintf("invalid role ARN %q%s: write arn:aws:iam::<account-id>:role/<name>", arn, hint)
}

// checkExternalID accepts what sts:AssumeRole takes as ExternalId. The
// value is not quoted back: it is a shared secret of sorts.
func checkExternalID(id string) string {
	if len(id) >= 2 && len(id) <= 1224 && externalID.MatchString(id) {
		return ""
	}
	return "invalid external id: 2 to 1224 letters, digits or the characters +=,.@:/-_"
}

// checkAccountLabel accepts an account label: usable as a path segment of
// target names (names.ValidAccountKey) and not mistakable for an id.
func checkAccountLabel(l string) string {
	switch {
	case names.ValidAccountID(l):
		return fmt.Sprintf("invalid account name %q: a 12-digit name reads as an account id; leave name out to use the id", l)
	case names.ValidRegion(l):
		return fmt.Sprintf("invalid account name %q: it is a region name, so target names would read two ways", l)
	case !names.ValidAccountKey(l):
		return fmt.Sprintf("invalid account name %q: 1 to 63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit", l)
	}
	return ""
}
