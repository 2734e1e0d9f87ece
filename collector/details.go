package collector

import (
	"regexp"
	"sort"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// tableInfo is the snapshot's own record of one table: the storage facts
// of information_schema.TABLES and what tbls' model has no field for
// (partitioning, column character sets, foreign key actions, a view's
// validity).
func tableInfo(t tableRow, r *raw) *snapshot.TableInfo {
	k := tableKey{t.schema, t.name}
	ti := &snapshot.TableInfo{
		Name: t.name, Type: t.typ, Engine: t.engine, Collation: t.collation, RowFormat: t.rowFormat,
		DataLength: t.dataLength, IndexLength: t.indexLength, Rows: t.rows, CreateOptions: t.options,
		Distinct: distinct(r.indexes[k]),
	}
	if d, ok := r.ddl[k]; ok {
		ti.Partitioning = partitioning(d.def)
	}
	if t.typ == "VIEW" && viewInvalid(t.comment) {
		ti.Invalid = t.comment
	}
	for _, c := range r.columns[k] {
		if c.charset != "" || c.collation != "" {
			ti.Columns = append(ti.Columns, &snapshot.ColumnInfo{Name: c.name, CharacterSet: c.charset, Collation: c.collation})
		}
	}
	for _, a := range r.referential[k] {
		ti.ForeignKeys = append(ti.ForeignKeys, &snapshot.ForeignKeyInfo{Name: a.name, OnDelete: a.onDelete, OnUpdate: a.onUpdate})
	}
	sort.Slice(ti.ForeignKeys, func(i, j int) bool { return ti.ForeignKeys[i].Name < ti.ForeignKeys[j].Name })
	return ti
}

// reViewInvalid matches the message MySQL and MariaDB put in
// information_schema.TABLES.TABLE_COMMENT of a view whose tables,
// columns, functions or definer no longer work.
var reViewInvalid = regexp.MustCompile(`^View '.*' references invalid table`)

// viewInvalid reports whether a view's TABLE_COMMENT is the server's
// "broken view" message rather than its comment.
func viewInvalid(comment string) bool {
	return reViewInvalid.MatchString(comment)
}

// rePartitionStart finds the partitioning clause SHOW CREATE TABLE puts
// after the table options, inside a version comment on MySQL
// ("/*!50100 PARTITION BY …*/") and bare on MariaDB.
var rePartitionStart = regexp.MustCompile(`\n\s*(?:/\*!\d+ )?PARTITION BY `)

// partitioning extracts the partitioning clause of a CREATE TABLE
// statement, without version comments, on one line; "" when there is none.
// Only the text after the table options line counts, so a comment holding
// "PARTITION BY" does not.
func partitioning(ddl string) string {
	opts := strings.LastIndex(ddl, "\n) ")
	if opts < 0 {
		return ""
	}
	loc := rePartitionStart.FindStringIndex(ddl[opts+1:])
	if loc == nil {
		return ""
	}
	clause := strings.TrimSpace(ddl[opts+1+loc[0]:])
	if strings.HasPrefix(clause, "/*!") {
		clause = clause[strings.IndexByte(clause, ' ')+1:]
		clause = strings.TrimSuffix(strings.TrimSpace(clause), "*/")
	}
	return strings.Join(strings.Fields(clause), " ")
}

// routineInfos lists the bodies and characteristics of one schema's
// routines, sorted by name, then type.
func routineInfos(schemaName string, routines []routineRow) []*snapshot.RoutineInfo {
	var out []*snapshot.RoutineInfo
	for _, rt := range routines {
		if rt.schema != schemaName {
			continue
		}
		ri := &snapshot.RoutineInfo{Name: rt.name, Type: rt.typ, Body: rt.body.String, Hidden: !rt.body.Valid, Comment: rt.cmt}
		var ch []string
		if rt.deterministic == "YES" {
			ch = append(ch, "DETERMINISTIC")
		} else if rt.deterministic != "" {
			ch = append(ch, "NOT DETERMINISTIC")
		}
		if rt.dataAccess != "" {
			ch = append(ch, rt.dataAccess)
		}
		if rt.security != "" {
			ch = append(ch, "SQL SECURITY "+rt.security)
		}
		ri.Characteristics = strings.Join(ch, " ")
		out = append(out, ri)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Type < out[j].Type
	})
	return out
}
