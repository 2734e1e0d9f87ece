package snapshot

import (
	"strings"

	"github.com/auroradoc/auroradoc/internal/names"
)

// Unreached lists, as skipped entries, the discovered clusters of the
// previous set that this set's entries do not name and that lie in a
// region or account this set records as failed ("region:<region>",
// "region:<account>/<region>", "account:<key>": discovery could not list
// it, or the shard that should have crawled it never reported). Carried
// forward (CarryForward), they keep their last good snapshot, stale, so a
// failed region costs the night its fresh data, never its clusters.
// Clusters the configuration had filtered out stay out.
func Unreached(prev *Manifest, entries []*Entry) []*Entry {
	if prev == nil {
		return nil
	}
	failed := map[string]string{} // scope ("<account>/<region>", "<account>/") → entry name
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		seen[e.Name] = true
		if e.Status != StatusFailed {
			continue
		}
		if r, ok := strings.CutPrefix(e.Name, "region:"); ok {
			if account, region, found := strings.Cut(r, "/"); found {
				failed[account+"/"+region] = e.Name
			} else {
				failed["/"+r] = e.Name
			}
		} else if a, ok := strings.CutPrefix(e.Name, "account:"); ok {
			failed[a+"/"] = e.Name
		}
	}
	if len(failed) == 0 {
		return nil
	}
	var out []*Entry
	for _, p := range prev.Targets {
		account, region, _, ok := names.SplitCluster(p.Name)
		if !ok || p.Filtered || seen[p.Name] {
			continue
		}
		why := failed[account+"/"+region]
		if why == "" && account != "" {
			why = failed[account+"/"]
		}
		if why == "" {
			continue
		}
		seen[p.Name] = true
		out = append(out, &Entry{Name: p.Name, Status: StatusSkipped, Reason: "not crawled: " + why + " failed"})
	}
	return out
}
