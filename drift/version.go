package drift

import (
	"strconv"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// compareVersions reports changes of the server version, the Aurora
// version and the cluster's engine version, as upgrades or downgrades
// where the versions compare.
func compareVersions(c *collector, from, to *snapshot.Snapshot) {
	versionFinding(c, "version", "server version", from.Server.Version, to.Server.Version)
	versionFinding(c, "aurora_version", "Aurora version", from.Server.AuroraVersion, to.Server.AuroraVersion)
	if from.Cluster != nil && to.Cluster != nil {
		versionFinding(c, "engine_version", "cluster engine version", from.Cluster.EngineVersion, to.Cluster.EngineVersion)
	}
}

func versionFinding(c *collector, object, label, from, to string) {
	if from == to {
		return
	}
	f := Finding{Kind: KindVersion, Change: Changed, ObjectType: "engine", Object: object, Field: "version", From: from, To: to}
	verb := "changed"
	if cmp, ok := compareVersion(from, to); ok {
		switch {
		case cmp < 0:
			verb = "upgraded"
		case cmp > 0:
			verb = "downgraded"
			f.Severity = SeverityHigh
		}
	}
	c.addf(f, label+" "+verb+" "+show(from)+" → "+show(to))
}

// compareVersion compares two dotted versions such as "8.0.36",
// "8.0.mysql_aurora.3.05.2" or "10.11.19-MariaDB-0+deb12u1" part by part:
// the leading digits of each dot-separated part numerically, and what
// follows them as text, which must be equal. ok is false when the
// versions do not compare (text parts differ, a version is empty).
func compareVersion(a, b string) (cmp int, ok bool) {
	if a == "" || b == "" {
		return 0, false
	}
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		if i >= len(pa) || i >= len(pb) {
			// "8.0" against "8.0.1": the longer one is newer when the
			// shorter is its prefix.
			if len(pa) < len(pb) {
				return -1, true
			}
			return 1, true
		}
		na, ra := leadingNumber(pa[i])
		nb, rb := leadingNumber(pb[i])
		if na < 0 || nb < 0 {
			if pa[i] != pb[i] {
				return 0, false
			}
			continue
		}
		if na != nb {
			if na < nb {
				return -1, true
			}
			return 1, true
		}
		if ra != rb {
			return 0, false
		}
	}
	return 0, true
}

// leadingNumber splits a version part into its leading number (-1 when
// there is none) and the rest.
func leadingNumber(s string) (int64, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return -1, s
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return -1, s
	}
	return n, s[i:]
}
