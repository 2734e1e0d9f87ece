package snapshot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/auroradoc/auroradoc/internal/names"
)

// SetIDLayout is the time layout of snapshot set ids: UTC, sortable as
// text, safe in file names and S3 keys.
const SetIDLayout = "2006-01-02T150405Z"

const manifestName = "manifest.json"

// markerName is the object NewSet creates exclusively to claim a set id;
// whoever creates it owns the set. Readers do not look at it.
const markerName = ".auroradoc-set"

// SkewMargin is how much later than a new set's start the newest complete
// set may be dated before NewSet takes it for the work of a skewed clock
// and refuses to start a set that would sort before it.
const SkewMargin = time.Hour

// ErrNoSets is returned when a store holds no complete snapshot set.
var ErrNoSets = errors.New("no snapshot sets in store")

// ErrNotFound is returned by a Backend for a missing key.
var ErrNotFound = errors.New("not found")

// ErrExists is returned by Backend.Create when the key is taken.
var ErrExists = errors.New("already exists")

// ErrDamaged is returned when a file the store should hold cannot be used
// as it is: a snapshot whose bytes do not match the SHA-256 its set's
// manifest records, that the manifest lists but is missing, or that does
// not decode; a manifest that does not decode. Readers isolate such a
// target or set (errors.Is) instead of failing everything.
var ErrDamaged = errors.New("damaged")

// ErrNoStore is returned when opening a store to read it and there is
// none at the location.
var ErrNoStore = errors.New("no snapshot store")

// Backend is where a Store keeps its files: a local directory or, later, an
// S3 prefix. Keys use forward slashes.
type Backend interface {
	// Put stores data under key atomically: readers see the old object or
	// the whole new one, never a partial file.
	Put(ctx context.Context, key string, data []byte) error
	// Create stores data under key only if nothing is stored there yet,
	// as one atomic step; it wraps ErrExists when the key is taken.
	Create(ctx context.Context, key string, data []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
	// List returns the keys directly below prefix (one level), sorted;
	// sub-prefixes end in "/".
	List(ctx context.Context, prefix string) ([]string, error)
	// Exists reports whether any key starts with prefix.
	Exists(ctx context.Context, prefix string) (bool, error)
	// Delete removes every key below prefix (a folder, ending in "/") or
	// the single key prefix names; nothing there is not an error.
	Delete(ctx context.Context, prefix string) error
	String() string
}

// Store keeps snapshot sets: <set>/manifest.json and
// <set>/targets/<name>.json.gz. Keys that do not start with a set id (for
// example the history cache under "history/") are auxiliary data derived
// from the sets; see Aux.
type Store struct {
	b Backend

	mu sync.Mutex
	// sums caches, per set read, the SHA-256 the manifest records for
	// each target (sets are immutable once their manifest exists).
	sums map[string]map[string]string
	// loading has a channel per set whose manifest is being read for
	// sums, closed when done.
	loading map[string]chan struct{}
}

// New returns a store over b.
func New(b Backend) *Store { return &Store{b: b} }

// String names the store's location.
func (s *Store) String() string { return s.b.String() }

// SetWriter writes one snapshot set. Put is safe for concurrent use.
type SetWriter struct {
	store *Store
	id    string
	mu    sync.Mutex
	seen  map[string]bool
	// shared marks a shard's writer of a set several processes write
	// (JoinSet): snapshot files are created exclusively.
	shared bool
}

// NewSet starts a new set keyed by at (UTC, to the second). The set is
// claimed by creating its marker object exclusively, so two runs never
// share a set: when the id is taken (two runs in one second), the next
// numeric suffix ("-2", "-3", …) is tried. A local store's directory is
// created here, by the first set.
//
// NewSet refuses to start a set dated more than SkewMargin before the
// newest complete set: one of the two clocks is wrong, and the new set
// would sort before that set, which would stay the latest for ever.
func (s *Store) NewSet(ctx context.Context, at time.Time) (*SetWriter, error) {
	base := at.UTC().Format(SetIDLayout)
	if err := s.checkClock(ctx, at); err != nil {
		return nil, err
	}
	for i := 0; i < 100; i++ {
		id := base
		if i > 0 {
			id = fmt.Sprintf("%s-%d", base, i+1)
		}
		// Sets written before markers existed have none: a folder that
		// exists is taken.
		exists, err := s.b.Exists(ctx, id+"/")
		if err != nil {
			return nil, fmt.Errorf("checking for snapshot set %s in %s: %w", id, s.b, err)
		}
		if exists {
			continue
		}
		marker := fmt.Sprintf("auroradoc snapshot set %s, started %s\n", id, at.UTC().Format(time.RFC3339))
		err = s.b.Create(ctx, id+"/"+markerName, []byte(marker))
		if errors.Is(err, ErrExists) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("creating snapshot set %s in %s: %w", id, s.b, err)
		}
		return &SetWriter{store: s, id: id, seen: map[string]bool{}}, nil
	}
	return nil, fmt.Errorf("creating snapshot set %s in %s: too many sets in the same second", base, s.b)
}

