package drift

import "fmt"

// compareVariables compares SHOW GLOBAL VARIABLES, leaving out the
// volatile names.
func compareVariables(c *collector, from, to map[string]string, vol volatileSet) {
	for name, tv := range to {
		if vol.has(name) {
			continue
		}
		fv, ok := from[name]
		switch {
		case !ok:
			c.addf(Finding{Kind: KindVariable, Change: Added, ObjectType: "variable", Object: name, To: tv},
				fmt.Sprintf("variable %s added: %s", name, show(tv)))
		case fv != tv:
			c.addf(Finding{Kind: KindVariable, Change: Changed, ObjectType: "variable", Object: name, Field: "value", From: fv, To: tv},
				fmt.Sprintf("variable %s changed %s → %s", name, show(fv), show(tv)))
		}
	}
	for name, fv := range from {
		if _, ok := to[name]; ok || vol.has(name) {
			continue
		}
		c.addf(Finding{Kind: KindVariable, Change: Removed, ObjectType: "variable", Object: name, From: fv},
			fmt.Sprintf("variable %s removed, was %s", name, show(fv)))
	}
}
