// Package s3url parses and checks the s3://bucket/prefix locations used
// for the snapshot store and site publishing.
package s3url

import (
	"fmt"
	"strings"
)

// Parse splits "s3://bucket/prefix" into the bucket and the
// normalised prefix: slash-separated, without leading, trailing or repeated
// slashes, possibly empty. It refuses any other form (another scheme, an
// invalid bucket name, a query or fragment, "." or ".." segments, control
// characters or backslashes) with an error saying why.
func Parse(target string) (bucket, prefix string, err error) {
	fail := func(why string, args ...any) (string, string, error) {
		return "", "", fmt.Errorf(why, args...)
	}
	rest, ok := strings.CutPrefix(target, "s3://")
	if !ok {
		return fail("not an s3:// URL")
	}
	if i := strings.IndexFunc(rest, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
		return fail("control character at byte %d", len("s3://")+i)
	}
	if strings.ContainsAny(rest, "?#\\") {
		return fail("query, fragment or backslash not allowed")
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if err := checkBucket(bucket); err != nil {
		return fail("%v", err)
	}
	var segs []string
	for _, s := range strings.Split(prefix, "/") {
		switch s {
		case "":
			continue
		case ".", "..":
			return fail("%q segment in the prefix", s)
		}
		segs = append(segs, s)
	}
	return bucket, strings.Join(segs, "/"), nil
}

// checkBucket applies the S3 bucket naming rules for new buckets.
func checkBucket(b string) error {
	if b == "" {
		return fmt.Errorf("no bucket")
	}
	if len(b) < 3 || len(b) > 63 {
		return fmt.Errorf("bucket name %q must be 3 to 63 characters", b)
	}
	for _, r := range b {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return fmt.Errorf("bucket name %q may hold only lowercase letters, digits, dots and hyphens", b)
		}
	}
	if !isAlnum(b[0]) || !isAlnum(b[len(b)-1]) {
		return fmt.Errorf("bucket name %q must begin and end with a letter or digit", b)
	}
	if strings.Contains(b, "..") {
		return fmt.Errorf("bucket name %q must not hold two adjacent dots", b)
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
