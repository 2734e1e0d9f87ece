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
// "<region>/<cluster-id>" with a valid region (ValidRegion) and an id that
// is a valid plain target name.
func ValidStoreName(name string) bool {
	if region, id, ok := strings.Cut(name, "/"); ok {
		return ValidRegion(region) && ValidTarget(id)
	}
	return ValidTarget(name)
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
