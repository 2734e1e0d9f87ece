package publish

import (
	"fmt"

	"github.com/auroradoc/auroradoc/internal/s3url"
)

// ParseTarget splits "s3://bucket/prefix" into the bucket and the
// normalised prefix (see s3url.Parse), with an error naming the target.
func ParseTarget(target string) (bucket, prefix string, err error) {
	bucket, prefix, err = s3url.Parse(target)
	if err != nil {
		return "", "", fmt.Errorf("publish target %q: %w (want s3://bucket/prefix)", target, err)
	}
	return bucket, prefix, nil
}

// objectKey is the key of the file at rel under prefix.
func objectKey(prefix, rel string) string {
	if prefix == "" {
		return rel
	}
	return prefix + "/" + rel
}

// listPrefix is what ListObjectsV2 is asked for: the prefix as a folder,
// so that "docs" does not list "docs-old/…".
func listPrefix(prefix string) string {
	if prefix == "" {
		return ""
	}
	return prefix + "/"
}
