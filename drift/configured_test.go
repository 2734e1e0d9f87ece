package drift

import (
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

func TestConfiguredVsRunning(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	const cg, ig = "orders-prd-cluster", "orders-prd-instance"
	tests := []struct {
		name   string
		change func(s *snapshot.Snapshot)
		opts   Options
		want   []Finding
	}{
		{name: "consistent cluster: nothing", change: func(*snapshot.Snapshot) {}},
		{
			name: "equivalent spellings are not mismatches",
			change: func(s *snapshot.Snapshot) {
				cl := s.Cluster.ParameterGroup
				cl.Parameters = append(cl.Parameters,
					param("autocommit", "1"), param("local_infile", "off"), param("innodb_flush_log_at_trx_commit", "1.0"),
					param("max_allowed_packet", "67108864"), param("character_set_server", "UTF8MB4"))
				s.Variables["autocommit"] = "ON"
				s.Variables["local_infile"] = "0"
				s.Variables["innodb_flush_log_at_trx_commit"] = "1"
				s.Variables["max_allowed_packet"] = "67108864"
				s.Variables["character_set_server"] = "utf8mb4"
				// sql_mode in another order, and with spaces.
				s.Variables["sql_mode"] = "NO_ENGINE_SUBSTITUTION, STRICT_TRANS_TABLES"
			},
		},
		{
			name: "real mismatches",
			change: func(s *snapshot.Snapshot) {
				s.Variables["max_connections"] = "2000"
				s.Variables["sql_mode"] = "STRICT_TRANS_TABLES"
				s.Variables["binlog_format"] = "ROW"
				s.Variables["long_query_time"] = "2.000000"
			},
			want: []Finding{
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "binlog_format", Group: cg,
					Field: "value", From: "OFF", To: "ROW", Severity: SeverityMedium,
					Message: target + ": cluster parameter binlog_format is OFF in group orders-prd-cluster (engine-default) but ROW is running (compared as text)"},
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "max_connections", Group: cg,
					Field: "value", From: "1000", To: "2000", Severity: SeverityMedium,
					Message: target + ": cluster parameter max_connections is 1000 in group orders-prd-cluster (user) but 2000 is running (compared as numbers)"},
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "sql_mode", Group: cg,
					Field: "value", From: "STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", To: "STRICT_TRANS_TABLES", Severity: SeverityMedium,
					Message: target + ": cluster parameter sql_mode is STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION in group orders-prd-cluster (user) but STRICT_TRANS_TABLES is running (compared as sets)"},
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "instance parameter", Object: "long_query_time", Group: ig,
					Field: "value", From: "10", To: "2.000000", Severity: SeverityMedium,
					Message: target + ": instance parameter long_query_time is 10 in group orders-prd-instance (engine-default) but 2.000000 is running (compared as numbers)"},
			},
		},
		{
			name: "skipped: formulas, unset, no such variable, volatile",
			change: func(s *snapshot.Snapshot) {
				s.Variables["innodb_buffer_pool_size"] = "1" // formula in the group
				s.Variables["time_zone"] = "UTC"             // no value in the group
				delete(s.Variables, "max_connections")       // no variable
				g := s.Cluster.ParameterGroup
				g.Parameters = append(g.Parameters, param("server_id", "1"))
				s.Variables["server_id"] = "2" // volatile
			},
		},
		{
			name: "extra volatile names are skipped too",
			opts: Options{Volatile: []string{"max_*"}},
			change: func(s *snapshot.Snapshot) {
				s.Variables["max_connections"] = "2000"
			},
		},
		{
			name: "instance user value wins over the cluster's user value",
			change: func(s *snapshot.Snapshot) {
				ig := s.Cluster.InstanceParameterGroups[0]
				ig.Parameters = append(ig.Parameters, param("max_connections", "500"))
			},
			want: []Finding{
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "instance parameter", Object: "max_connections", Group: ig,
					Field: "value", From: "500", To: "1000", Severity: SeverityMedium,
					Message: target + ": instance parameter max_connections is 500 in group orders-prd-instance (user) but 1000 is running (compared as numbers)"},
			},
		},
		{
			name: "cluster user value wins over the instance default",
			change: func(s *snapshot.Snapshot) {
				ig := s.Cluster.InstanceParameterGroups[0]
				ig.Parameters = append(ig.Parameters, defaultParam("max_connections", "16000"))
			},
		},
		{
			name: "members with different instance groups: cluster level only",
			change: func(s *snapshot.Snapshot) {
				ig := s.Cluster.InstanceParameterGroups[0]
				ig.Parameters = append(ig.Parameters, param("max_connections", "500"))
				s.Cluster.Members[1].ParameterGroup = "other"
				s.Variables["long_query_time"] = "2" // the instance group's 10 is no longer used
			},
		},
		{
			name: "pending reboot",
			change: func(s *snapshot.Snapshot) {
				m := s.Cluster.Members[1]
				m.PendingReboot, m.ParameterApplyStatus = true, "pending-reboot"
				m = s.Cluster.Members[0]
				m.PendingReboot, m.ClusterParameterGroupStatus = true, "pending-reboot"
			},
			want: []Finding{
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "member", Object: "orders-prd-1", Group: "orders-prd-1",
					Field: "parameter_apply_status", To: "pending-reboot", Severity: SeverityMedium,
					Message: target + ": member orders-prd-1: a parameter group edit waits for a reboot (pending-reboot)"},
				{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "member", Object: "orders-prd-2", Group: "orders-prd-2",
					Field: "parameter_apply_status", To: "pending-reboot", Severity: SeverityMedium,
					Message: target + ": member orders-prd-2: a parameter group edit waits for a reboot (pending-reboot)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := auroraSnap(target)
			tt.change(s)
			checkFindings(t, ConfiguredVsRunning(s, tt.opts), tt.want)
		})
	}
	if got := ConfiguredVsRunning(testsnapStatic(t), Options{}); len(got) != 0 {
		t.Errorf("static target: %+v", got)
	}
}