// checkClock returns an error when the newest complete set is dated more
// than SkewMargin after at.
func (s *Store) checkClock(ctx context.Context, at time.Time) error {
	ids, err := s.Sets(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	newest := ids[len(ids)-1]
	t, err := parseSetID(newest)
	if err != nil || !t.After(at.UTC().Add(SkewMargin)) {
		return nil
	}
	return fmt.Errorf("creating a snapshot set at %s in %s: clock skew: the newest set, %s, is dated %s later, "+
		"so it would stay the latest; if its date is the wrong one, move it out of the store",
		at.UTC().Format(time.RFC3339), s.b, newest, t.Sub(at.UTC()).Round(time.Second))
}

// ID is the set's id.
func (w *SetWriter) ID() string { return w.id }

// Put writes the snapshot of one target and returns its path relative to
// the set and the SHA-256 of the file.
func (w *SetWriter) Put(ctx context.Context, snap *Snapshot) (file, sum string, err error) {
	name := snap.Target.Name
	if !names.ValidStoreName(name) {
		return "", "", fmt.Errorf("writing snapshot: invalid target name %q", name)
	}
	if !w.claim(name) {
		return "", "", fmt.Errorf("writing snapshot of %s: written twice in set %s", name, w.id)
	}
	var buf bytes.Buffer
	if err := Write(&buf, snap); err != nil {
		w.release(name)
		return "", "", err
	}
	file = "targets/" + name + ".json.gz"
	put := w.store.b.Put
	if w.shared {
		put = w.putShared
	}
	if err := put(ctx, w.id+"/"+file, buf.Bytes()); err != nil {
		w.release(name)
		return "", "", fmt.Errorf("writing snapshot of %s to %s: %w", name, w.store.b, err)
	}
	return file, sha256Hex(buf.Bytes()), nil
}

// claim reserves target name's file in the set for one writer; false when
// it is written or being written already.
func (w *SetWriter) claim(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen[name] {
		return false
	}
	w.seen[name] = true
	return true
}

// release frees name after a write that failed: the set holds no snapshot
// of it, so a carried copy may still be written.
func (w *SetWriter) release(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.seen, name)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// checkSum returns an error wrapping ErrDamaged when data does not hash to
// want; an empty want (manifests without sha256) checks nothing.
func checkSum(data []byte, want string) error {
	if want == "" {
		return nil
	}
	if got := sha256Hex(data); got != want {
		return fmt.Errorf("%w: its bytes do not match the manifest's sha256 (file %s, manifest %s)", ErrDamaged, got, want)
	}
	return nil
}

// Finish writes the manifest, which completes the set. Entries are sorted
// by name.
func (w *SetWriter) Finish(ctx context.Context, m *Manifest) error {
	m.FormatVersion = ManifestFormatVersion
	m.Set = w.id
	sort.Slice(m.Targets, func(i, j int) bool { return m.Targets[i].Name < m.Targets[j].Name })
	m.Tally()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding manifest of set %s: %w", w.id, err)
	}
	b = append(b, '\n')
	if err := w.store.b.Put(ctx, w.id+"/"+manifestName, b); err != nil {
		return fmt.Errorf("writing manifest of set %s to %s: %w", w.id, w.store.b, err)
	}
	w.store.cacheSums(w.id, m)
	w.store.index(ctx, w.id)
	return nil
}

