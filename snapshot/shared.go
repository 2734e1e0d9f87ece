package snapshot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// A shared set is one snapshot set written by several processes (the
// shards of a sharded night, each crawling one region or account) and
// completed by one finishing process. The set id is agreed beforehand
// (SetIDFor), each shard joins the set (JoinSet), writes its snapshots and
// then its shard record (PutShardRecord); the finisher closes the set
// (Close), reads the records (ShardRecords) and writes the manifest
// (Finish). Until the manifest exists the set is incomplete, so readers
// never see half a night.
const (
	// closedName is the object the finisher creates before it reads the
	// shard records: from then on no shard may add to the set.
	closedName = ".auroradoc-closed"
	// shardPrefix is the folder of the shard records inside a set.
	shardPrefix = "shards/"
)

// ErrSetClosed is returned when a shard writes to a set whose finishing
// step has started (or ended): what it crawled is no longer wanted there.
var ErrSetClosed = errors.New("snapshot set closed by its finishing step")

// SetIDFor returns the canonical set id for s, which is a set id
// ("2026-12-05T020000Z") or an RFC 3339 time (what a scheduler passes as
// the scheduled time, "2026-12-05T02:00:00Z"), in UTC to the second.
func SetIDFor(s string) (string, error) {
	if t, err := time.Parse(SetIDLayout, s); err == nil {
		return t.UTC().Format(SetIDLayout), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "", fmt.Errorf("set id %q: want a set id like 2026-12-05T020000Z or an RFC 3339 time like 2026-12-05T02:00:00Z", s)
	}
	return t.UTC().Truncate(time.Second).Format(SetIDLayout), nil
}

// JoinSet opens set id, which several processes write at once, for one of
// them: a shard writing its targets, or the finisher. The set's folder is
// claimed on first use; joining a set that is complete (or closed, when
// forShard) fails. Snapshots written through the returned writer never
// replace another process's file once the set is closed: a shard that
// arrives late cannot overwrite what the finisher carried forward.
func (s *Store) JoinSet(ctx context.Context, id string, forShard bool) (*SetWriter, error) {
	canonical, err := SetIDFor(id)
	if err != nil || canonical != id {
		return nil, fmt.Errorf("joining snapshot set %q: not a canonical set id (want e.g. 2026-12-05T020000Z)", id)
	}
	if done, err := s.b.Exists(ctx, id+"/"+manifestName); err != nil {
		return nil, fmt.Errorf("checking snapshot set %s in %s: %w", id, s.b, err)
	} else if done {
		return nil, fmt.Errorf("joining snapshot set %s in %s: the set is complete already", id, s.b)
	}
	w := &SetWriter{store: s, id: id, seen: map[string]bool{}, shared: forShard}
	if forShard {
		if err := w.checkOpen(ctx); err != nil {
			return nil, err
		}
	}
	marker := fmt.Sprintf("auroradoc snapshot set %s, shared by the shards of one night\n", id)
	if err := s.b.Create(ctx, id+"/"+markerName, []byte(marker)); err != nil && !errors.Is(err, ErrExists) {
		return nil, fmt.Errorf("creating snapshot set %s in %s: %w", id, s.b, err)
	}
	return w, nil
}

// checkOpen returns ErrSetClosed when the set's finishing step has begun.
func (w *SetWriter) checkOpen(ctx context.Context) error {
	closed, err := w.store.b.Exists(ctx, w.id+"/"+closedName)
	if err != nil {
		return fmt.Errorf("checking snapshot set %s in %s: %w", w.id, w.store.b, err)
	}
	if closed {
		return fmt.Errorf("writing to snapshot set %s in %s: %w", w.id, w.store.b, ErrSetClosed)
	}
	return nil
}

// putShared writes a shard's snapshot file: created exclusively, so a
// carried copy the finisher wrote is never replaced; a file that exists
// while the set is still open is an earlier attempt of the same shard
// (a retry), which is replaced.
func (w *SetWriter) putShared(ctx context.Context, key string, data []byte) error {
	err := w.store.b.Create(ctx, key, data)
	if !errors.Is(err, ErrExists) {
		return err
	}
	if err := w.checkOpen(ctx); err != nil {
		return err
	}
	return w.store.b.Put(ctx, key, data)
}

// PutShardRecord writes the record of shard name (what it crawled, see
// package nightly/shard) into the set, replacing an earlier attempt's. It
// fails with ErrSetClosed when the finishing step has begun: the
// finisher has counted the shard as missing.
func (w *SetWriter) PutShardRecord(ctx context.Context, name string, data []byte) error {
	if err := checkShardName(name); err != nil {
		return err
	}
	if err := w.checkOpen(ctx); err != nil {
		return err
	}
	if err := w.store.b.Put(ctx, w.id+"/"+shardPrefix+name, data); err != nil {
		return fmt.Errorf("writing shard record %s of set %s to %s: %w", name, w.id, w.store.b, err)
	}
	return nil
}

// Close marks the set as being finished: shards that have not written
// their record by now are missing. Closing a closed set (a retried
// finishing step) is not an error.
func (w *SetWriter) Close(ctx context.Context) error {
	msg := fmt.Sprintf("snapshot set %s closed for finishing\n", w.id)
	if err := w.store.b.Create(ctx, w.id+"/"+closedName, []byte(msg)); err != nil && !errors.Is(err, ErrExists) {
		return fmt.Errorf("closing snapshot set %s in %s: %w", w.id, w.store.b, err)
	}
	return nil
}

// ShardRecordNames lists the names of the shard records written to the
// set so far (one listing, no reads).
func (w *SetWriter) ShardRecordNames(ctx context.Context) ([]string, error) {
	keys, err := w.store.b.List(ctx, w.id+"/"+shardPrefix)
	if err != nil {
		return nil, fmt.Errorf("listing shard records of set %s in %s: %w", w.id, w.store.b, err)
	}
	var out []string
	for _, k := range keys {
		name := strings.TrimPrefix(k, w.id+"/"+shardPrefix)
		if !strings.HasSuffix(k, "/") && checkShardName(name) == nil {
			out = append(out, name)
		}
	}
	return out, nil
}

// ShardRecords returns the shard records written to the set so far, by
// shard name.
func (w *SetWriter) ShardRecords(ctx context.Context) (map[string][]byte, error) {
	names, err := w.ShardRecordNames(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		b, err := w.store.b.Get(ctx, w.id+"/"+shardPrefix+name)
		if err != nil {
			return nil, fmt.Errorf("reading shard record %s of set %s in %s: %w", name, w.id, w.store.b, err)
		}
		out[name] = b
	}
	return out, nil
}

// checkShardName accepts names safe as one path segment: lowercase
// letters, digits and "-_.=,".
func checkShardName(name string) error {
	if name == "" || len(name) > 200 || strings.HasPrefix(name, ".") {
		return fmt.Errorf("invalid shard record name %q", name)
	}
	for _, c := range name {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.ContainsRune("-_.=,", c)) {
			return fmt.Errorf("invalid shard record name %q", name)
		}
	}
	return nil
}