// testsnapStatic is the fixture snapshot: a static target without a
// Cluster.
func testsnapStatic(t *testing.T) *snapshot.Snapshot {
	s, _ := fixturePair(t)
	return s
}

func TestSameSetting(t *testing.T) {
	tests := []struct {
		conf, run string
		same      bool
		how       string
	}{
		{"ON", "1", true, "as booleans"},
		{"yes", "ON", true, "as booleans"},
		{"off", "OFF", true, "as text"},
		{"0", "ON", false, "as booleans"},
		{"2", "ON", false, "as text"},
		{"10", "10.000000", true, "as numbers"},
		{"18446744073709551615", "18446744073709551614", false, "as numbers"},
		{"b,a", "A,B", true, "as sets"},
		{"a,b", "a", false, "as sets"},
		{"REPEATABLE-READ", "READ-COMMITTED", false, "as text"},
	}
	for _, tt := range tests {
		same, how := sameSetting(tt.conf, tt.run)
		if same != tt.same || how != tt.how {
			t.Errorf("sameSetting(%q, %q) = %v, %q; want %v, %q", tt.conf, tt.run, same, how, tt.same, tt.how)
		}
	}
}

func TestCompareReportsOnlyNewMismatches(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	from, to := auroraSnap(target), auroraSnap(target)
	// An old mismatch, present in both: state, not drift.
	from.Variables["binlog_format"] = "ROW"
	to.Variables["binlog_format"] = "ROW"
	// A new one: the running value moved away from the configured one.
	to.Variables["max_connections"] = "1500"
	// A new pending reboot.
	to.Cluster.Members[0].PendingReboot = true
	to.Cluster.Members[0].ParameterApplyStatus = "pending-reboot"
	checkFindings(t, Compare(from, to, Options{}), []Finding{
		{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "cluster parameter", Object: "max_connections", Group: "orders-prd-cluster",
			Field: "value", From: "1000", To: "1500", Severity: SeverityMedium,
			Message: target + ": cluster parameter max_connections is 1000 in group orders-prd-cluster (user) but 1500 is running (compared as numbers)"},
		{Target: target, Kind: KindConfigured, Change: Differs, ObjectType: "member", Object: "orders-prd-1", Group: "orders-prd-1",
			Field: "parameter_apply_status", To: "pending-reboot", Severity: SeverityMedium,
			Message: target + ": member orders-prd-1: a parameter group edit waits for a reboot (pending-reboot)"},
		{Target: target, Kind: KindVariable, Change: Changed, ObjectType: "variable", Object: "max_connections", Field: "value",
			From: "1000", To: "1500", Severity: SeverityMedium,
			Message: target + ": variable max_connections changed 1000 → 1500"},
	})
}