// Sets returns the ids of complete sets (those with a manifest), oldest
// first: by time, then by same-second suffix ("-2" before "-10").
//
// It lists the set folders and the complete-set index (see
// completePrefix): a folder in the index is complete; a folder not in it
// is checked for its manifest, and added to the index when it has one. On
// S3 that is two listings (one per 1,000 sets) plus one request per set
// not yet indexed (sets being written, interrupted ones, sets written
// before the index), whatever the number of sets kept.
func (s *Store) Sets(ctx context.Context) ([]string, error) {
	keys, err := s.b.List(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("listing snapshot sets in %s: %w", s.b, err)
	}
	idx, err := s.indexed(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, k := range keys {
		if !strings.HasSuffix(k, "/") {
			continue
		}
		id := strings.TrimSuffix(k, "/")
		if _, err := parseSetID(id); err != nil {
			continue
		}
		if idx[id] {
			ids = append(ids, id)
			continue
		}
		ok, err := s.b.Exists(ctx, id+"/"+manifestName)
		if err != nil {
			return nil, fmt.Errorf("checking manifest of set %s in %s: %w", id, s.b, err)
		}
		if ok {
			s.index(ctx, id)
			ids = append(ids, id)
		}
	}
	sortSets(ids)
	return ids, nil
}

// Latest returns the id of the newest complete set.
func (s *Store) Latest(ctx context.Context) (string, error) {
	ids, err := s.Sets(ctx)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("%w %s", ErrNoSets, s.b)
	}
	return ids[len(ids)-1], nil
}

// Manifest reads the manifest of set id.
func (s *Store) Manifest(ctx context.Context, id string) (*Manifest, error) {
	b, err := s.b.Get(ctx, id+"/"+manifestName)
	if err != nil {
		return nil, fmt.Errorf("reading manifest of set %s in %s: %w", id, s.b, err)
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("decoding manifest of set %s in %s: %w: %w", id, s.b, ErrDamaged, err)
	}
	if m.FormatVersion < 1 || m.FormatVersion > ManifestFormatVersion {
		return nil, fmt.Errorf("manifest of set %s in %s: %w %d", id, s.b, ErrUnsupportedFormat, m.FormatVersion)
	}
	s.cacheSums(id, m)
	return m, nil
}

// cacheSums keeps the SHA-256 sums manifest m of set id records.
func (s *Store) cacheSums(id string, m *Manifest) {
	sums := make(map[string]string, len(m.Targets))
	for _, e := range m.Targets {
		if e.HasSnapshot() {
			sums[e.Name] = e.SHA256
		}
	}
	s.mu.Lock()
	if s.sums == nil {
		s.sums = map[string]map[string]string{}
	}
	s.sums[id] = sums
	s.mu.Unlock()
}

// sum returns the SHA-256 the manifest of set id records for target name
// ("" when it records none), reading the manifest once per set: readers
// of the same set wait for the one reading it.
func (s *Store) sum(ctx context.Context, id, name string) (string, error) {
	for {
		s.mu.Lock()
		sums, ok := s.sums[id]
		if ok {
			s.mu.Unlock()
			return sums[name], nil
		}
		if wait := s.loading[id]; wait != nil {
			s.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return "", ctx.Err()
			}
		}
		if s.loading == nil {
			s.loading = map[string]chan struct{}{}
		}
		done := make(chan struct{})
		s.loading[id] = done
		s.mu.Unlock()
		_, err := s.Manifest(ctx, id)
		s.mu.Lock()
		delete(s.loading, id)
		close(done)
		s.mu.Unlock()
		if err != nil {
			return "", err
		}
	}
}

// Snapshot reads the snapshot of target name in set id, verifying the
// bytes read against the SHA-256 in the set's manifest: a mismatch is an
// error wrapping ErrDamaged. Entries without a sha256 (older manifests)
// are not checked.
func (s *Store) Snapshot(ctx context.Context, id, name string) (*Snapshot, error) {
	if !names.ValidStoreName(name) {
		return nil, fmt.Errorf("reading snapshot: invalid target name %q", name)
	}
	want, err := s.sum(ctx, id, name)
	if err != nil {
		return nil, fmt.Errorf("reading snapshot of %s in set %s of %s: %w", name, id, s.b, err)
	}
	b, err := s.b.Get(ctx, id+"/targets/"+name+".json.gz")
	if errors.Is(err, ErrNotFound) {
		// The manifest lists it: a missing file is damage to the set.
		err = fmt.Errorf("%w: listed in the manifest but missing: %w", ErrDamaged, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading snapshot of %s in set %s of %s: %w", name, id, s.b, err)
	}
	if err := checkSum(b, want); err != nil {
		return nil, fmt.Errorf("snapshot of %s in set %s of %s is %w", name, id, s.b, err)
	}
	snap, err := Read(bytes.NewReader(b))
	if err != nil && !errors.Is(err, ErrUnsupportedFormat) {
		err = fmt.Errorf("%w: %w", ErrDamaged, err)
	}
	if err != nil {
		return nil, fmt.Errorf("reading snapshot of %s in set %s of %s: %w", name, id, s.b, err)
	}
	return snap, nil
}

// PutAux writes auxiliary data (derived from sets, e.g. the drift history
// cache) under key, which must not look like a set id.
func (s *Store) PutAux(ctx context.Context, key string, data []byte) error {
	if err := checkAuxKey(key); err != nil {
		return err
	}
	if err := s.b.Put(ctx, key, data); err != nil {
		return fmt.Errorf("writing %s to %s: %w", key, s.b, err)
	}
	return nil
}

// GetAux reads auxiliary data; a missing key wraps ErrNotFound.
func (s *Store) GetAux(ctx context.Context, key string) ([]byte, error) {
	if err := checkAuxKey(key); err != nil {
		return nil, err
	}
	b, err := s.b.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("reading %s from %s: %w", key, s.b, err)
	}
	return b, nil
}

