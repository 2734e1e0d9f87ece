package driftpages

import (
	"sort"
	"strconv"

	"github.com/auroradoc/auroradoc/history"
	"github.com/auroradoc/auroradoc/site/sitepath"
)

// variablesPage is drift/variables.html: every runtime variable (SHOW
// GLOBAL VARIABLES) of the fleet, with its current values and which
// databases run each. Static targets have variables and no parameter
// groups, so this is their fleet view.
type variablesPage struct {
	Targets int
	Vars    []*variableRow
}

type variableRow struct {
	Name, Anchor    string
	Targets, Moved  int
	Values          []*variableValue
	Uniform, Absent bool
}

// variableValue is one current value and the databases that run it.
type variableValue struct {
	Value   string
	Count   string
	Targets []link
}

const variablesPath = "drift/variables.html"

// variables writes drift/variables.html.
func (b *builder) variables() error {
	page := variablesPath
	type entry struct {
		t *history.Target
		s *history.Series
	}
	byName := map[string][]entry{}
	for _, t := range b.h.Targets {
		for _, s := range t.Variables {
			byName[s.Key] = append(byName[s.Key], entry{t, s})
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	p := &variablesPage{Targets: len(b.h.Targets)}
	for _, name := range names {
		row := &variableRow{Name: name, Anchor: sitepath.VariableAnchor(name)}
		byValue := map[string]*variableValue{}
		for _, e := range byName[name] {
			last := e.s.Last()
			if e.s.Changed() {
				row.Moved++
			}
			if last.Unset {
				continue
			}
			row.Targets++
			v := byValue[last.Value]
			if v == nil {
				v = &variableValue{Value: last.Value}
				byValue[last.Value] = v
				row.Values = append(row.Values, v)
			}
			v.Targets = append(v.Targets, link{Text: e.t.Name, Href: sitepath.Rel(page, targetDir(e.t.Name)+"index.html")})
		}
		// Most common value first, then by value.
		sort.SliceStable(row.Values, func(i, j int) bool {
			a, c := row.Values[i], row.Values[j]
			if len(a.Targets) != len(c.Targets) {
				return len(a.Targets) > len(c.Targets)
			}
			return a.Value < c.Value
		})
		for _, v := range row.Values {
			v.Count = strconv.Itoa(len(v.Targets))
		}
		row.Uniform = len(row.Values) == 1
		p.Vars = append(p.Vars, row)
	}
	return b.render(page, "drift_variables", "Runtime variables across the fleet", []link{driftCrumb, {Text: "variables", Href: page}}, p)
}
