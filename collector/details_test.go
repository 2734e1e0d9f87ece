package collector

import "testing"

func TestPartitioning(t *testing.T) {
	for _, tc := range []struct{ name, ddl, want string }{
		{"none", "CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", ""},
		{"mariadb", "CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4\n PARTITION BY RANGE (`id`)\n(PARTITION `p0` VALUES LESS THAN (10) ENGINE = InnoDB,\n PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)",
			"PARTITION BY RANGE (`id`) (PARTITION `p0` VALUES LESS THAN (10) ENGINE = InnoDB, PARTITION `p1` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)"},
		{"mysql", "CREATE TABLE `t` (\n  `id` int NOT NULL\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`)\nPARTITIONS 4 */", "PARTITION BY HASH (`id`) PARTITIONS 4"},
		{"in a comment", "CREATE TABLE `t` (\n  `id` int NOT NULL COMMENT 'x\n PARTITION BY y'\n) ENGINE=InnoDB", ""},
	} {
		if got := partitioning(tc.ddl); got != tc.want {
			t.Errorf("%s: partitioning = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestViewInvalid(t *testing.T) {
	if !viewInvalid("View 'shop.v' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them") {
		t.Error("MariaDB's broken-view message not recognised")
	}
	if viewInvalid("VIEW") || viewInvalid("a View 'x' references invalid table") {
		t.Error("a real comment taken for a broken view")
	}
}
