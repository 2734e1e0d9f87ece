package publish

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/site/sitedir"
)

// Reasons an Item is uploaded.
const (
	ReasonNew     = "new"     // no object has the key
	ReasonChanged = "changed" // the object's content differs
)

// Plan is what a publish does, in order.
type Plan struct {
	Bucket string // target bucket
	Prefix string // normalised key prefix; "" when the site is the whole bucket
	// Upload holds the new and changed files in upload order: other files
	// (sorted by key, uploaded concurrently), then entry pages deepest
	// first, then the root entry pages, the root index.html last of all.
	Upload []Item
	// Delete holds the keys under the prefix that no local file has,
	// sorted; they are deleted after every upload succeeded.
	Delete []string
	// Unchanged counts the files whose object already has their content.
	Unchanged int
}

// Item is a file to upload.
type Item struct {
	Key          string // object key
	Path         string // local file
	ContentType  string
	CacheControl string
	SHA256       string // hex, stored as x-amz-meta-sha256
	MD5          string // hex, sent as Content-MD5
	Size         int64
	Entry        bool   // an entry page (Options.EntryPages)
	Reason       string // ReasonNew or ReasonChanged

	// wave numbers the upload steps: items of one wave are uploaded
	// concurrently, each wave after the previous one succeeded.
	wave int
}

// BuildPlan compares Dir with the objects under Target and returns what
// Publish would do. It only reads: one ListObjectsV2 per 1,000 objects,
// and a HeadObject for each object of the local files' size whose ETag is
// not a plain MD5 (see the package documentation). Like Publish, it
// refuses a site being rendered (sitedir.ErrBusy) and, unless
// AllowIncomplete, one whose render did not finish (sitedir.ErrIncomplete).
func BuildPlan(ctx context.Context, client *s3.Client, o Options) (*Plan, error) {
	r, err := o.resolve()
	if err != nil {
		return nil, err
	}
	release, err := openSite(r)
	if err != nil {
		return nil, err
	}
	defer release()
	return buildPlan(ctx, client, r)
}

// openSite takes the site directory's shared lock, so that no render
// writes it while it is read, and checks its marker: a site whose render
// did not finish is refused unless AllowIncomplete. The returned function
// releases the lock.
func openSite(r resolved) (release func(), err error) {
	lock, err := sitedir.LockShared(r.Dir)
	if err != nil {
		return nil, fmt.Errorf("publishing %s: %w", r.Dir, err)
	}
	if err := sitedir.CheckComplete(r.Dir); err != nil {
		if !r.AllowIncomplete {
			lock.Release()
			return nil, fmt.Errorf("refusing to publish %s: %w; publishing it would delete from s3://%s/%s every page and asset the render has not written: render the site again (auroradoc render), or pass --force-incomplete (Options.AllowIncomplete) to publish it as it is",
				r.Dir, err, r.bucket, listPrefix(r.prefix))
		}
		r.Logger.Warn("publish: publishing an incomplete site (forced)", "dir", r.Dir, "why", err.Error())
	}
	return func() { lock.Release() }, nil
}

func buildPlan(ctx context.Context, client *s3.Client, r resolved) (*Plan, error) {
	files, err := listLocal(r.Dir, r.Logger)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("site directory %s holds no files to publish; refusing, as that would delete everything under s3://%s/%s", r.Dir, r.bucket, listPrefix(r.prefix))
	}
	digests, err := digestAll(ctx, files, r.Concurrency)
	if err != nil {
		return nil, err
	}
	remote, err := listRemote(ctx, client, r.bucket, r.prefix)
	if err != nil {
		return nil, err
	}

	plan := &Plan{Bucket: r.bucket, Prefix: r.prefix}
	var uploads []Item
	var unsure []int // indexes into uploads of items only HeadObject can decide
	for i, f := range files {
		d := digests[i]
		entry := r.EntryPages(f.rel)
		it := Item{
			Key:          objectKey(r.prefix, f.rel),
			Path:         f.path,
			ContentType:  ContentType(f.rel),
			CacheControl: CacheControl(f.rel, entry),
			SHA256:       d.sha256,
			MD5:          d.md5,
			Size:         d.size,
			Entry:        entry,
			Reason:       ReasonChanged,
			wave:         waveKey(f.rel, entry),
		}
		obj, exists := remote[it.Key]
		delete(remote, it.Key)
		switch md5, plain := plainMD5(obj.etag); {
		case !exists:
			it.Reason = ReasonNew
		case obj.size != d.size:
		case plain && md5 == d.md5:
			plan.Unchanged++
			continue
		case plain:
		default:
			unsure = append(unsure, len(uploads))
		}
		uploads = append(uploads, it)
	}

	if err := resolveUnsure(ctx, client, r, uploads, unsure); err != nil {
		return nil, err
	}
	for _, it := range uploads {
		if it.Reason == "" {
			plan.Unchanged++
			continue
		}
		plan.Upload = append(plan.Upload, it)
	}
	orderUploads(plan.Upload)
	plan.Delete = slices.Sorted(maps.Keys(remote))
	return plan, nil
}

// resolveUnsure reads the stored SHA-256 of uploads[i] for each i in
// unsure, concurrently, and clears the Reason of those already stored.
func resolveUnsure(ctx context.Context, client *s3.Client, r resolved, uploads []Item, unsure []int) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(r.Concurrency)
	for _, i := range unsure {
		g.Go(func() error {
			sum, err := storedSHA256(ctx, client, r.bucket, uploads[i].Key)
			if err != nil {
				return err
			}
			if sum == uploads[i].SHA256 {
				uploads[i].Reason = ""
			}
			return nil
		})
	}
	return g.Wait()
}

// waveKey orders a file's upload: 0 for other files; for entry pages,
// deeper ones first (smaller keys), the root ones after them, and the root
// index.html last. Only the order matters; orderUploads renumbers.
func waveKey(rel string, entry bool) int {
	if !entry {
		return 0
	}
	depth := strings.Count(rel, "/")
	if rel == "index.html" {
		return 1 << 30
	}
	return (1 << 30) - 1 - depth
}

// orderUploads sorts items by wave then key and renumbers the waves 0, 1, …
func orderUploads(items []Item) {
	slices.SortFunc(items, func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.wave, b.wave), strings.Compare(a.Key, b.Key))
	})
	wave, last := -1, -1
	for i := range items {
		if i == 0 || items[i].wave != last {
			wave++
			last = items[i].wave
		}
		items[i].wave = wave
	}
}

// waves splits p.Upload into its upload steps.
func (p *Plan) waves() [][]Item {
	var out [][]Item
	for i, it := range p.Upload {
		if i == 0 || it.wave != p.Upload[i-1].wave {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], it)
	}
	return out
}
