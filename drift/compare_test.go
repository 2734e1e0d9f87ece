package drift

import (
	"testing"
	"time"
)

func TestCompareIdenticalFixture(t *testing.T) {
	from, to := fixturePair(t)
	if got := Compare(from, to, Options{}); len(got) != 0 {
		t.Errorf("identical snapshots: %d findings, want none; first: %+v", len(got), got[0])
	}
	// Volatile noise on the fixture (MariaDB): still nothing.
	for name, v := range map[string]string{
		"gtid_executed": "0-1-99", "gtid_binlog_pos": "0-1-99", "gtid_current_pos": "0-1-99",
		"server_uuid": "00000000-0000-0000-0000-000000000002", "hostname": "other-host", "pid_file": "/run/other.pid",
	} {
		to.Variables[name] = v
	}
	to.TakenAt = to.TakenAt.Add(24 * time.Hour)
	if got := Compare(from, to, Options{}); len(got) != 0 {
		t.Errorf("volatile noise: %d findings, want none; first: %+v", len(got), got[0])
	}
	a, b := auroraSnap("eu-west-1/orders-prd"), auroraSnap("eu-west-1/orders-prd")
	if got := Compare(a, b, Options{}); len(got) != 0 {
		t.Errorf("identical cluster snapshots: %d findings, want none; first: %+v", len(got), got[0])
	}
}

func TestCompareTargetAddedRemoved(t *testing.T) {
	s := auroraSnap("eu-west-1/orders-prd")
	checkFindings(t, Compare(nil, s, Options{}), []Finding{{
		Target: "eu-west-1/orders-prd", Kind: KindTarget, Change: Added, ObjectType: "target", Object: "eu-west-1/orders-prd",
		Severity: SeverityLow, Message: "eu-west-1/orders-prd: target added",
	}})
	checkFindings(t, Compare(s, nil, Options{}), []Finding{{
		Target: "eu-west-1/orders-prd", Kind: KindTarget, Change: Removed, ObjectType: "target", Object: "eu-west-1/orders-prd",
		Severity: SeverityHigh, Message: "eu-west-1/orders-prd: target removed",
	}})
	if got := Compare(nil, nil, Options{}); got != nil {
		t.Errorf("nil, nil: %v", got)
	}
}

