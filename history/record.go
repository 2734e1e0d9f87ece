package history

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

// RecordVersion is the version of the record format. Records of another
// version are recomputed by Update and skipped (with a problem) by Load.
// Version 2: the findings follow drift's schema rules of issue 17 (one
// change reported once, FK actions, routine bodies, broken views, table
// options), so the first update after it recomputes every record and the
// pages count changes the same way on every night.
const RecordVersion = 2

// keyPrefix is the folder of the records among the store's auxiliary data.
const keyPrefix = "history/"

// Statuses a digest can have besides the manifest's ok, failed and skipped.
const (
	// StatusRemoved: the target was in the previous set and is not in this
	// one (or the configuration filters it out now). Its digest carries
	// the "target removed" finding and no data.
	StatusRemoved = "removed"
)

// Record is the derived drift record of one snapshot set.
type Record struct {
	FormatVersion int `json:"format_version"`
	// Set is the snapshot set the record describes.
	Set string `json:"set"`
	// Prev is the complete set it was diffed against: the set before it
	// in the store when the record was computed; "" for the first set.
	Prev string `json:"prev"`
	// TakenAt is when the run of the set started.
	TakenAt time.Time `json:"taken_at"`
	// Problems counts digests with a Problem (see Digest.Problem); Update
	// retries those targets.
	Problems int `json:"problems"`
	// Targets holds one digest per target of the set plus one per target
	// removed since Prev, sorted by name.
	Targets []*Digest `json:"targets"`
}

// Digest is what the history keeps of one target in one set.
type Digest struct {
	Name string `json:"name"`
	// Status is the manifest status (ok, failed, skipped) or
	// StatusRemoved.
	Status string `json:"status"`
	// Note is the manifest's error (failed) or reason (skipped).
	Note string `json:"note,omitempty"`
	// StaleFrom is set when the set holds a snapshot carried forward from
	// an earlier set (the target failed or was skipped); the data below is
	// then that old snapshot's.
	StaleFrom  string     `json:"stale_from,omitempty"`
	StaleSince *time.Time `json:"stale_since,omitempty"`
	// Problem says why the history could not read a snapshot of this
	// target (this set's, or the previous set's for the findings); it
	// names the set and the target.
	Problem string `json:"problem,omitempty"`
	// TakenAt is when the snapshot was taken; nil when the digest has no
	// data (no snapshot in the set, or it could not be read).
	TakenAt *time.Time `json:"taken_at,omitempty"`
	// Engine is the cluster's engine ("aurora-mysql") or the server's
	// flavor; EngineVersion the cluster's engine version (empty for static
	// targets); ServerVersion @@version.
	Engine        string `json:"engine,omitempty"`
	EngineVersion string `json:"engine_version,omitempty"`
	ServerVersion string `json:"server_version,omitempty"`
	// Parameters are the parameter group entries that have a value, as
	// written (formulas included): cluster parameters keyed by name,
	// instance parameters by "<group>:<name>" (see ParamKey).
	Parameters map[string]string `json:"parameters,omitempty"`
	// Variables are SHOW GLOBAL VARIABLES without the volatile ones.
	Variables map[string]string `json:"variables,omitempty"`
	// Tables are the sizes of the base tables: schema → table → size.
	Tables map[string]map[string]TableSize `json:"tables,omitempty"`
	// Findings are drift.Compare(previous set's snapshot, this one).
	Findings []drift.Finding `json:"findings,omitempty"`
}

// HasData reports whether the digest was made from a snapshot.
func (d *Digest) HasData() bool { return d.TakenAt != nil }

// Stale reports whether the digest's data is a carried-forward snapshot.
func (d *Digest) Stale() bool { return d.StaleFrom != "" }

// TableSize is a table's data+index bytes and its row estimate, encoded
// as a two-element array to keep records small.
type TableSize struct {
	Bytes int64
	Rows  int64
}

// MarshalJSON writes [bytes, rows].
func (s TableSize) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "[%d,%d]", s.Bytes, s.Rows), nil
}

// UnmarshalJSON reads [bytes, rows].
func (s *TableSize) UnmarshalJSON(b []byte) error {
	var a [2]int64
	if err := json.Unmarshal(b, &a); err != nil {
		return fmt.Errorf("table size: %w", err)
	}
	s.Bytes, s.Rows = a[0], a[1]
	return nil
}

