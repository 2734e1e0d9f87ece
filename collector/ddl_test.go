package collector

import "testing"

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
