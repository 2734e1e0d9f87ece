package snapshot

import "testing"

func TestEffectiveParameter(t *testing.T) {
	p := func(name, value, source string) *Parameter {
		return &Parameter{Name: name, Value: value, HasValue: value != "", Source: source}
	}
	c := &Cluster{
		ParameterGroup: &ParameterGroup{Name: "cpg", Parameters: []*Parameter{
			p("both_user", "c", "user"), p("cluster_user", "c", "user"), p("defaults", "c", "engine-default"),
			p("cluster_only", "c", "system"), p("unset", "", "engine-default"),
		}},
		InstanceParameterGroups: []*ParameterGroup{{Name: "ipg", Parameters: []*Parameter{
			p("both_user", "i", "user"), p("cluster_user", "i", "engine-default"), p("defaults", "i", "engine-default"),
			p("instance_only", "i", "engine-default"),
		}}},
		Members: []*Member{{ID: "a", ParameterGroup: "ipg"}, {ID: "b", ParameterGroup: "ipg"}},
	}
	cases := []struct{ name, value, group string }{
		{"both_user", "i", "ipg"},     // instance modification wins
		{"cluster_user", "c", "cpg"},  // cluster modification beats an instance default
		{"defaults", "i", "ipg"},      // neither modified: the instance default
		{"cluster_only", "c", "cpg"},  //
		{"instance_only", "i", "ipg"}, // e.g. performance_schema
		{"unset", "", ""},             // no value anywhere
		{"absent", "", ""},
	}
	for _, tc := range cases {
		got, group, _ := c.EffectiveParameter(tc.name)
		if (got == nil) != (tc.value == "") || got != nil && (got.Value != tc.value || group != tc.group) {
			t.Errorf("%s: got %+v in %q, want %q in %q", tc.name, got, group, tc.value, tc.group)
		}
	}
	// Members on different instance groups: only the cluster group counts.
	c.Members[1].ParameterGroup = "other"
	c.InstanceParameterGroups = append(c.InstanceParameterGroups, &ParameterGroup{Name: "other"})
	if got, group, inst := c.EffectiveParameter("both_user"); got == nil || got.Value != "c" || group != "cpg" || inst {
		t.Errorf("mixed members: got %+v in %q (instance %v)", got, group, inst)
	}
	if got, _, _ := c.EffectiveParameter("instance_only"); got != nil {
		t.Errorf("mixed members: instance-only parameter %+v applied", got)
	}
	var none *Cluster
	if got, _, _ := none.EffectiveParameter("x"); got != nil {
		t.Error("nil cluster")
	}
}
