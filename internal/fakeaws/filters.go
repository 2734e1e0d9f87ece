package fakeaws

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// filter is one of a Describe call's Filters.
type filter struct {
	name   string
	values []string
}

// readFilters reads RDS's Filters: Filters.Filter.N.Name and
// Filters.Filter.N.Values.Value.M (N, M from 1), rejecting filter names
// not in supported.
func readFilters(params url.Values, supported ...string) ([]filter, error) {
	return readFilterList(params, "Filters.Filter.", "Values.Value", supported)
}

// readEC2Filters reads EC2's Filters: Filter.N.Name and Filter.N.Value.M.
func readEC2Filters(params url.Values, supported ...string) ([]filter, error) {
	return readFilterList(params, "Filter.", "Value", supported)
}

func readFilterList(params url.Values, listPrefix, valueList string, supported []string) ([]filter, error) {
	var out []filter
	for n := 1; ; n++ {
		prefix := listPrefix + strconv.Itoa(n) + "."
		name := params.Get(prefix + "Name")
		if name == "" {
			return out, nil
		}
		if len(supported) == 0 {
			return nil, fmt.Errorf("fakeaws does not implement filters for this action (got %q)", name)
		}
		if !slices.Contains(supported, name) {
			return nil, fmt.Errorf("fakeaws does not implement the filter %q here (only: %s)", name, strings.Join(supported, ", "))
		}
		f := filter{name: name, values: listParam(params, prefix+valueList)}
		if len(f.values) == 0 {
			return nil, fmt.Errorf("The filter %s has no values", name)
		}
		out = append(out, f)
	}
}

// listParam reads a Query-protocol list: name.1, name.2, ...
func listParam(params url.Values, name string) []string {
	var out []string
	for n := 1; ; n++ {
		v, ok := params[name+"."+strconv.Itoa(n)]
		if !ok {
			return out
		}
		out = append(out, v...)
	}
}

// matches reports whether one of got is among the filter's values.
func (f filter) matches(got ...string) bool {
	for _, w := range f.values {
		for _, g := range got {
			if strings.EqualFold(w, g) {
				return true
			}
		}
	}
	return false
}

// matchAll reports whether every filter matches one of the item's values
// for the filter's name.
func matchAll(filters []filter, values map[string][]string) bool {
	for _, f := range filters {
		if !f.matches(values[f.name]...) {
			return false
		}
	}
	return true
}
