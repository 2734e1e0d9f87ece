package history

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/auroradoc/auroradoc/snapshot"
)

// indexKey is the record index: per set, the head of its record (format
// version, prev, problems) and the store's tag of the record object when
// that head was taken. Update trusts an entry while the listing shows the
// record with the same tag, so checking a year of records costs one
// listing and one read, not a read per record; a record written by
// anything else (a repair, a damaged copy) has another tag and is read.
//
// It lives beside the records' folder, not in it: that folder holds
// records only.
const indexKey = "history-index.json"

// indexVersion is the version of the index format; another is ignored.
const indexVersion = 1

type recordIndex struct {
	FormatVersion int                   `json:"format_version"`
	Records       map[string]indexEntry `json:"records"`
}

type indexEntry struct {
	Tag string `json:"tag"`
	recordHead
}

// readIndex returns the record index; empty when there is none or it
// cannot be used (every record is then read, as without an index).
func readIndex(ctx context.Context, st *snapshot.Store) map[string]indexEntry {
	data, err := st.GetAux(ctx, indexKey)
	if err != nil {
		return nil
	}
	var idx recordIndex
	if json.Unmarshal(data, &idx) != nil || idx.FormatVersion != indexVersion {
		return nil
	}
	return idx.Records
}

// recordTags lists the records of st: set → tag ("" when the backend has
// no tags).
func recordTags(ctx context.Context, st *snapshot.Store) (map[string]string, []string, error) {
	infos, err := st.ListAuxTagged(ctx, keyPrefix)
	if err != nil {
		return nil, nil, err
	}
	tags := make(map[string]string, len(infos))
	keys := make([]string, 0, len(infos))
	for _, o := range infos {
		keys = append(keys, o.Key)
		if s := setOfKey(o.Key); s != "" {
			tags[s] = o.Tag
		}
	}
	return tags, keys, nil
}

// writeIndex lists the records again and writes the index of the heads
// whose record is there with a tag.
func writeIndex(ctx context.Context, st *snapshot.Store, heads map[string]recordHead) error {
	tags, _, err := recordTags(ctx, st)
	if err != nil {
		return fmt.Errorf("indexing drift history: %w", err)
	}
	idx := recordIndex{FormatVersion: indexVersion, Records: map[string]indexEntry{}}
	for set, h := range heads {
		if tag := tags[set]; tag != "" {
			idx.Records[set] = indexEntry{Tag: tag, recordHead: h}
		}
	}
	if len(idx.Records) == 0 {
		return nil
	}
	data, err := json.Marshal(idx)
	if err != nil {
		return fmt.Errorf("encoding the drift history index: %w", err)
	}
	if err := st.PutAux(ctx, indexKey, data); err != nil {
		return fmt.Errorf("indexing drift history: %w", err)
	}
	return nil
}
