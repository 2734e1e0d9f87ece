package snapshot

import (
	"context"
	"fmt"
	"strings"
)

// completePrefix is the folder of the complete-set index: one empty
// object per complete set ("sets/<id>"), written by Finish right after the
// manifest. Sets then costs two listings instead of one listing plus a
// request per set. A set without its index object (written before the
// index existed, or whose Finish died in between) is checked through its
// manifest once and added (lazy migration).
const completePrefix = "sets/"

// completeKey is the index object of set id.
func completeKey(id string) string { return completePrefix + id }

// indexed returns the set ids the complete-set index lists.
func (s *Store) indexed(ctx context.Context) (map[string]bool, error) {
	keys, err := s.b.List(ctx, completePrefix)
	if err != nil {
		return nil, fmt.Errorf("listing the snapshot set index in %s: %w", s.b, err)
	}
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		if id := strings.TrimPrefix(k, completePrefix); id != k && !strings.Contains(id, "/") {
			out[id] = true
		}
	}
	return out, nil
}

// index adds set id to the complete-set index. A failure is not an error
// of the caller's: without the object the set is found through its
// manifest, one request more per listing (a read-only store stays
// readable).
func (s *Store) index(ctx context.Context, id string) {
	_ = s.b.Put(ctx, completeKey(id), nil)
}
