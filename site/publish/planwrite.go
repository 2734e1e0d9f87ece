package publish

import (
	"bufio"
	"fmt"
	"io"
)

// Write prints the plan for people (--dry-run): one line per upload with
// its reason, headers and size, one per delete, then a summary line.
//
//	upload  new      s3://bucket/docs/tables/users.html  text/html; charset=utf-8 | no-cache | 1204 B
//	upload  changed  s3://bucket/docs/index.html  text/html; charset=utf-8 | no-cache | 830 B | entry
//	delete           s3://bucket/docs/tables/orders.html
//	2 to upload (1 new, 1 changed), 1 to delete, 7 unchanged
func (p *Plan) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var news int
	for _, it := range p.Upload {
		if it.Reason == ReasonNew {
			news++
		}
		entry := ""
		if it.Entry {
			entry = " | entry"
		}
		fmt.Fprintf(bw, "upload  %-7s  s3://%s/%s  %s | %s | %d B%s\n",
			it.Reason, p.Bucket, it.Key, it.ContentType, it.CacheControl, it.Size, entry)
	}
	for _, k := range p.Delete {
		fmt.Fprintf(bw, "delete           s3://%s/%s\n", p.Bucket, k)
	}
	fmt.Fprintf(bw, "%d to upload (%d new, %d changed), %d to delete, %d unchanged\n",
		len(p.Upload), news, len(p.Upload)-news, len(p.Delete), p.Unchanged)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing the publish plan: %w", err)
	}
	return nil
}
