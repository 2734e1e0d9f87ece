package review

import (
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/internal/flavor"
)

// The algorithms of an ALTER TABLE, cheapest first.
const (
	Instant = "INSTANT" // metadata only: no rows touched
	Inplace = "INPLACE" // no table copy; may still rebuild or sort
	Copy    = "COPY"    // the table is copied row by row
)

// Online says how a server runs one ALTER TABLE clause: the algorithm,
// whether the table (its clustered index) is rebuilt — time and space grow
// with its size —, whether writes continue meanwhile, and why.
type Online struct {
	Algorithm string `json:"algorithm"`
	Rebuild   bool   `json:"rebuild"`
	// WritesBlocked: concurrent INSERT/UPDATE/DELETE wait for the whole
	// operation (LOCK=SHARED or stronger).
	WritesBlocked bool   `json:"writes_blocked"`
	Why           string `json:"why"`
}

// onlineOf classifies clause c on table t (nil when the table is new or
// unknown) for server f, following MySQL 8.0's and MariaDB's online DDL
// tables. Unknown clauses are COPY: the cautious answer.
func onlineOf(c Clause, t *schema.Table, f flavor.Flavor) Online {
	my8 := f.Kind == flavor.MySQL && f.Major >= 8
	maria := f.Kind == flavor.MariaDB
	instantAdd := (my8 && f.AtLeast(8, 0, 12)) || (maria && f.AtLeast(10, 3, 2))
	instantAnywhere := (my8 && f.AtLeast(8, 0, 29)) || (maria && f.AtLeast(10, 4, 0))
	def := strings.ToUpper(c.Definition)
	switch c.Kind {
	case AddColumn:
		switch {
		case strings.Contains(def, "AUTO_INCREMENT"):
			return Online{Inplace, true, true, "an AUTO_INCREMENT column is added in place with a rebuild and no concurrent writes"}
		case strings.Contains(def, "GENERATED") || strings.Contains(def, " AS "):
			if strings.Contains(def, "STORED") {
				return Online{Copy, true, true, "a STORED generated column is computed for every row (COPY)"}
			}
			return Online{Instant, false, false, "a VIRTUAL generated column is metadata only"}
		case strings.Contains(def, "CHECK"):
			return Online{Copy, true, true, "a column with a CHECK constraint is added by COPY (every row is validated)"}
		case hasFulltext(t) && my8:
			return Online{Inplace, true, false, "INSTANT ADD COLUMN is not possible on a table with a FULLTEXT index: rebuilt in place"}
		case instantAnywhere || (instantAdd && c.Position == ""):
			return Online{Instant, false, false, "ADD COLUMN is INSTANT on " + f.String()}
		case instantAdd:
			return Online{Inplace, true, false, "ADD COLUMN with " + c.Position + " is INSTANT only from MySQL 8.0.29 / MariaDB 10.4: rebuilt in place on " + f.String()}
		}
		return Online{Inplace, true, false, "ADD COLUMN rebuilds the table in place on " + f.String()}
	case DropColumn:
		if instantAnywhere {
			return Online{Instant, false, false, "DROP COLUMN is INSTANT on " + f.String()}
		}
		return Online{Inplace, true, false, "DROP COLUMN rebuilds the table in place on " + f.String()}
	case RenameColumn:
		return Online{Inplace, false, false, "renaming a column changes metadata only"}
	case ColumnDefault:
		return Online{Instant, false, false, "changing a column default changes metadata only"}
	case ModifyColumn:
		return modifyOnline(c, t, f)
	case AddIndex, AddUnique:
		return Online{Inplace, false, false, "the index is built in place, reading and sorting every row; writes continue"}
	case AddFulltext:
		if hasFulltext(t) {
			return Online{Inplace, false, true, "a further FULLTEXT index is built in place without concurrent writes"}
		}
		return Online{Inplace, true, true, "the first FULLTEXT index rebuilds the table (FTS_DOC_ID) without concurrent writes"}
	case DropIndex, RenameIndex, DropForeignKey:
		return Online{Inplace, false, false, "metadata only"}
	case DropCheck:
		return Online{Instant, false, false, "dropping a CHECK constraint changes metadata only"}
	case AddPrimaryKey:
		return Online{Inplace, true, false, "a new primary key rebuilds the clustered index in place; writes continue"}
	case DropPrimaryKey:
		return Online{Copy, true, true, "dropping the primary key without adding another copies the table"}
	case AddForeignKey:
		return Online{Copy, true, true, "ADD FOREIGN KEY copies the table unless the session sets foreign_key_checks=0 (then INPLACE, existing rows unchecked)"}
	case AddCheck:
		return Online{Copy, true, true, "ADD CHECK validates every row by copying the table"}
	case ConvertCharset:
		return Online{Copy, true, true, "CONVERT TO CHARACTER SET rewrites every string column: the table is copied"}
	case TableOptions:
		if v, ok := c.Options["ROW_FORMAT"]; ok {
			return Online{Inplace, true, false, "ROW_FORMAT=" + v + " rebuilds the table in place"}
		}
		if v, ok := c.Options["ENGINE"]; ok {
			if t != nil && strings.EqualFold(v, "InnoDB") {
				return Online{Inplace, true, false, "ENGINE=InnoDB on an InnoDB table rebuilds it in place"}
			}
			return Online{Copy, true, true, "changing the engine copies the table"}
		}
		if _, ok := c.Options["KEY_BLOCK_SIZE"]; ok {
			return Online{Inplace, true, false, "KEY_BLOCK_SIZE rebuilds the table in place"}
		}
		return Online{Instant, false, false, "table options (default charset, comment, AUTO_INCREMENT) change metadata only"}
	case Force:
		return Online{Inplace, true, false, "FORCE rebuilds the table in place"}
	case RenameTo:
		return Online{Instant, false, false, "renaming a table changes metadata only (but every query using the old name fails)"}
	case AddPartition, DropPartition:
		return Online{Inplace, false, false, "adding or dropping RANGE/LIST partitions touches only those partitions"}
	case Partitioning:
		return Online{Copy, true, true, "repartitioning copies the table"}
	case AlgorithmOption:
		return Online{Instant, false, false, "ALGORITHM/LOCK only constrain how the other clauses run"}
	}
	return Online{Copy, true, true, "not a clause the review knows: assumed to copy the table"}
}

