package drift

import "testing"

func TestCompareVersions(t *testing.T) {
	const target = "eu-west-1/orders-prd"
	from, to := auroraSnap(target), auroraSnap(target)
	to.Server.Version = "8.0.39"
	to.Server.AuroraVersion = "3.05.2"
	to.Cluster.EngineVersion = "8.0.mysql_aurora.3.08.0"
	to.Variables["version"] = "8.0.39" // volatile: reported as the upgrade only
	checkFindings(t, Compare(from, to, Options{}), []Finding{
		{Target: target, Kind: KindVersion, Change: Changed, ObjectType: "engine", Object: "aurora_version", Field: "version",
			From: "3.06.0", To: "3.05.2", Severity: SeverityHigh,
			Message: target + ": Aurora version downgraded 3.06.0 → 3.05.2"},
		{Target: target, Kind: KindVersion, Change: Changed, ObjectType: "engine", Object: "engine_version", Field: "version",
			From: "8.0.mysql_aurora.3.06.0", To: "8.0.mysql_aurora.3.08.0", Severity: SeverityMedium,
			Message: target + ": cluster engine version upgraded 8.0.mysql_aurora.3.06.0 → 8.0.mysql_aurora.3.08.0"},
		{Target: target, Kind: KindVersion, Change: Changed, ObjectType: "engine", Object: "version", Field: "version",
			From: "8.0.36", To: "8.0.39", Severity: SeverityMedium,
			Message: target + ": server version upgraded 8.0.36 → 8.0.39"},
	})
}

func TestCompareVersion(t *testing.T) {
	tests := []struct {
		a, b string
		cmp  int
		ok   bool
	}{
		{"8.0.36", "8.0.39", -1, true},
		{"8.0.9", "8.0.10", -1, true}, // numerically, not as text
		{"10.11.19-MariaDB-0+deb12u1", "10.11.20-MariaDB-0+deb12u1", -1, true},
		{"10.11.19-MariaDB-0+deb12u1", "10.6.20-MariaDB", 1, true},
		{"8.0.mysql_aurora.3.06.0", "8.0.mysql_aurora.3.05.2", 1, true},
		{"8.0", "8.0.1", -1, true},
		{"3.06.0", "3.06.0", 0, true},
		{"8.0.36", "8.0.36-log", 0, false},
		{"8.0.mysql_aurora.3.06.0", "8.0.other.3.07.0", 0, false},
		{"", "8.0.36", 0, false},
	}
	for _, tt := range tests {
		cmp, ok := compareVersion(tt.a, tt.b)
		if cmp != tt.cmp || ok != tt.ok {
			t.Errorf("compareVersion(%q, %q) = %d, %v; want %d, %v", tt.a, tt.b, cmp, ok, tt.cmp, tt.ok)
		}
	}
	// Not comparable: "changed".
	from, to := auroraSnap("x/y"), auroraSnap("x/y")
	to.Server.Version = "8.0.36-log"
	got := Compare(from, to, Options{})
	if len(got) != 1 || got[0].Message != "x/y: server version changed 8.0.36 → 8.0.36-log" {
		t.Errorf("got %+v", got)
	}
}
