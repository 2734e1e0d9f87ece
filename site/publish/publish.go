package publish

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"golang.org/x/sync/errgroup"
)

// deleteBatch is the most keys one DeleteObjects call takes.
const deleteBatch = 1000

// Publish builds the plan (BuildPlan) and, unless o.DryRun, carries it out
// (holding the site directory's lock all along, so no render changes it
// meanwhile):
// it uploads the non-entry files concurrently, then the entry pages wave by
// wave (deepest first, the root index.html last of all), and only when
// every upload succeeded deletes the stale keys. When an upload fails it
// stops, deletes nothing and returns the error with the plan, so readers
// keep a site whose pages all exist; running Publish again resumes, since
// files already uploaded are then unchanged.
func Publish(ctx context.Context, client *s3.Client, o Options) (*Plan, error) {
	r, err := o.resolve()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	release, err := openSite(r)
	if err != nil {
		return nil, err
	}
	defer release()
	plan, err := buildPlan(ctx, client, r)
	if err != nil {
		return nil, err
	}
	r.Logger.Info("publish: planned", "target", r.Target, "upload", len(plan.Upload),
		"delete", len(plan.Delete), "unchanged", plan.Unchanged, "dry_run", r.DryRun)
	if r.DryRun {
		return plan, nil
	}
	for _, wave := range plan.waves() {
		if err := uploadWave(ctx, client, r, wave); err != nil {
			return plan, fmt.Errorf("publishing %s to %s (nothing deleted): %w", r.Dir, r.Target, err)
		}
	}
	if err := deleteKeys(ctx, client, r, plan.Delete); err != nil {
		return plan, fmt.Errorf("publishing %s to %s (all uploads done): %w", r.Dir, r.Target, err)
	}
	r.Logger.Info("publish: done", "target", r.Target, "uploaded", len(plan.Upload),
		"deleted", len(plan.Delete), "unchanged", plan.Unchanged, "elapsed", time.Since(start))
	return plan, nil
}

// uploadWave uploads items concurrently; on the first failure it cancels
// the others and returns that failure.
func uploadWave(ctx context.Context, client *s3.Client, r resolved, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.Concurrency)
	for _, it := range items {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := upload(ctx, client, r.bucket, it); err != nil {
				return err
			}
			r.Logger.Debug("publish: uploaded", "key", it.Key, "reason", it.Reason, "size", it.Size)
			return nil
		})
	}
	return g.Wait()
}

// upload puts one file in a single part, with its headers, its SHA-256 as
// metadata and its MD5 as Content-MD5, so that S3 refuses the object if
// the file changed since it was hashed.
func upload(ctx context.Context, client *s3.Client, bucket string, it Item) error {
	md5sum, err := hex.DecodeString(it.MD5)
	if err != nil {
		return fmt.Errorf("uploading %s: bad MD5 %q in the plan: %w", it.Key, it.MD5, err)
	}
	f, err := os.Open(it.Path)
	if err != nil {
		return fmt.Errorf("uploading %s: %w", it.Key, err)
	}
	defer f.Close()
	_, err = client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(it.Key),
		Body:          f,
		ContentLength: aws.Int64(it.Size),
		ContentType:   aws.String(it.ContentType),
		CacheControl:  aws.String(it.CacheControl),
		ContentMD5:    aws.String(base64.StdEncoding.EncodeToString(md5sum)),
		Metadata:      map[string]string{metaSHA256: it.SHA256},
	})
	if err != nil {
		return fmt.Errorf("uploading %s to s3://%s/%s: %w", it.Path, bucket, it.Key, err)
	}
	return nil
}

// deleteKeys deletes keys with DeleteObjects, deleteBatch at a time.
func deleteKeys(ctx context.Context, client *s3.Client, r resolved, keys []string) error {
	for batch := range chunks(keys, deleteBatch) {
		ids := make([]types.ObjectIdentifier, len(batch))
		for i, k := range batch {
			ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
		}
		out, err := client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(r.bucket),
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return fmt.Errorf("deleting %d stale objects from s3://%s: %w", len(batch), r.bucket, err)
		}
		var errs []error
		for _, e := range out.Errors {
			errs = append(errs, fmt.Errorf("deleting s3://%s/%s: %s: %s", r.bucket,
				aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message)))
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		for _, k := range batch {
			r.Logger.Debug("publish: deleted", "key", k)
		}
	}
	return nil
}

// chunks yields s in consecutive pieces of at most n.
func chunks[T any](s []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}
