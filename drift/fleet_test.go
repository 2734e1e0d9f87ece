package drift

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/google/go-cmp/cmp"
)

// fleetOf builds n clusters tagged env=env named region/<prefix>-<i>,
// with innodb_lock_wait_timeout (variable) and max_connections (cluster
// parameter) set to the given values ("" leaves the setting out).
func fleetOf(env, prefix string, lockWait, maxConn []string) []*snapshot.Snapshot {
	var out []*snapshot.Snapshot
	for i := range max(len(lockWait), len(maxConn)) {
		s := auroraSnap(fmt.Sprintf("us-east-1/%s-%d", prefix, i+1))
		s.Cluster.Tags = map[string]string{"env": env}
		if i < len(lockWait) && lockWait[i] != "" {
			s.Variables["innodb_lock_wait_timeout"] = lockWait[i]
		}
		s.Variables["hostname"] = fmt.Sprintf("ip-10-0-0-%d", i) // volatile: never a fleet finding
		if i < len(maxConn) && maxConn[i] != "" {
			findParam(s.Cluster.ParameterGroup, "max_connections").Value = maxConn[i]
			s.Variables["max_connections"] = maxConn[i]
		}
		out = append(out, s)
	}
	return out
}

func TestFleet(t *testing.T) {
	t.Run("majority and outliers", func(t *testing.T) {
		snaps := fleetOf("prd", "rides", []string{"50", "50", "50", "50", "50", "50", "50", "120", "30"}, nil)
		snaps = append(snaps, fleetOf("stg", "stg", []string{"120", "120", "120"}, nil)...) // another group: agrees with itself
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), []Finding{
			{Target: "us-east-1/rides-8", Kind: KindFleet, Change: Differs, ObjectType: "variable", Object: "innodb_lock_wait_timeout",
				Field: "value", From: "50", To: "120", Severity: SeverityLow,
				Message: "us-east-1/rides-8: variable innodb_lock_wait_timeout is 120, 7 of 9 clusters with env=prd have 50"},
			{Target: "us-east-1/rides-9", Kind: KindFleet, Change: Differs, ObjectType: "variable", Object: "innodb_lock_wait_timeout",
				Field: "value", From: "50", To: "30", Severity: SeverityLow,
				Message: "us-east-1/rides-9: variable innodb_lock_wait_timeout is 30, 7 of 9 clusters with env=prd have 50"},
		})
	})
	t.Run("cluster parameter as written, and its variable", func(t *testing.T) {
		snaps := fleetOf("prd", "orders", nil, []string{"1000", "1000", "{DBInstanceClassMemory/12582880}"})
		snaps[2].Variables["max_connections"] = "1000"
		const target = "us-east-1/orders-3"
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), []Finding{
			{Target: target, Kind: KindFleet, Change: Differs, ObjectType: "cluster parameter", Object: "max_connections", Group: "orders-3-cluster",
				Field: "value", From: "1000", To: "{DBInstanceClassMemory/12582880}", Severity: SeverityLow,
				Message: target + ": cluster parameter max_connections is {DBInstanceClassMemory/12582880}, 2 of 3 clusters with env=prd have 1000"},
		})
	})
	t.Run("tie: no majority, no finding", func(t *testing.T) {
		snaps := fleetOf("prd", "rides", []string{"50", "50", "120", "120"}, nil)
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), nil)
	})
	t.Run("no value held by more than half", func(t *testing.T) {
		snaps := fleetOf("prd", "rides", []string{"50", "60", "70"}, nil)
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), nil)
	})
	t.Run("members without the setting do not count", func(t *testing.T) {
		snaps := fleetOf("prd", "rides", []string{"50", "50", "", "", "120"}, nil)
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), []Finding{
			{Target: "us-east-1/rides-5", Kind: KindFleet, Change: Differs, ObjectType: "variable", Object: "innodb_lock_wait_timeout",
				Field: "value", From: "50", To: "120", Severity: SeverityLow,
				Message: "us-east-1/rides-5: variable innodb_lock_wait_timeout is 120, 2 of 3 clusters with env=prd have 50"},
		})
	})
	t.Run("group of two: no findings", func(t *testing.T) {
		snaps := fleetOf("prd", "rides", []string{"50", "120"}, []string{"1", "2"})
		snaps = append(snaps, fleetOf("stg", "stg", []string{"50"}, nil)...)
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), nil)
	})
	t.Run("untagged clusters and static targets form the group without the tag", func(t *testing.T) {
		snaps := fleetOf("", "misc", []string{"50", "50"}, nil)
		delete(snaps[0].Cluster.Tags, "env")
		static := &snapshot.Snapshot{Target: snapshot.Target{Name: "legacy", Kind: "static"},
			Variables: map[string]string{"innodb_lock_wait_timeout": "120", "max_connections": "1000"}}
		snaps = append(snaps, static)
		checkFindings(t, Fleet(snaps, FleetOptions{GroupByTag: "env"}), []Finding{
			{Target: "legacy", Kind: KindFleet, Change: Differs, ObjectType: "variable", Object: "innodb_lock_wait_timeout",
				Field: "value", From: "50", To: "120", Severity: SeverityLow,
				Message: "legacy: variable innodb_lock_wait_timeout is 120, 2 of 3 targets without env have 50"},
		})
	})
	t.Run("no tag: one group", func(t *testing.T) {
		snaps := append(fleetOf("prd", "a", []string{"50", "50"}, nil), fleetOf("stg", "b", []string{"120"}, nil)...)
		checkFindings(t, Fleet(snaps, FleetOptions{}), []Finding{
			{Target: "us-east-1/b-1", Kind: KindFleet, Change: Differs, ObjectType: "variable", Object: "innodb_lock_wait_timeout",
				Field: "value", From: "50", To: "120", Severity: SeverityLow,
				Message: "us-east-1/b-1: variable innodb_lock_wait_timeout is 120, 2 of 3 clusters have 50"},
		})
	})
}

func TestFleetDeterministic(t *testing.T) {
	snaps := fleetOf("prd", "rides", []string{"50", "50", "50", "120", "30", "50"}, []string{"1", "1", "2", "1", "1", "3"})
	want := Fleet(snaps, FleetOptions{GroupByTag: "env"})
	if len(want) != 6 { // 2 lock waits, 2 max_connections parameters and their 2 variables
		t.Fatalf("got %d findings, want 6: %+v", len(want), want)
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 20 {
		shuffled := append([]*snapshot.Snapshot(nil), snaps...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(want, Fleet(shuffled, FleetOptions{GroupByTag: "env"})); diff != "" {
			t.Fatalf("input order changed the findings:\n%s", diff)
		}
	}
}
