package drift

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/google/go-cmp/cmp"
)

// fixturePair returns two independent copies of the frozen fixture
// snapshot, the second to be changed by the test.
func fixturePair(t *testing.T) (from, to *snapshot.Snapshot) {
	t.Helper()
	return testsnap.Fixture(t), testsnap.Fixture(t)
}

// param builds a parameter with a value set by the user.
func param(name, value string) *snapshot.Parameter {
	return &snapshot.Parameter{Name: name, Value: value, HasValue: true, Source: "user", ApplyType: "dynamic", ApplyMethod: "immediate", IsModifiable: true}
}

// defaultParam builds a parameter at its engine default.
func defaultParam(name, value string) *snapshot.Parameter {
	p := param(name, value)
	p.Source = "engine-default"
	return p
}

// unset builds a parameter without a value.
func unset(name string) *snapshot.Parameter {
	return &snapshot.Parameter{Name: name, Source: "engine-default", ApplyType: "dynamic", ApplyMethod: "pending-reboot", IsModifiable: true}
}

// auroraSnap builds a snapshot of an Aurora cluster with two members that
// share the instance group orders-prd-instance.
func auroraSnap(name string) *snapshot.Snapshot {
	region, id, _ := strings.Cut(name, "/")
	return &snapshot.Snapshot{
		FormatVersion: snapshot.FormatVersion,
		Target:        snapshot.Target{Name: name, Kind: "aurora", Region: region, ClusterID: id},
		Server:        snapshot.Server{Flavor: "mysql", Version: "8.0.36", AuroraVersion: "3.06.0"},
		Cluster: &snapshot.Cluster{
			ID: id, Region: region, Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.06.0",
			Tags: map[string]string{"env": "prd"},
			Members: []*snapshot.Member{
				{ID: id + "-1", Role: "writer", ParameterGroup: id + "-instance", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
				{ID: id + "-2", Role: "reader", ParameterGroup: id + "-instance", ParameterApplyStatus: "in-sync", ClusterParameterGroupStatus: "in-sync"},
			},
			ParameterGroup: &snapshot.ParameterGroup{Name: id + "-cluster", Parameters: []*snapshot.Parameter{
				defaultParam("binlog_format", "OFF"),
				param("innodb_buffer_pool_size", "{DBInstanceClassMemory*3/4}"),
				param("max_connections", "1000"),
				param("sql_mode", "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION"),
				unset("time_zone"),
			}},
			InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: id + "-instance", Parameters: []*snapshot.Parameter{
				defaultParam("long_query_time", "10"),
				unset("slow_query_log"),
			}}},
		},
		Variables: map[string]string{
			"binlog_format":           "OFF",
			"innodb_buffer_pool_size": "12884901888",
			"max_connections":         "1000",
			"sql_mode":                "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION",
			"long_query_time":         "10.000000",
			"slow_query_log":          "OFF",
			"time_zone":               "SYSTEM",
			"gtid_executed":           "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5",
			"server_uuid":             "3E11FA47-71CA-11E1-9E33-C80AA9429562",
			"hostname":                "ip-10-0-0-1",
		},
	}
}

// group finds a parameter group of a cluster by name (the cluster group
// or an instance group).
func group(cl *snapshot.Cluster, name string) *snapshot.ParameterGroup {
	if cl.ParameterGroup != nil && cl.ParameterGroup.Name == name {
		return cl.ParameterGroup
	}
	for _, g := range cl.InstanceParameterGroups {
		if g.Name == name {
			return g
		}
	}
	panic("no parameter group " + name)
}

// findParam returns a parameter of a group.
func findParam(g *snapshot.ParameterGroup, name string) *snapshot.Parameter {
	for _, p := range g.Parameters {
		if p.Name == name {
			return p
		}
	}
	panic("no parameter " + name + " in " + g.Name)
}

// checkFindings compares findings with go-cmp (want in any order) and
// checks the invariants every finding has: sorted, a one-line message
// naming the target.
func checkFindings(t *testing.T, got, want []Finding) {
	t.Helper()
	checkInvariants(t, got)
	// got's order is checked above; want may be written in any order.
	want = append([]Finding(nil), want...)
	Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func checkInvariants(t *testing.T, got []Finding) {
	t.Helper()
	for i, f := range got {
		if !strings.HasPrefix(f.Message, f.Target+": ") {
			t.Errorf("finding %d: message %q does not start with the target %q", i, f.Message, f.Target)
		}
		if strings.ContainsAny(f.Message, "\n\r") {
			t.Errorf("finding %d: message %q is not one line", i, f.Message)
		}
		if i > 0 && compareFindings(got[i-1], f) > 0 {
			t.Errorf("findings %d and %d are out of order", i-1, i)
		}
	}
}