// ParamKey is the digest key of a parameter: the name for a cluster
// parameter, "<group>:<name>" for an instance parameter group's.
func ParamKey(instanceGroup, name string) string {
	if instanceGroup == "" {
		return name
	}
	return instanceGroup + ":" + name
}

// SplitParamKey is the inverse of ParamKey (parameter names hold no ':').
func SplitParamKey(key string) (instanceGroup, name string) {
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		return key[:i], key[i+1:]
	}
	return "", key
}

// RecordKey is the auxiliary store key of a set's record.
func RecordKey(set string) string { return keyPrefix + set + ".json.gz" }

// setOfKey returns the set id of a record key, or "".
func setOfKey(key string) string {
	if !strings.HasPrefix(key, keyPrefix) || !strings.HasSuffix(key, ".json.gz") {
		return ""
	}
	set := strings.TrimSuffix(strings.TrimPrefix(key, keyPrefix), ".json.gz")
	if strings.Contains(set, "/") || len(set) < len(snapshot.SetIDLayout) {
		return ""
	}
	if _, err := time.Parse(snapshot.SetIDLayout, set[:len(snapshot.SetIDLayout)]); err != nil {
		return ""
	}
	return set
}

// encodeRecord writes r as gzip'ed compact JSON. encoding/json sorts map
// keys and the gzip header has no name and no time, so equal records
// encode to equal bytes.
func encodeRecord(r *Record) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, fmt.Errorf("creating gzip writer: %w", err)
	}
	enc := json.NewEncoder(zw)
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encoding history record of set %s: %w", r.Set, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compressing history record of set %s: %w", r.Set, err)
	}
	return buf.Bytes(), nil
}

// decodeInto decompresses data and decodes the JSON into v.
func decodeInto(data []byte, v any) error {
	raw, err := gunzip(data)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("opening gzip stream: %w", err)
	}
	defer zr.Close()
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompressing: %w", err)
	}
	return raw, nil
}

// readRecord reads and fully decodes the record of set; (nil, nil) when
// there is none.
func readRecord(ctx context.Context, st *snapshot.Store, set string) (*Record, error) {
	data, err := st.GetAux(ctx, RecordKey(set))
	if errors.Is(err, snapshot.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := &Record{}
	if err := decodeInto(data, r); err != nil {
		return nil, fmt.Errorf("decoding history record %s: %w", RecordKey(set), err)
	}
	if r.FormatVersion != RecordVersion {
		return nil, fmt.Errorf("history record %s: format version %d, want %d", RecordKey(set), r.FormatVersion, RecordVersion)
	}
	return r, nil
}

// recordHead is the part of a record before its targets.
type recordHead struct {
	FormatVersion int    `json:"format_version"`
	Set           string `json:"set"`
	Prev          string `json:"prev"`
	Problems      int    `json:"problems"`
}

// readHead decodes only the fields before "targets" (the encoder writes
// them first), so checking a year of records does not decode a year of
// digests. It returns (nil, nil) when there is no record.
func readHead(ctx context.Context, st *snapshot.Store, set string) (*recordHead, error) {
	data, err := st.GetAux(ctx, RecordKey(set))
	if errors.Is(err, snapshot.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decoding history record %s: opening gzip stream: %w", RecordKey(set), err)
	}
	defer zr.Close()
	h := &recordHead{}
	dec := json.NewDecoder(zr)
	fail := func(err error) (*recordHead, error) {
		return nil, fmt.Errorf("decoding history record %s: %w", RecordKey(set), err)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fail(fmt.Errorf("not a JSON object (%v)", err))
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		var dst any
		switch key {
		case "format_version":
			dst = &h.FormatVersion
		case "set":
			dst = &h.Set
		case "prev":
			dst = &h.Prev
		case "problems":
			dst = &h.Problems
		case "targets":
			return h, nil
		default:
			dst = new(json.RawMessage)
		}
		if err := dec.Decode(dst); err != nil {
			return fail(fmt.Errorf("field %q: %w", key, err))
		}
	}
	return fail(errors.New("no targets"))
}
