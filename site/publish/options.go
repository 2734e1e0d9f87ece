package publish

import (
	"fmt"
	"log/slog"
	"path"
	"strings"
)

// DefaultConcurrency is the number of parallel uploads when
// Options.Concurrency is not set.
const DefaultConcurrency = 8

// Options says what to publish where.
type Options struct {
	// Dir is the local site root.
	Dir string
	// Target is "s3://bucket/prefix"; the prefix may be empty (the whole
	// bucket is the site) only with AllowBucketRoot. Repeated, leading and trailing slashes in the
	// prefix are dropped. Every object under the prefix that is not a file
	// of Dir is deleted: the prefix belongs to the site.
	Target string
	// DryRun makes Publish plan (reading only) and return the plan.
	DryRun bool
	// AllowIncomplete publishes a directory whose marker (sitedir.Marker)
	// is missing, damaged or says the render did not finish; without it
	// such a directory is refused, as publishing it would delete the pages
	// the render has not written yet.
	AllowIncomplete bool
	// AllowBucketRoot allows a Target without a prefix: every object in
	// the bucket that is not a file of Dir is then deleted.
	AllowBucketRoot bool
	// EntryPages reports whether the file at rel (slash-separated, relative
	// to Dir) is an entry page: a page that points readers at others, so it
	// is uploaded after every other file, deepest first, with the root
	// index.html (if it is an entry page) last of all. Entry pages are
	// served with Cache-Control no-cache. Nil means DefaultEntryPages.
	EntryPages func(rel string) bool
	// Concurrency is the number of parallel uploads (and local hashes);
	// zero or less means DefaultConcurrency.
	Concurrency int
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
}

// DefaultEntryPages reports whether rel is named index.html,
// manifest.json, search*.json or search-index.js (the site's search index
// is a script so that it loads from file://), at any depth.
func DefaultEntryPages(rel string) bool {
	base := path.Base(rel)
	return base == "index.html" || base == "manifest.json" || base == "search-index.js" ||
		(strings.HasPrefix(base, "search") && strings.HasSuffix(base, ".json"))
}

// resolved is Options with defaults applied and the target parsed.
type resolved struct {
	Options
	bucket, prefix string
}

func (o Options) resolve() (resolved, error) {
	if o.Dir == "" {
		return resolved{}, fmt.Errorf("publish: no site directory given")
	}
	bucket, prefix, err := ParseTarget(o.Target)
	if err != nil {
		return resolved{}, err
	}
	if prefix == "" && !o.AllowBucketRoot {
		return resolved{}, fmt.Errorf("publish target %s is the root of bucket %s: every object in the bucket that is not a file of the site would be deleted; publish under a prefix (s3://%s/docs), or pass --bucket-root (Options.AllowBucketRoot) if the bucket holds nothing but the site", o.Target, bucket, bucket)
	}
	if o.EntryPages == nil {
		o.EntryPages = DefaultEntryPages
	}
	if o.Concurrency < 1 {
		o.Concurrency = DefaultConcurrency
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return resolved{Options: o, bucket: bucket, prefix: prefix}, nil
}
