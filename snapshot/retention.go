package snapshot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Retention says which snapshot sets to keep. Every set newer than Daily
// days is kept; of the older ones, the newest set of each ISO week is kept
// for Weekly weeks, then the newest of each calendar month for Monthly
// months. Older sets are deleted. The zero value keeps everything.
type Retention struct {
	Daily   int `json:"daily"`
	Weekly  int `json:"weekly"`
	Monthly int `json:"monthly"`
}

// Enabled reports whether r deletes anything at all.
func (r Retention) Enabled() bool { return r.Daily > 0 || r.Weekly > 0 || r.Monthly > 0 }

// incompleteGrace is how long a set without a manifest is left alone: it
// may be a crawl still running.
const incompleteGrace = 24 * time.Hour

// Keep splits set ids (any order) into those to keep and those to delete
// at time now, both sorted oldest first. The newest set is always kept.
func (r Retention) Keep(ids []string, now time.Time) (keep, drop []string) {
	type set struct {
		id string
		at time.Time
	}
	var sets []set
	for _, id := range ids {
		at, err := parseSetID(id)
		if err != nil {
			continue
		}
		sets = append(sets, set{id, at})
	}
	sort.Slice(sets, func(i, j int) bool { return setLess(sets[j].id, sets[i].id) }) // newest first
	if !r.Enabled() {
		for i := len(sets) - 1; i >= 0; i-- {
			keep = append(keep, sets[i].id)
		}
		return keep, nil
	}
	now = now.UTC()
	dailyFrom := now.AddDate(0, 0, -r.Daily)
	weeklyFrom := dailyFrom.AddDate(0, 0, -7*r.Weekly)
	monthlyFrom := weeklyFrom.AddDate(0, -r.Monthly, 0)
	seen := map[string]bool{}
	for i, s := range sets {
		var bucket string
		switch {
		case i == 0 || !s.at.Before(dailyFrom):
			bucket = "set:" + s.id
		case !s.at.Before(weeklyFrom):
			y, w := s.at.ISOWeek()
			bucket = fmt.Sprintf("week:%d-%02d", y, w)
		case !s.at.Before(monthlyFrom):
			bucket = "month:" + s.at.Format("2006-01")
		default:
			drop = append(drop, s.id)
			continue
		}
		// Sets are visited newest first, so the first set of a bucket is
		// the newest one of its week or month.
		if seen[bucket] {
			drop = append(drop, s.id)
			continue
		}
		seen[bucket] = true
		keep = append(keep, s.id)
	}
	sortSets(keep)
	sortSets(drop)
	return keep, drop
}

// sortSets sorts set ids oldest first (see setLess).
func sortSets(ids []string) {
	sort.Slice(ids, func(i, j int) bool { return setLess(ids[i], ids[j]) })
}

// Prune deletes the complete sets r does not keep, and sets without a
// manifest (interrupted runs, which hold only the set's marker and some
// snapshots) older than a day. A set's entry in the complete-set index
// and its manifest are deleted first, so a reader never sees a complete
// set with missing files. It returns the deleted ids, oldest first.
func (s *Store) Prune(ctx context.Context, r Retention, now time.Time) ([]string, error) {
	if !r.Enabled() {
		return nil, nil
	}
	complete, err := s.Sets(ctx)
	if err != nil {
		return nil, err
	}
	_, drop := r.Keep(complete, now)
	all, err := s.b.List(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("listing snapshot sets in %s: %w", s.b, err)
	}
	isComplete := map[string]bool{}
	for _, id := range complete {
		isComplete[id] = true
	}
	for _, k := range all {
		id := strings.TrimSuffix(k, "/")
		at, err := parseSetID(id)
		if err != nil || !strings.HasSuffix(k, "/") || isComplete[id] {
			continue
		}
		if now.Sub(at) > incompleteGrace {
			drop = append(drop, id)
		}
	}
	sortSets(drop)
	var deleted []string
	for _, id := range drop {
		// Out of the index first, then the manifest: the set is
		// incomplete before any of its files goes.
		if err := s.b.Delete(ctx, completeKey(id)); err != nil {
			return deleted, fmt.Errorf("deleting set %s from the index of %s: %w", id, s.b, err)
		}
		if err := s.b.Delete(ctx, id+"/"+manifestName); err != nil {
			return deleted, fmt.Errorf("deleting manifest of set %s in %s: %w", id, s.b, err)
		}
		if err := s.b.Delete(ctx, id+"/"); err != nil {
			return deleted, fmt.Errorf("deleting set %s in %s: %w", id, s.b, err)
		}
		deleted = append(deleted, id)
	}
	return deleted, nil
}
