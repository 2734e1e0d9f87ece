package fakeaws

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// MaxRecords bounds and default, as in RDS.
const (
	minRecords     = 20
	maxRecords     = 100
	defaultRecords = 100
)

// paging is a Describe call's MaxRecords and Marker.
type paging struct {
	limit int
	after string // the key the previous page ended with; "" = first page
}

// readPaging reads MaxRecords and Marker. kind names what is paged, so that
// a marker of one listing is not accepted by another.
func readPaging(params url.Values, kind string) (paging, error) {
	p := paging{limit: defaultRecords}
	if v := params.Get("MaxRecords"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minRecords || n > maxRecords {
			return paging{}, fmt.Errorf("Invalid value %s for MaxRecords. Must be between %d and %d", v, minRecords, maxRecords)
		}
		p.limit = n
	}
	if m := params.Get("Marker"); m != "" {
		raw, err := base64.RawURLEncoding.DecodeString(m)
		after, ok := strings.CutPrefix(string(raw), kind+"/")
		if err != nil || !ok {
			return paging{}, fmt.Errorf("Invalid Marker %q for %s", m, kind)
		}
		p.after = after
	}
	return p, nil
}

// page cuts the page p asks for out of items, which are sorted by key, and
// returns the marker of the next page ("" = this is the last one). Keying
// the marker on the last item, not on an offset, keeps pages right while
// the inventory changes between calls.
func page[T any](items []T, key func(T) string, p paging, kind string) ([]T, string) {
	start := 0
	if p.after != "" {
		start = sort.Search(len(items), func(i int) bool { return key(items[i]) > p.after })
	}
	end := min(start+p.limit, len(items))
	out := items[start:end]
	if end == len(items) {
		return out, ""
	}
	return out, base64.RawURLEncoding.EncodeToString([]byte(kind + "/" + key(items[end-1])))
}
