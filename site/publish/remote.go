package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// remoteObject is what ListObjectsV2 tells of an existing object.
type remoteObject struct {
	etag string
	size int64
}

// listRemote lists every object under prefix, following continuation
// tokens, by key.
func listRemote(ctx context.Context, client *s3.Client, bucket, prefix string) (map[string]remoteObject, error) {
	objects := make(map[string]remoteObject)
	in := &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}
	if p := listPrefix(prefix); p != "" {
		in.Prefix = aws.String(p)
	}
	pages := s3.NewListObjectsV2Paginator(client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing s3://%s/%s: %w", bucket, listPrefix(prefix), err)
		}
		for _, o := range page.Contents {
			objects[aws.ToString(o.Key)] = remoteObject{etag: aws.ToString(o.ETag), size: aws.ToInt64(o.Size)}
		}
	}
	return objects, nil
}

// plainMD5 returns the MD5 hex digest an ETag stands for, if it is the
// quoted MD5 of a single-part upload, and false for any other ETag (a
// multipart upload's "…-N").
func plainMD5(etag string) (string, bool) {
	h := strings.ToLower(strings.Trim(etag, `"`))
	if len(h) != 32 {
		return "", false
	}
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return "", false
		}
	}
	return h, true
}

// storedSHA256 reads the sha256 metadata of an object with HeadObject; it
// returns "" when the object has none or no longer exists.
func storedSHA256(ctx context.Context, client *s3.Client, bucket, key string) (string, error) {
	out, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		var nf *types.NotFound
		if errors.As(err, &nf) {
			return "", nil
		}
		return "", fmt.Errorf("reading the metadata of s3://%s/%s: %w", bucket, key, err)
	}
	for k, v := range out.Metadata {
		if strings.EqualFold(k, metaSHA256) {
			return strings.ToLower(v), nil
		}
	}
	return "", nil
}

// metaSHA256 is the user metadata name (x-amz-meta-sha256) holding the hex
// SHA-256 of an uploaded object's content.
const metaSHA256 = "sha256"
