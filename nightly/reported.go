package nightly

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/snapshot"
)

// reportedPrefix is the folder of the reported marks among the store's
// auxiliary data: one small file per set whose drift report a run
// delivered ("reported/<set>.json").
const reportedPrefix = "reported/"

func reportedKey(set string) string { return reportedPrefix + set + ".json" }

// mark is what a reported mark holds, for people reading the store.
type mark struct {
	Set        string    `json:"set"`
	From       string    `json:"from"`
	ReportedAt time.Time `json:"reported_at"`
	Unexpected int       `json:"unexpected"`
}

// MarkReported records that the drift report r of its To set was
// delivered (printed, written, posted). The next night's Drift compares
// against the newest set so marked: a night whose run died before
// reporting is then included in the next report, never lost. Marks of
// sets that no longer exist are deleted.
func MarkReported(ctx context.Context, st *snapshot.Store, r *report.Report, now time.Time) error {
	data, err := json.MarshalIndent(mark{Set: r.To, From: r.From, ReportedAt: now.UTC(), Unexpected: r.Summary().Unexpected}, "", "  ")
	if err != nil {
		return err
	}
	if err := st.PutAux(ctx, reportedKey(r.To), append(data, '\n')); err != nil {
		return fmt.Errorf("marking set %s as reported: %w", r.To, err)
	}
	sets, err := st.Sets(ctx)
	if err != nil {
		return fmt.Errorf("pruning reported marks: %w", err)
	}
	keys, err := st.ListAux(ctx, reportedPrefix)
	if err != nil {
		return fmt.Errorf("pruning reported marks: %w", err)
	}
	for _, k := range keys {
		if set := markedSet(k); set != "" && set != r.To && !slices.Contains(sets, set) {
			if err := st.DeleteAux(ctx, k); err != nil {
				return fmt.Errorf("pruning reported marks: %w", err)
			}
		}
	}
	return nil
}

// markedSet returns the set id of a reported mark's key, or "".
func markedSet(key string) string {
	if !strings.HasPrefix(key, reportedPrefix) || !strings.HasSuffix(key, ".json") {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(key, reportedPrefix), ".json")
}

// since returns the set a report of set id starts from: the newest
// earlier set whose report was delivered, or, when no earlier set is
// marked (a store older than the marks, or marks pruned with their sets),
// the set just before id; a set whose manifest is damaged is passed over
// for the one before it. nil when id is the store's first set.
func since(ctx context.Context, st *snapshot.Store, id string) (*snapshot.Manifest, error) {
	sets, err := st.Sets(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.Index(sets, id)
	if i < 0 {
		return nil, fmt.Errorf("set %s is not in %s", id, st)
	}
	if i == 0 {
		return nil, nil
	}
	keys, err := st.ListAux(ctx, reportedPrefix)
	if err != nil {
		return nil, err
	}
	marked := map[string]bool{}
	for _, k := range keys {
		marked[markedSet(k)] = true
	}
	from := i - 1
	for j := i - 1; j >= 0; j-- {
		if marked[sets[j]] {
			from = j
			break
		}
	}
	// A damaged manifest costs its own night: compare with the newest
	// readable set before it.
	for j := from; j >= 0; j-- {
		m, err := st.Manifest(ctx, sets[j])
		if !errors.Is(err, snapshot.ErrDamaged) || j == 0 {
			return m, err
		}
	}
	return nil, nil
}