// modifyOnline classifies MODIFY/CHANGE COLUMN by comparing the new
// definition with the column's current one.
func modifyOnline(c Clause, t *schema.Table, f flavor.Flavor) Online {
	old := findColumn(t, c.Column)
	if old == nil {
		return Online{Copy, true, true, "column " + c.Column + " is not in the snapshot: assumed to copy the table"}
	}
	newType := columnType(c.Definition)
	oldType := normalizeType(old.Type)
	newNullable := !strings.Contains(strings.ToUpper(c.Definition), "NOT NULL")
	switch {
	case newType != oldType && enumAppend(oldType, newType):
		return Online{Instant, false, false, "appending values to an ENUM/SET changes metadata only"}
	case newType != oldType && varcharExtend(oldType, newType):
		return Online{Inplace, false, false, "extending a VARCHAR within its length-byte size (" + oldType + " → " + newType + ") is in place"}
	case newType != oldType:
		return Online{Copy, true, true, "changing the column type (" + oldType + " → " + newType + ") copies the table"}
	case c.Position != "":
		return Online{Inplace, true, false, "reordering columns rebuilds the table in place"}
	case newNullable != old.Nullable:
		return Online{Inplace, true, false, "changing NULL / NOT NULL rebuilds the table in place"}
	case c.NewName != "" && c.NewName != c.Column:
		return Online{Inplace, false, false, "renaming a column changes metadata only"}
	}
	return Online{Instant, false, false, "only the default or comment changes: metadata only"}
}

func findColumn(t *schema.Table, name string) *schema.Column {
	if t == nil {
		return nil
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

func hasFulltext(t *schema.Table) bool {
	if t == nil {
		return false
	}
	for _, ix := range t.Indexes {
		if strings.Contains(strings.ToUpper(ix.Def), "FULLTEXT") {
			return true
		}
	}
	return false
}

// typeEnd are the words after which a column definition's type has ended.
var typeEnd = map[string]bool{
	"NOT": true, "NULL": true, "DEFAULT": true, "COMMENT": true, "AUTO_INCREMENT": true,
	"CHARACTER": true, "CHARSET": true, "COLLATE": true, "GENERATED": true, "AS": true,
	"PRIMARY": true, "UNIQUE": true, "KEY": true, "ON": true, "INVISIBLE": true, "VISIBLE": true,
	"REFERENCES": true, "CHECK": true, "CONSTRAINT": true, "SRID": true, "COLUMN_FORMAT": true, "STORAGE": true,
}

// columnType is the type part of a column definition, normalised.
func columnType(def string) string {
	var b strings.Builder
	depth := 0
	for _, tok := range tokenize(def) {
		if depth == 0 && tok.kind == tokWord && typeEnd[tok.val] {
			break
		}
		switch tok.val {
		case "(":
			depth++
		case ")":
			depth--
		}
		if b.Len() > 0 && tok.kind == tokWord && depth == 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok.text)
	}
	return normalizeType(b.String())
}

// normalizeType lower-cases a type and drops integer display widths
// ("int(11) unsigned" and "INT UNSIGNED" are the same type).
func normalizeType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	for _, it := range []string{"tinyint", "smallint", "mediumint", "bigint", "int"} {
		if strings.HasPrefix(t, it+"(") {
			if end := strings.IndexByte(t, ')'); end > 0 && !(it == "tinyint" && t[:end+1] == "tinyint(1)") {
				t = it + t[end+1:]
			}
			break
		}
	}
	return strings.Join(strings.Fields(t), " ")
}

// enumAppend reports whether newT is oldT with values appended at the end.
func enumAppend(oldT, newT string) bool {
	for _, k := range []string{"enum(", "set("} {
		if strings.HasPrefix(oldT, k) && strings.HasPrefix(newT, k) {
			o := strings.TrimSuffix(oldT, ")")
			return strings.HasPrefix(newT, o+",")
		}
	}
	return false
}

// varcharExtend reports whether a VARCHAR grows within the same
// length-byte size (both below or both at least 256 bytes, at 4 bytes per
// character: the cautious utf8mb4 assumption).
func varcharExtend(oldT, newT string) bool {
	on, ok1 := varcharLen(oldT)
	nn, ok2 := varcharLen(newT)
	if !ok1 || !ok2 || nn < on {
		return false
	}
	return (on*4 < 256) == (nn*4 < 256)
}

func varcharLen(t string) (int, bool) {
	rest, ok := strings.CutPrefix(t, "varchar(")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ')')
	if end < 0 || strings.TrimSpace(rest[end+1:]) != "" {
		return 0, false
	}
	n := 0
	for _, ch := range rest[:end] {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		n = n*10 + int(ch-'0')
	}
	return n, true
}