func TestCompareVariables(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	tests := []struct {
		name   string
		opts   Options
		change func(vars map[string]string)
		want   []Finding
	}{
		{
			name: "volatile noise is ignored",
			change: func(v map[string]string) {
				v["gtid_executed"] += ",aaaa:1-9"
				v["server_uuid"] = "00000000-0000-0000-0000-000000000001"
				v["hostname"] = "ip-10-0-0-2"
				v["gtid_binlog_pos"] = "0-1-42" // added, but volatile
			},
		},
		{
			name:   "changed, added and removed",
			change: func(v map[string]string) { v["time_zone"] = "UTC"; v["new_var"] = "x"; delete(v, "slow_query_log") },
			want: []Finding{
				{Target: target, Kind: KindVariable, Change: Added, ObjectType: "variable", Object: "new_var", To: "x",
					Severity: SeverityLow, Message: target + ": variable new_var added: x"},
				{Target: target, Kind: KindVariable, Change: Removed, ObjectType: "variable", Object: "slow_query_log", From: "OFF",
					Severity: SeverityLow, Message: target + ": variable slow_query_log removed, was OFF"},
				{Target: target, Kind: KindVariable, Change: Changed, ObjectType: "variable", Object: "time_zone", Field: "value", From: "SYSTEM", To: "UTC",
					Severity: SeverityMedium, Message: target + ": variable time_zone changed SYSTEM → UTC"},
			},
		},
		{
			name:   "extra volatile pattern",
			opts:   Options{Volatile: []string{"TIME_*"}},
			change: func(v map[string]string) { v["time_zone"] = "UTC" },
		},
		{
			name:   "no default volatile",
			opts:   Options{NoDefaultVolatile: true, Volatile: []string{"gtid_*"}},
			change: func(v map[string]string) { v["gtid_executed"] = "x"; v["hostname"] = "ip-10-0-0-2" },
			want: []Finding{
				{Target: target, Kind: KindVariable, Change: Changed, ObjectType: "variable", Object: "hostname", Field: "value", From: "ip-10-0-0-1", To: "ip-10-0-0-2",
					Severity: SeverityMedium, Message: target + ": variable hostname changed ip-10-0-0-1 → ip-10-0-0-2"},
			},
		},
		{
			name:   "values with line breaks keep the message on one line",
			change: func(v map[string]string) { v["init_connect"] = "SET a=1;\nSET b=2" },
			want: []Finding{
				{Target: target, Kind: KindVariable, Change: Added, ObjectType: "variable", Object: "init_connect", To: "SET a=1;\nSET b=2",
					Severity: SeverityLow, Message: target + `: variable init_connect added: SET a=1;\nSET b=2`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := auroraSnap(target), auroraSnap(target)
			tt.change(to.Variables)
			checkFindings(t, Compare(from, to, tt.opts), tt.want)
		})
	}
}

func TestDefaultVolatile(t *testing.T) {
	got := DefaultVolatile()
	for _, n := range []string{"gtid_executed", "gtid_purged", "server_uuid", "server_id", "hostname", "report_host",
		"pid_file", "log_error", "aurora_server_id", "innodb_read_only", "version", "aurora_version", "innodb_version",
		"gtid_binlog_pos", "gtid_binlog_state", "gtid_current_pos", "gtid_slave_pos", "general_log_file", "slow_query_log_file"} {
		found := false
		for _, g := range got {
			found = found || g == n
		}
		if !found {
			t.Errorf("DefaultVolatile lacks %s", n)
		}
	}
	got[0] = "changed by the caller"
	if DefaultVolatile()[0] == "changed by the caller" {
		t.Error("DefaultVolatile returns a shared slice")
	}
	v := Options{Volatile: []string{"wsrep_*", "[bad"}}.volatile()
	for name, want := range map[string]bool{"wsrep_on": true, "WSREP_ON": true, "Server_UUID": true, "max_connections": false, "[bad": false} {
		if v.has(name) != want {
			t.Errorf("volatile %q = %v, want %v", name, !want, want)
		}
	}
}

func TestSortOrder(t *testing.T) {
	fs := []Finding{
		{Target: "b", Kind: KindSchema, Object: "a"},
		{Target: "a", Kind: KindVariable, Object: "z"},
		{Target: "a", Kind: KindParameter, ObjectType: "instance parameter", Object: "x", Group: "g2"},
		{Target: "a", Kind: KindParameter, ObjectType: "instance parameter", Object: "x", Group: "g1", Field: "value"},
		{Target: "a", Kind: KindParameter, ObjectType: "instance parameter", Object: "x", Group: "g1", Field: "source"},
		{Target: "a", Kind: KindParameter, ObjectType: "cluster parameter", Object: "y"},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Target+"|"+string(f.Kind)+"|"+f.ObjectType+"|"+f.Object+"|"+f.Group+"|"+f.Field)
	}
	want := []string{
		"a|parameter|cluster parameter|y||",
		"a|parameter|instance parameter|x|g1|source",
		"a|parameter|instance parameter|x|g1|value",
		"a|parameter|instance parameter|x|g2|",
		"a|variable||z||",
		"b|schema||a||",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order:\n got %q\nwant %q", got, want)
		}
	}
}

func TestCompareStaticToClusterSkipsClusterLevel(t *testing.T) {
	// A snapshot without a Cluster on one side: parameters and the cluster
	// engine version are not compared, the rest still is.
	from, to := auroraSnap("x/y"), auroraSnap("x/y")
	from.Cluster = nil
	to.Server.Version = "8.0.39"
	got := Compare(from, to, Options{})
	checkInvariants(t, got)
	for _, f := range got {
		if f.Kind == KindParameter {
			t.Errorf("parameter finding without a cluster on one side: %+v", f)
		}
	}
	if len(got) != 1 || got[0].Object != "version" {
		t.Errorf("got %+v, want one server version finding", got)
	}
}
