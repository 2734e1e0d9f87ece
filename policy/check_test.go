package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// ordersPrd is an Aurora cluster whose two members share the instance
// parameter group orders-ipg.
func ordersPrd() *snapshot.Snapshot {
	p := func(name, value, source string) *snapshot.Parameter {
		return &snapshot.Parameter{Name: name, Value: value, HasValue: value != "", Source: source}
	}
	return &snapshot.Snapshot{
		Target: snapshot.Target{Name: "eu-west-1/orders-prd", Kind: "aurora", Region: "eu-west-1", ClusterID: "orders-prd"},
		Cluster: &snapshot.Cluster{
			ID: "orders-prd", Region: "eu-west-1", Tags: map[string]string{"env": "prd"},
			ParameterGroup: &snapshot.ParameterGroup{Name: "orders-cpg", Parameters: []*snapshot.Parameter{
				p("character_set_server", "utf8mb4", "user"),
				p("innodb_print_all_deadlocks", "", "engine-default"),
				p("max_connections", "{DBInstanceClassMemory/12582880}", "system"),
				p("require_secure_transport", "0", "user"),
			}},
			InstanceParameterGroups: []*snapshot.ParameterGroup{
				{Name: "orders-ipg", Parameters: []*snapshot.Parameter{
					p("max_connections", "2000", "user"),
					p("performance_schema", "1", "engine-default"),
				}},
				{Name: "orders-ipg-big", Parameters: []*snapshot.Parameter{p("max_connections", "4000", "user")}},
			},
			Members: []*snapshot.Member{{ID: "orders-prd-1", ParameterGroup: "orders-ipg"}, {ID: "orders-prd-2", ParameterGroup: "orders-ipg"}},
		},
		Variables: map[string]string{"character_set_server": "utf8mb4", "sql_mode": "NO_ENGINE_SUBSTITUTION"},
	}
}

const checkPolicy = `expect:
  - name: prd-security
    select: {tags: {env: prd}}
    parameters:
      require_secure_transport: "ON"
      max_connections: "{DBInstanceClassMemory/12582880}"
      innodb_print_all_deadlocks: "1"
      performance_schema: "1"
      character_set_server: utf8mb4
    variables:
      character_set_server: utf8mb4
      time_zone: UTC
      sql_mode: STRICT_TRANS_TABLES
    severity: high
  - select: {tags: {env: stg}}
    variables: {character_set_server: latin1}
  - parameters: {max_connections: "2000"}
`

func TestCheck(t *testing.T) {
	p := mustParse(t, checkPolicy)
	finding := func(objectType, object, group, want, got, msg string) drift.Finding {
		return drift.Finding{Target: "eu-west-1/orders-prd", Kind: drift.KindBaseline, Change: drift.Differs,
			ObjectType: objectType, Object: object, Group: group, Field: "value", From: want, To: got,
			Rule: "prd-security", Severity: drift.SeverityHigh, Message: "eu-west-1/orders-prd: " + msg + " (policy.yaml:2 prd-security)"}
	}
	want := []drift.Finding{
		// Not set in either group: a finding, To empty.
		finding("cluster parameter", "innodb_print_all_deadlocks", "orders-cpg", "1", "",
			`cluster parameter innodb_print_all_deadlocks (orders-cpg) is not set, expected "1"`),
		// The shared instance group's user value beats the cluster formula.
		finding("instance parameter", "max_connections", "orders-ipg", "{DBInstanceClassMemory/12582880}", "2000",
			`instance parameter max_connections (orders-ipg) is "2000", expected "{DBInstanceClassMemory/12582880}"`),
		finding("cluster parameter", "require_secure_transport", "orders-cpg", "ON", "0",
			`cluster parameter require_secure_transport (orders-cpg) is "0", expected "ON"`),
		finding("variable", "sql_mode", "", "STRICT_TRANS_TABLES", "NO_ENGINE_SUBSTITUTION",
			`variable sql_mode is "NO_ENGINE_SUBSTITUTION", expected "STRICT_TRANS_TABLES"`),
		finding("variable", "time_zone", "", "UTC", "",
			`variable time_zone is not set, expected "UTC"`),
	}
	// expect[1] selects env=stg: nothing; expect[2] (max_connections 2000) holds.
	if diff := cmp.Diff(want, p.Check(ordersPrd())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCheckMembersInDifferentGroups(t *testing.T) {
	p := mustParse(t, checkPolicy)
	s := ordersPrd()
	s.Cluster.Members[1].ParameterGroup = "orders-ipg-big"
	s.Cluster.ParameterGroup.Parameters[0].Value = "latin1"
	var got []string
	for _, f := range p.Check(s) {
		got = append(got, f.Rule+" "+f.ObjectType+" "+f.Object+" "+f.Group+" "+f.To)
	}
	// No single instance group applies: the cluster formula counts (and
	// matches prd-security as written, but not expect[2]'s 2000), and the
	// instance-only performance_schema is not set.
	want := []string{
		"prd-security cluster parameter character_set_server orders-cpg latin1",
		"prd-security cluster parameter innodb_print_all_deadlocks orders-cpg ",
		"prd-security cluster parameter performance_schema orders-cpg ",
		"prd-security cluster parameter require_secure_transport orders-cpg 0",
		"prd-security variable sql_mode  NO_ENGINE_SUBSTITUTION",
		"prd-security variable time_zone  ",
		"expect[2] cluster parameter max_connections orders-cpg {DBInstanceClassMemory/12582880}",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Formulas are compared as written, never evaluated.
func TestCheckFormulaAsWritten(t *testing.T) {
	s := ordersPrd()
	s.Cluster.Members = nil // no members, two instance groups: the cluster group decides
	for _, tt := range []struct {
		want  string
		finds bool
	}{
		{"{DBInstanceClassMemory/12582880}", false},
		{"{DBInstanceClassMemory / 12582880}", true},
		{"{dbinstanceclassmemory/12582880}", true},
	} {
		p := mustParse(t, "expect:\n  - parameters: {max_connections: \""+tt.want+"\"}\n")
		if got := p.Check(s); (len(got) == 1) != tt.finds || len(got) > 1 {
			t.Errorf("expecting %q: %d findings, want finding=%v", tt.want, len(got), tt.finds)
		}
	}
}

// A static target (the fixture) has no parameter groups: parameters:
// expectations are skipped, variables: checked.
func TestCheckStaticTarget(t *testing.T) {
	p := mustParse(t, `expect:
  - select: {targets: ["fixture-*"]}
    parameters: {require_secure_transport: "ON"}
    variables: {character_set_server: utf8mb4, require_secure_transport: "OFF"}
  - select: {tags: {env: "*"}}
    variables: {character_set_server: utf8mb4}
`)
	want := []drift.Finding{{
		Target: "fixture-mariadb", Kind: drift.KindBaseline, Change: drift.Differs,
		ObjectType: "variable", Object: "character_set_server", Field: "value", From: "utf8mb4", To: "latin1",
		Rule: "expect[0]", Severity: drift.SeverityMedium,
		Message: `fixture-mariadb: variable character_set_server is "latin1", expected "utf8mb4" (policy.yaml:2 expect[0])`,
	}}
	if diff := cmp.Diff(want, p.Check(testsnap.Fixture(t))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
