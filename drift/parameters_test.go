package drift

import (
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

func TestCompareParameters(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	const cg, ig = "orders-prd-cluster", "orders-prd-instance"
	tests := []struct {
		name   string
		change func(cl *snapshot.Cluster)
		want   []Finding
	}{
		{
			name:   "value changed",
			change: func(cl *snapshot.Cluster) { findParam(group(cl, cg), "max_connections").Value = "2000" },
			want: []Finding{{
				Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter", Object: "max_connections", Group: cg,
				Field: "value", From: "1000", To: "2000", Severity: SeverityMedium,
				Message: target + ": cluster parameter max_connections changed 1000 → 2000 (group orders-prd-cluster)",
			}, {
				// Not applied yet: a new configured-vs-running mismatch.
				Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "max_connections", Group: cg,
				Field: "value", From: "2000", To: "1000", Severity: SeverityMedium,
				Message: target + ": cluster parameter max_connections is 2000 in group orders-prd-cluster (user) but 1000 is running (compared as numbers)",
			}},
		},
		{
			name: "formula compared as written",
			change: func(cl *snapshot.Cluster) {
				findParam(group(cl, cg), "innodb_buffer_pool_size").Value = "{DBInstanceClassMemory*5/8}"
			},
			want: []Finding{{
				Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter", Object: "innodb_buffer_pool_size", Group: cg,
				Field: "value", From: "{DBInstanceClassMemory*3/4}", To: "{DBInstanceClassMemory*5/8}", Severity: SeverityMedium,
				Message: target + ": cluster parameter innodb_buffer_pool_size changed {DBInstanceClassMemory*3/4} → {DBInstanceClassMemory*5/8} (group orders-prd-cluster)",
			}},
		},
		{
			name: "HasValue false to true, with source",
			change: func(cl *snapshot.Cluster) {
				p := findParam(group(cl, ig), "slow_query_log")
				p.HasValue, p.Value, p.Source = true, "1", "user"
			},
			want: []Finding{
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter", Object: "slow_query_log", Group: ig,
					Field: "source", From: "engine-default", To: "user", Severity: SeverityMedium,
					Message: target + ": instance parameter slow_query_log source changed engine-default → user (group orders-prd-instance)",
				},
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter", Object: "slow_query_log", Group: ig,
					Field: "value", From: "", To: "1", Severity: SeverityMedium,
					Message: target + ": instance parameter slow_query_log changed (not set) → 1 (group orders-prd-instance)",
				},
				// ON vs 1 is not a mismatch, but slow_query_log=1 running OFF is: new in to.
				{
					Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "instance parameter", Object: "slow_query_log", Group: ig,
					Field: "value", From: "1", To: "OFF", Severity: SeverityMedium,
					Message: target + ": instance parameter slow_query_log is 1 in group orders-prd-instance (user) but OFF is running (compared as booleans)",
				},
			},
		},
		{
			name: "set to an empty value is not unset",
			change: func(cl *snapshot.Cluster) {
				p := findParam(group(cl, cg), "time_zone")
				p.HasValue = true
			},
			want: []Finding{{
				Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter", Object: "time_zone", Group: cg,
				Field: "value", Severity: SeverityMedium,
				Message: target + `: cluster parameter time_zone changed (not set) → "" (group orders-prd-cluster)`,
			}, {
				Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "time_zone", Group: cg,
				Field: "value", To: "SYSTEM", Severity: SeverityMedium,
				Message: target + `: cluster parameter time_zone is "" in group orders-prd-cluster (engine-default) but SYSTEM is running (compared as text)`,
			}},
		},
		{
			name: "apply method; allowed values and apply type are not compared",
			change: func(cl *snapshot.Cluster) {
				p := findParam(group(cl, cg), "max_connections")
				p.ApplyMethod = "pending-reboot"
				p.AllowedValues = "1-100000"
				p.ApplyType = "static"
				p.DataType = "integer"
			},
			want: []Finding{{
				Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter", Object: "max_connections", Group: cg,
				Field: "apply_method", From: "immediate", To: "pending-reboot", Severity: SeverityMedium,
				Message: target + ": cluster parameter max_connections apply_method changed immediate → pending-reboot (group orders-prd-cluster)",
			}},
		},
		{
			name: "swapped cluster group: a finding of its own, parameters still compared by name",
			change: func(cl *snapshot.Cluster) {
				g := group(cl, cg)
				g.Name = "orders-prd-cluster-v2"
				findParam(g, "max_connections").Value = "3000"
				g.Parameters = append(g.Parameters, param("aurora_new_knob", "ON"))
				g.Parameters = g.Parameters[1:] // binlog_format removed
			},
			want: []Finding{
				{
					Target: target, Kind: KindParameter, Change: Added, ObjectType: "cluster parameter", Object: "aurora_new_knob", Group: "orders-prd-cluster-v2",
					To: "ON", Severity: SeverityLow,
					Message: target + ": cluster parameter aurora_new_knob added: ON (group orders-prd-cluster-v2, was orders-prd-cluster)",
				},
				{
					Target: target, Kind: KindParameter, Change: Removed, ObjectType: "cluster parameter", Object: "binlog_format", Group: "orders-prd-cluster-v2",
					From: "OFF", Severity: SeverityLow,
					Message: target + ": cluster parameter binlog_format removed, was OFF (group orders-prd-cluster-v2, was orders-prd-cluster)",
				},
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter", Object: "max_connections", Group: "orders-prd-cluster-v2",
					Field: "value", From: "1000", To: "3000", Severity: SeverityMedium,
					Message: target + ": cluster parameter max_connections changed 1000 → 3000 (group orders-prd-cluster-v2, was orders-prd-cluster)",
				},
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "cluster parameter group", Object: "orders-prd",
					Field: "name", From: cg, To: "orders-prd-cluster-v2", Severity: SeverityMedium,
					Message: target + ": cluster parameter group swapped orders-prd-cluster → orders-prd-cluster-v2",
				},
				// max_connections 3000 now differs from the running 1000.
				{
					Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "max_connections", Group: "orders-prd-cluster-v2",
					Field: "value", From: "3000", To: "1000", Severity: SeverityMedium,
					Message: target + ": cluster parameter max_connections is 3000 in group orders-prd-cluster-v2 (user) but 1000 is running (compared as numbers)",
				},
			},
		},
		{
			name:   "cluster group no longer known (e.g. not readable)",
			change: func(cl *snapshot.Cluster) { cl.ParameterGroup = nil },
			want: []Finding{{
				Target: target, Kind: KindParameter, Change: Removed, ObjectType: "cluster parameter group", Object: "orders-prd",
				From: cg, Severity: SeverityMedium,
				Message: target + ": cluster parameter group orders-prd-cluster removed",
			}},
		},
		{
			name: "swapped instance group of one member",
			change: func(cl *snapshot.Cluster) {
				cl.Members[1].ParameterGroup = "orders-prd-instance-v2"
				g := &snapshot.ParameterGroup{Name: "orders-prd-instance-v2", Parameters: []*snapshot.Parameter{
					param("long_query_time", "2"), unset("slow_query_log"),
				}}
				cl.InstanceParameterGroups = append(cl.InstanceParameterGroups, g)
			},
			want: []Finding{
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter", Object: "long_query_time", Group: "orders-prd-instance-v2",
					Field: "source", From: "engine-default", To: "user", Severity: SeverityMedium,
					Message: target + ": instance parameter long_query_time source changed engine-default → user (group orders-prd-instance-v2, was orders-prd-instance)",
				},
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter", Object: "long_query_time", Group: "orders-prd-instance-v2",
					Field: "value", From: "10", To: "2", Severity: SeverityMedium,
					Message: target + ": instance parameter long_query_time changed 10 → 2 (group orders-prd-instance-v2, was orders-prd-instance)",
				},
				{
					Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter group", Object: "orders-prd-2", Group: "orders-prd-2",
					Field: "name", From: ig, To: "orders-prd-instance-v2", Severity: SeverityMedium,
					Message: target + ": instance parameter group of member orders-prd-2 swapped orders-prd-instance → orders-prd-instance-v2",
				},
				// The members no longer share one instance group, so
				// configured vs running uses the cluster level only: no
				// mismatch.
			},
		},
		{
			name: "instance group renamed under all members: a swap, not a removal",
			change: func(cl *snapshot.Cluster) {
				cl.InstanceParameterGroups[0].Name = "renamed"
				for _, m := range cl.Members {
					m.ParameterGroup = "renamed"
				}
			},
			want: []Finding{
				{Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter group", Object: "orders-prd-1", Group: "orders-prd-1",
					Field: "name", From: ig, To: "renamed", Severity: SeverityMedium,
					Message: target + ": instance parameter group of member orders-prd-1 swapped orders-prd-instance → renamed"},
				{Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter group", Object: "orders-prd-2", Group: "orders-prd-2",
					Field: "name", From: ig, To: "renamed", Severity: SeverityMedium,
					Message: target + ": instance parameter group of member orders-prd-2 swapped orders-prd-instance → renamed"},
			},
		},
		{
			name: "instance groups no member moved to or from are added and removed",
			change: func(cl *snapshot.Cluster) {
				cl.InstanceParameterGroups = append(cl.InstanceParameterGroups, &snapshot.ParameterGroup{Name: "spare"})
				cl.Members = cl.Members[:1] // orders-prd-2 (and its group use) gone
				cl.Members[0].ParameterGroup = ""
				cl.InstanceParameterGroups = cl.InstanceParameterGroups[1:]
			},
			want: []Finding{
				{Target: target, Kind: KindParameter, Change: Removed, ObjectType: "instance parameter group", Object: ig, Severity: SeverityMedium,
					Message: target + ": instance parameter group orders-prd-instance removed"},
				{Target: target, Kind: KindParameter, Change: Added, ObjectType: "instance parameter group", Object: "spare", Severity: SeverityMedium,
					Message: target + ": instance parameter group spare added"},
				{Target: target, Kind: KindParameter, Change: Changed, ObjectType: "instance parameter group", Object: "orders-prd-1", Group: "orders-prd-1",
					Field: "name", From: ig, Severity: SeverityMedium,
					Message: target + `: instance parameter group of member orders-prd-1 swapped orders-prd-instance → ""`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := auroraSnap(target), auroraSnap(target)
			tt.change(to.Cluster)
			checkFindings(t, Compare(from, to, Options{}), tt.want)
		})
	}
}

// TestParametersToleratesNullEntries: a snapshot with null members or
// parameters (hand-edited, damaged) is compared, not a panic.
func TestParametersToleratesNullEntries(t *testing.T) {
	mk := func(v string) *snapshot.Snapshot {
		return &snapshot.Snapshot{Target: snapshot.Target{Name: "x"}, Cluster: &snapshot.Cluster{
			ParameterGroup: &snapshot.ParameterGroup{Name: "g", Parameters: []*snapshot.Parameter{nil, {Name: "a", Value: v, HasValue: true}}},
			Members:        []*snapshot.Member{nil, {ID: "m", ParameterGroup: "i"}},
		}}
	}
	got := Compare(mk("1"), mk("2"), Options{})
	if len(got) != 1 || got[0].Object != "a" || got[0].To != "2" {
		t.Errorf("findings %+v", got)
	}
}
