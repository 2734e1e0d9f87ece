package collector

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
)

func TestStripAutoIncrement(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"option", "CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4",
			"CREATE TABLE `t` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"},
		{"none", "CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB", "CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB"},
		{"column comment keeps text", "CREATE TABLE `t` (\n  `id` int COMMENT ' AUTO_INCREMENT=5'\n) ENGINE=InnoDB",
			"CREATE TABLE `t` (\n  `id` int COMMENT ' AUTO_INCREMENT=5'\n) ENGINE=InnoDB"},
		{"table comment keeps text", "CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB COMMENT=' AUTO_INCREMENT=5'",
			"CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB COMMENT=' AUTO_INCREMENT=5'"},
		{"option and comment", "CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB AUTO_INCREMENT=7 COMMENT=' AUTO_INCREMENT=5'",
			"CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB COMMENT=' AUTO_INCREMENT=5'"},
		{"partitioned", "CREATE TABLE `t` (\n  `y` int\n) ENGINE=InnoDB AUTO_INCREMENT=3\n PARTITION BY RANGE (`y`)\n(PARTITION `p0` VALUES LESS THAN (2024) ENGINE = InnoDB)",
			"CREATE TABLE `t` (\n  `y` int\n) ENGINE=InnoDB\n PARTITION BY RANGE (`y`)\n(PARTITION `p0` VALUES LESS THAN (2024) ENGINE = InnoDB)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := StripAutoIncrement(c.in); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestQuoteIdent(t *testing.T) {
	for in, want := range map[string]string{"a": "`a`", "we`ird": "`we``ird`", "🚗 rides": "`🚗 rides`", "``": "``````"} {
		if got := quoteIdent(in); got != want {
			t.Errorf("quoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestIntrospectWithoutMultiStatements: a pool opened without
// multiStatements still gets every table's DDL (one statement at a time).
func TestIntrospectWithoutMultiStatements(t *testing.T) {
	m := testbed.StartMariaDB(t)
	m.Exec(t, fixtures.Synthetic("plain", 7, 5).SQL)
	dsn := strings.Replace(m.DSN("root", m.RootPassword, ""), "multiStatements=true", "multiStatements=false", 1)
	if !strings.Contains(dsn, "multiStatements=false") {
		t.Fatalf("could not turn multiStatements off in %s", dsn)
	}
	snap := introspectDSN(t, dsn, Options{ShowCreateBatch: 3})
	sc := snap.FindSchema("plain")
	if sc == nil || len(sc.Tbls.Tables) != 7 {
		t.Fatalf("schema plain not fully read: %+v", sc)
	}
	for _, tb := range sc.Tbls.Tables {
		if tb.Def == "" {
			t.Errorf("%s: no DDL", tb.Name)
		}
	}
}
