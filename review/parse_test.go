package review

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	script := "-- a comment; not a statement\n" +
		"ALTER TABLE `we;ird` ADD COLUMN c VARCHAR(10) DEFAULT 'a;b' COMMENT \"x\"\";y\";\n" +
		"UPDATE t SET s = 'it''s; fine' WHERE id = 1;\n" +
		"DELIMITER //\n" +
		"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END//\n" +
		"DELIMITER ;\n" +
		"# trailing comment\n" +
		"DROP TABLE IF EXISTS old_t"
	got, err := Split("m.sql", script)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	var texts []string
	for _, s := range got {
		lines = append(lines, s.Line)
		texts = append(texts, s.Text)
	}
	want := []string{
		"ALTER TABLE `we;ird` ADD COLUMN c VARCHAR(10) DEFAULT 'a;b' COMMENT \"x\"\";y\"",
		"UPDATE t SET s = 'it''s; fine' WHERE id = 1",
		"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END",
		"DROP TABLE IF EXISTS old_t",
	}
	if !slices.Equal(texts, want) {
		t.Errorf("statements:\n got %q\nwant %q", texts, want)
	}
	if !slices.Equal(lines, []int{2, 3, 5, 8}) {
		t.Errorf("lines = %v", lines)
	}
	for _, bad := range []string{"SELECT 'open", "SELECT 1 /* open", "DELIMITER\nSELECT 1"} {
		if _, err := Split("bad.sql", bad); err == nil || !strings.HasPrefix(err.Error(), "bad.sql:") {
			t.Errorf("Split(%q) = %v, want an error naming the file and line", bad, err)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		kind OpKind
		want []string // tables, then "clause kind|column|new|index|cols|options"
	}{
		{"ALTER TABLE shop.`order items` ADD COLUMN `ch` VARCHAR(20) NOT NULL DEFAULT 'web' AFTER id, DROP INDEX ix_a, ALGORITHM=INSTANT",
			OpAlterTable, []string{"order items", "add column|ch||||", "drop index|||ix_a||", "algorithm/lock|||||"}},
		{"ALTER TABLE t CHANGE COLUMN a b BIGINT NULL, MODIFY c TEXT, RENAME COLUMN d TO e, RENAME INDEX i1 TO i2, RENAME TO t2",
			OpAlterTable, []string{"t", "modify column|a|b|||", "modify column|c|c|||", "rename column|d|e|||", "rename index||i2|i1||", "rename table||t2|||"}},
		{"ALTER TABLE t ADD CONSTRAINT fk_x FOREIGN KEY (a, b) REFERENCES p (x, y) ON DELETE CASCADE, ADD UNIQUE KEY uq (c), ADD PRIMARY KEY (id), DROP FOREIGN KEY fk_y, DROP PRIMARY KEY",
			OpAlterTable, []string{"t", "add foreign key|||fk_x|a,b|", "add unique index|||uq|c|", "add primary key||||id|", "drop foreign key|||fk_y||", "drop primary key|||||"}},
		{"ALTER TABLE t ENGINE=InnoDB ROW_FORMAT=COMPRESSED, CONVERT TO CHARACTER SET utf8mb4, PARTITION BY HASH(id) PARTITIONS 4",
			OpAlterTable, []string{"t", "table options|||||ENGINE=InnoDB ROW_FORMAT=COMPRESSED", "convert character set|||||", "partitioning|||||"}},
		{"CREATE UNIQUE INDEX uq_e ON shop.customer (email(20), name DESC)", OpAlterTable, []string{"customer", "add unique index|||uq_e|email,name|"}},
		{"DROP INDEX ix ON t", OpAlterTable, []string{"t", "drop index|||ix||"}},
		{"DROP TABLE IF EXISTS a, `b c`", OpDropTable, []string{"a", "b c"}},
		{"RENAME TABLE a TO b, c TO d", OpRenameTable, nil},
		{"TRUNCATE TABLE logs", OpTruncate, []string{"logs"}},
		{"UPDATE LOW_PRIORITY orders SET x = 1", OpDML, []string{"orders"}},
		{"CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`u`@`%` VIEW v AS SELECT 1", OpCreateView, []string{"v"}},
		{"CREATE TABLE IF NOT EXISTS n (id INT PRIMARY KEY)", OpCreateTable, []string{"n"}},
		{"GRANT SELECT ON *.* TO u", OpOther, nil},
	} {
		op := Parse(Statement{Text: tc.sql})
		got := slices.Clone(op.Tables)
		for _, c := range op.Clauses {
			var opts []string
			for _, k := range []string{"ENGINE", "ROW_FORMAT"} {
				if v, ok := c.Options[k]; ok {
					opts = append(opts, k+"="+v)
				}
			}
			got = append(got, strings.Join([]string{string(c.Kind), c.Column, c.NewName, c.Index, strings.Join(c.Columns, ","), strings.Join(opts, " ")}, "|"))
		}
		if op.Kind != tc.kind || !slices.Equal(got, tc.want) {
			t.Errorf("Parse(%q) = %s %q, want %s %q", tc.sql, op.Kind, got, tc.kind, tc.want)
		}
	}
	op := Parse(Statement{Text: "RENAME TABLE a TO b, c TO d"})
	if !slices.Equal(op.Renames, []Rename{{"a", "b"}, {"c", "d"}}) {
		t.Errorf("renames = %v", op.Renames)
	}
}