// ListAux lists auxiliary keys one level below prefix (a folder ending in
// "/"), sorted.
func (s *Store) ListAux(ctx context.Context, prefix string) ([]string, error) {
	if err := checkAuxKey(prefix); err != nil {
		return nil, err
	}
	keys, err := s.b.List(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("listing %s in %s: %w", prefix, s.b, err)
	}
	return keys, nil
}

// ObjectInfo is a key with a tag that changes whenever the object is
// written again (S3: ETag and size; a directory: size and modification
// time); "" when the backend cannot tell, and for folders.
type ObjectInfo struct {
	Key, Tag string
}

// TagLister is implemented by backends that list keys with their tags in
// the same requests as List.
type TagLister interface {
	ListTagged(ctx context.Context, prefix string) ([]ObjectInfo, error)
}

// ListAuxTagged is ListAux with each key's tag, so that data derived from
// an object can be trusted without reading it while its tag is the same.
// Tags are empty when the backend is no TagLister.
func (s *Store) ListAuxTagged(ctx context.Context, prefix string) ([]ObjectInfo, error) {
	tl, ok := s.b.(TagLister)
	if !ok {
		keys, err := s.ListAux(ctx, prefix)
		out := make([]ObjectInfo, len(keys))
		for i, k := range keys {
			out[i] = ObjectInfo{Key: k}
		}
		return out, err
	}
	if err := checkAuxKey(prefix); err != nil {
		return nil, err
	}
	out, err := tl.ListTagged(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("listing %s in %s: %w", prefix, s.b, err)
	}
	return out, nil
}

// DeleteAux removes an auxiliary key or folder.
func (s *Store) DeleteAux(ctx context.Context, key string) error {
	if err := checkAuxKey(key); err != nil {
		return err
	}
	if err := s.b.Delete(ctx, key); err != nil {
		return fmt.Errorf("deleting %s from %s: %w", key, s.b, err)
	}
	return nil
}

func checkAuxKey(key string) error {
	first, _, _ := strings.Cut(key, "/")
	if key == "" || first == "" {
		return fmt.Errorf("invalid auxiliary key %q", key)
	}
	if _, err := parseSetID(first); err == nil {
		return fmt.Errorf("invalid auxiliary key %q: looks like a snapshot set", key)
	}
	return nil
}

func parseSetID(id string) (time.Time, error) {
	if len(id) < len(SetIDLayout) {
		return time.Time{}, fmt.Errorf("not a set id: %q", id)
	}
	return time.Parse(SetIDLayout, id[:len(SetIDLayout)])
}

// setLess orders set ids oldest first: by time, then by the same-second
// suffix as a number (no suffix, "-2", …, "-10"), then as text.
func setLess(a, b string) bool {
	if len(a) < len(SetIDLayout) || len(b) < len(SetIDLayout) || a[:len(SetIDLayout)] != b[:len(SetIDLayout)] {
		return a < b
	}
	na, nb := setSeq(a), setSeq(b)
	if na != nb {
		return na < nb
	}
	return a < b
}

// setSeq is the same-second sequence number of set id: 1 without a
// suffix, N for "-N", 0 for anything else.
func setSeq(id string) int {
	suffix := id[len(SetIDLayout):]
	if suffix == "" {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimPrefix(suffix, "-"))
	if err != nil || !strings.HasPrefix(suffix, "-") || n < 2 {
		return 0
	}
	return n
}

// readAllLimit is io.ReadAll with a guard against absurd files.
func readAllLimit(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("file larger than %d bytes", limit)
	}
	return b, nil
}
