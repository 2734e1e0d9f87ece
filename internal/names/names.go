// Package names holds the naming rules of targets and AWS regions, which
// the configuration, the snapshot store, the policy and the site must
// agree on: target names become file names, S3 keys and site paths.
package names

import "strings"

// maxTarget is the longest target name, in bytes.
const maxTarget = 63

// ValidTarget reports whether name is a valid plain (static) target name:
// 1 to 63 lowercase ASCII letters, digits, '.', '_' or '-', starting with a
// letter or digit. Such a name is safe as it is in a file name, an S3 key
// and a URL path.
func ValidTarget(name string) bool {
	if len(name) == 0 || len(name) > maxTarget || !lowerOrDigit(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !lowerOrDigit(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// ValidRegion reports whether r has the shape of an AWS region name:
// two lowercase letters, one or more lowercase words and a number, joined
// by '-' (us-east-1, ap-northeast-1, us-gov-west-1). Whether the region
// exists is not checked.
func ValidRegion(r string) bool {
	parts := strings.Split(r, "-")
	if len(parts) < 3 || len(parts[0]) != 2 || !all(parts[0], lower) {
		return false
	}
	for _, p := range parts[1 : len(parts)-1] {
		if p == "" || !all(p, lower) {
			return false
		}
	}
	last := parts[len(parts)-1]
	return last != "" && all(last, digit)
}

// ValidStoreName reports whether name is a target name the snapshot store
// accepts: a plain target name (ValidTarget) or, for a discovered cluster,
// "<region>/<cluster-id>" (one AWS account: the standard chain's) or
// "<account>/<region>/<cluster-id>" (aws.accounts) with a valid region
// (ValidRegion), a valid account key (ValidAccountKey) and an id that is a
// valid plain target name. Each segment is safe as a path segment, so the
// name is safe as a relative path and S3 key as it is.
func ValidStoreName(name string) bool {
	_, _, _, ok := SplitCluster(name)
	return ok || ValidTarget(name)
}

// Cluster is the target name of a discovered cluster: "<region>/<id>"
// without an account key (the standard chain's own account), else
// "<account>/<region>/<id>". Equal cluster ids in two accounts thus never
// share a name, a store key or a site path.
func Cluster(account, region, id string) string {
	if account == "" {
		return region + "/" + id
	}
	return account + "/" + region + "/" + id
}

// SplitCluster splits a discovered cluster's target name (Cluster) into its
// account key ("" for the two-part form), region and cluster id; ok is false
// when name is not such a name.
func SplitCluster(name string) (account, region, id string, ok bool) {
	parts := strings.Split(name, "/")
	switch len(parts) {
	case 2:
		region, id = parts[0], parts[1]
	case 3:
		account, region, id = parts[0], parts[1], parts[2]
		if !ValidAccountKey(account) {
			return "", "", "", false
		}
	default:
		return "", "", "", false
	}
	if !ValidRegion(region) || !ValidTarget(id) {
		return "", "", "", false
	}
	return account, region, id, true
}

// Group is what a discovered cluster's name is grouped under on the fleet
// index: its region, or "<account>/<region>" with an account key. It is ""
// for a plain (static) name.
func Group(name string) string {
	account, region, _, ok := SplitCluster(name)
	switch {
	case !ok:
		return ""
	case account == "":
		return region
	}
	return account + "/" + region
}

// ValidAccountID reports whether id is an AWS account id: 12 ASCII digits.
func ValidAccountID(id string) bool { return len(id) == 12 && all(id, digit) }

// ValidAccountKey reports whether key can stand for an account in target
// names: an account id (ValidAccountID) or a label that is a valid plain
// target name and not a region name (so "<account>/<region>/<id>" reads one
// way only).
func ValidAccountKey(key string) bool {
	return ValidAccountID(key) || (ValidTarget(key) && !ValidRegion(key))
}

func lower(c byte) bool        { return 'a' <= c && c <= 'z' }
func digit(c byte) bool        { return '0' <= c && c <= '9' }
func lowerOrDigit(c byte) bool { return lower(c) || digit(c) }

// all reports whether every byte of s satisfies ok.
func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
