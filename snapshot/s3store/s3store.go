// Package s3store keeps auroradoc's snapshot store under an S3 prefix
// (s3://bucket/prefix), with the same layout as a local store directory.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/auroradoc/auroradoc/internal/s3url"
	"github.com/auroradoc/auroradoc/snapshot"
)

// maxObject bounds how much is read for one object.
const maxObject = 1 << 30

// Backend is a snapshot.Backend over an S3 prefix. S3 PutObject is atomic
// for readers (they see the old object or the new one), which is what the
// store needs; sets are only listed once their manifest exists.
type Backend struct {
	client         *s3.Client
	bucket, prefix string
}

var _ snapshot.Backend = (*Backend)(nil)

// Open returns a store at location ("s3://bucket/prefix") using client.
func Open(client *s3.Client, location string) (*snapshot.Store, error) {
	bucket, prefix, err := s3url.Parse(location)
	if err != nil {
		return nil, fmt.Errorf("snapshot store %q: %w (want s3://bucket/prefix)", location, err)
	}
	return snapshot.New(&Backend{client: client, bucket: bucket, prefix: prefix}), nil
}

func (b *Backend) String() string {
	if b.prefix == "" {
		return "s3://" + b.bucket
	}
	return "s3://" + b.bucket + "/" + b.prefix
}

func (b *Backend) key(k string) string { return b.base() + k }

// Put uploads one object.
func (b *Backend) Put(ctx context.Context, key string, data []byte) error {
	_, err := b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(b.bucket), Key: aws.String(b.key(key)), Body: bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
	})
	if err != nil {
		return fmt.Errorf("s3:PutObject %s: %w", b.key(key), err)
	}
	return nil
}

// Create uploads one object only if no object has key (If-None-Match: *,
// which S3 checks atomically); a taken key is snapshot.ErrExists. A
// conflicting conditional write in flight (409) counts as taken too.
func (b *Backend) Create(ctx context.Context, key string, data []byte) error {
	_, err := b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(b.bucket), Key: aws.String(b.key(key)), Body: bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))), IfNoneMatch: aws.String("*"),
	})
	var ae smithy.APIError
	if errors.As(err, &ae) && (ae.ErrorCode() == "PreconditionFailed" || ae.ErrorCode() == "ConditionalRequestConflict") {
		return fmt.Errorf("%s: %w", b.key(key), snapshot.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("s3:PutObject %s: %w", b.key(key), err)
	}
	return nil
}

// Get downloads one object; a missing key is snapshot.ErrNotFound.
func (b *Backend) Get(ctx context.Context, key string) ([]byte, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(b.bucket), Key: aws.String(b.key(key))})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return nil, fmt.Errorf("%s: %w", key, snapshot.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("s3:GetObject %s: %w", b.key(key), err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(io.LimitReader(out.Body, maxObject+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", b.key(key), err)
	}
	if len(data) > maxObject {
		return nil, fmt.Errorf("%s: larger than %d bytes", b.key(key), maxObject)
	}
	return data, nil
}

// List returns the keys one level below prefix, sorted; folders end in "/".
func (b *Backend) List(ctx context.Context, prefix string) ([]string, error) {
	infos, err := b.ListTagged(ctx, prefix)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(infos))
	for i, o := range infos {
		out[i] = o.Key
	}
	return out, nil
}

// ListTagged is List with each object's ETag and size as its tag (from
// the same listing requests; folders have none).
func (b *Backend) ListTagged(ctx context.Context, prefix string) ([]snapshot.ObjectInfo, error) {
	base := b.base()
	full := base
	if p := strings.TrimSuffix(prefix, "/"); p != "" {
		full += p + "/"
	}
	var out []snapshot.ObjectInfo
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(b.bucket), Prefix: aws.String(full), Delimiter: aws.String("/"),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("s3:ListObjectsV2 %s: %w", full, err)
		}
		for _, cp := range page.CommonPrefixes {
			out = append(out, snapshot.ObjectInfo{Key: strings.TrimPrefix(aws.ToString(cp.Prefix), base)})
		}
		for _, o := range page.Contents {
			out = append(out, snapshot.ObjectInfo{Key: strings.TrimPrefix(aws.ToString(o.Key), base),
				Tag: fmt.Sprintf("%s/%d", aws.ToString(o.ETag), aws.ToInt64(o.Size))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// base is the store's key prefix as a folder ("" for a whole bucket).
func (b *Backend) base() string {
	if b.prefix == "" {
		return ""
	}
	return b.prefix + "/"
}

// Exists reports whether any key starts with prefix.
func (b *Backend) Exists(ctx context.Context, prefix string) (bool, error) {
	out, err := b.client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{
		Bucket: aws.String(b.bucket), Prefix: aws.String(b.key(prefix)), MaxKeys: aws.Int32(1),
	})
	if err != nil {
		return false, fmt.Errorf("s3:ListObjectsV2 %s: %w", b.key(prefix), err)
	}
	return len(out.Contents) > 0, nil
}

// Delete removes every object whose key starts with prefix, in batches of
// up to 1,000 keys (DeleteObjects).
func (b *Backend) Delete(ctx context.Context, prefix string) error {
	full := b.key(prefix)
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{
		Bucket: aws.String(b.bucket), Prefix: aws.String(full),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("s3:ListObjectsV2 %s: %w", full, err)
		}
		if len(page.Contents) == 0 {
			continue
		}
		ids := make([]types.ObjectIdentifier, 0, len(page.Contents))
		for _, o := range page.Contents {
			ids = append(ids, types.ObjectIdentifier{Key: o.Key})
		}
		out, err := b.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(b.bucket), Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return fmt.Errorf("s3:DeleteObjects under %s: %w", full, err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("s3:DeleteObjects under %s: %s: %s %s (and %d more)", full,
				aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message), len(out.Errors)-1)
		}
	}
	return nil
}
