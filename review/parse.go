package review

import "strings"

// OpKind says what a statement does.
type OpKind string

// Statement kinds the review understands; anything else is OpOther and is
// still applied and crawled, only without per-statement risk.
const (
	OpAlterTable  OpKind = "alter table"
	OpCreateTable OpKind = "create table"
	OpDropTable   OpKind = "drop table"
	OpRenameTable OpKind = "rename table"
	OpTruncate    OpKind = "truncate table"
	OpCreateView  OpKind = "create view"
	OpDropView    OpKind = "drop view"
	OpDML         OpKind = "dml"
	OpOther       OpKind = "other"
)

// Op is a parsed statement: what it does to which tables.
type Op struct {
	Statement Statement
	Kind      OpKind
	// Tables are the tables it acts on (one for ALTER/CREATE, several for
	// DROP TABLE a, b); Renames the pairs of RENAME TABLE.
	Tables  []string
	Renames []Rename
	// Clauses of an ALTER TABLE (CREATE/DROP INDEX become one clause).
	Clauses []Clause
}

// Rename is one old → new pair of a RENAME TABLE or RENAME COLUMN.
type Rename struct{ From, To string }

// ClauseKind is what one ALTER TABLE clause does.
type ClauseKind string

// ALTER TABLE clause kinds.
const (
	AddColumn       ClauseKind = "add column"
	DropColumn      ClauseKind = "drop column"
	ModifyColumn    ClauseKind = "modify column"
	RenameColumn    ClauseKind = "rename column"
	ColumnDefault   ClauseKind = "column default"
	AddIndex        ClauseKind = "add index"
	AddUnique       ClauseKind = "add unique index"
	AddFulltext     ClauseKind = "add fulltext index"
	DropIndex       ClauseKind = "drop index"
	RenameIndex     ClauseKind = "rename index"
	AddPrimaryKey   ClauseKind = "add primary key"
	DropPrimaryKey  ClauseKind = "drop primary key"
	AddForeignKey   ClauseKind = "add foreign key"
	DropForeignKey  ClauseKind = "drop foreign key"
	AddCheck        ClauseKind = "add check"
	DropCheck       ClauseKind = "drop check"
	ConvertCharset  ClauseKind = "convert character set"
	TableOptions    ClauseKind = "table options"
	RenameTo        ClauseKind = "rename table"
	Partitioning    ClauseKind = "partitioning"
	AddPartition    ClauseKind = "add partition"
	DropPartition   ClauseKind = "drop partition"
	Force           ClauseKind = "force"
	AlgorithmOption ClauseKind = "algorithm/lock"
	OtherClause     ClauseKind = "other"
)

// Clause is one clause of an ALTER TABLE.
type Clause struct {
	Kind ClauseKind
	Text string
	// Column is the column a column clause is about (the old name for
	// CHANGE and RENAME COLUMN); NewName the new column, index or table
	// name of a rename or CHANGE.
	Column, NewName string
	// Definition is a column definition as written (type and attributes)
	// for ADD/MODIFY/CHANGE; Position is "FIRST", "AFTER x" or "".
	Definition, Position string
	// Index is the index or constraint name; Columns its columns.
	Index   string
	Columns []string
	// Options are table options as NAME → value (ENGINE, ROW_FORMAT, …).
	Options map[string]string
}

// Parse reads what st does. It never fails: what it does not recognise is
// OpOther (or an OtherClause) and gets no per-statement risk.
func Parse(st Statement) Op {
	op := Op{Statement: st, Kind: OpOther}
	t := tokenize(st.Text)
	if len(t) == 0 {
		return op
	}
	switch {
	case t[0].is("ALTER"):
		i := 1
		for i < len(t) && (t[i].is("ONLINE") || t[i].is("IGNORE")) {
			i++
		}
		if i < len(t) && t[i].is("TABLE") {
			name, j := tableName(t, i+1)
			op.Kind, op.Tables = OpAlterTable, []string{name}
			for _, part := range splitTop(t[j:]) {
				op.Clauses = append(op.Clauses, parseClause(st.Text, part))
			}
		}
	case t[0].is("CREATE"):
		parseCreate(st.Text, t, &op)
	case t[0].is("DROP"):
		parseDrop(t, &op)
	case t[0].is("RENAME") && len(t) > 1 && t[1].is("TABLE"):
		op.Kind = OpRenameTable
		for _, part := range splitTop(t[2:]) {
			from, j := tableName(part, 0)
			if j < len(part) && part[j].is("TO") {
				to, _ := tableName(part, j+1)
				op.Renames = append(op.Renames, Rename{From: from, To: to})
			}
		}
	case t[0].is("TRUNCATE"):
		i := 1
		if i < len(t) && t[i].is("TABLE") {
			i++
		}
		name, _ := tableName(t, i)
		op.Kind, op.Tables = OpTruncate, []string{name}
	case t[0].is("UPDATE") || t[0].is("DELETE") || t[0].is("INSERT") || t[0].is("REPLACE"):
		op.Kind = OpDML
		for i := 1; i < len(t); i++ {
			if t[i].is("LOW_PRIORITY") || t[i].is("IGNORE") || t[i].is("INTO") || t[i].is("FROM") || t[i].is("QUICK") {
				continue
			}
			name, _ := tableName(t, i)
			op.Tables = []string{name}
			break
		}
	}
	return op
}

func parseCreate(text string, t []token, op *Op) {
	i := 1
	if i+1 < len(t) && t[i].is("OR") && t[i+1].is("REPLACE") {
		i += 2
	}
	kind := ""
	for ; i < len(t); i++ {
		if t[i].is("TABLE") || t[i].is("VIEW") || t[i].is("INDEX") {
			kind = t[i].val
			break
		}
		if t[i].is("TRIGGER") || t[i].is("PROCEDURE") || t[i].is("FUNCTION") || t[i].is("EVENT") || t[i].is("DATABASE") || t[i].is("SCHEMA") {
			return
		}
	}
	switch kind {
	case "TABLE":
		j := i + 1
		if j+2 < len(t) && t[j].is("IF") && t[j+1].is("NOT") && t[j+2].is("EXISTS") {
			j += 3
		}
		name, _ := tableName(t, j)
		op.Kind, op.Tables = OpCreateTable, []string{name}
	case "VIEW":
		name, _ := tableName(t, i+1)
		op.Kind, op.Tables = OpCreateView, []string{name}
	case "INDEX":
		// CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING x] ON tbl (cols)
		ck := AddIndex
		for _, m := range t[1:i] {
			switch {
			case m.is("UNIQUE"):
				ck = AddUnique
			case m.is("FULLTEXT"), m.is("SPATIAL"):
				ck = AddFulltext
			}
		}
		idx, _ := t[i+1].name()
		for j := i + 2; j < len(t); j++ {
			if t[j].is("ON") {
				name, k := tableName(t, j+1)
				op.Kind, op.Tables = OpAlterTable, []string{name}
				op.Clauses = []Clause{{Kind: ck, Text: text, Index: idx, Columns: parenNames(t[k:])}}
				return
			}
		}
	}
}

func parseDrop(t []token, op *Op) {
	if len(t) < 2 {
		return
	}
	switch {
	case t[1].is("TABLE") || (len(t) > 2 && t[1].is("TEMPORARY") && t[2].is("TABLE")):
		i := 2
		if t[1].is("TEMPORARY") {
			i = 3
		}
		if i+1 < len(t) && t[i].is("IF") && t[i+1].is("EXISTS") {
			i += 2
		}
		op.Kind = OpDropTable
		for _, part := range splitTop(t[i:]) {
			name, _ := tableName(part, 0)
			if name != "" {
				op.Tables = append(op.Tables, name)
			}
		}
	case t[1].is("VIEW"):
		i := 2
		if i+1 < len(t) && t[i].is("IF") && t[i+1].is("EXISTS") {
			i += 2
		}
		op.Kind = OpDropView
		for _, part := range splitTop(t[i:]) {
			name, _ := tableName(part, 0)
			op.Tables = append(op.Tables, name)
		}
	case t[1].is("INDEX"):
		idx, _ := t[2].name()
		for j := 3; j < len(t); j++ {
			if t[j].is("ON") {
				name, _ := tableName(t, j+1)
				op.Kind, op.Tables = OpAlterTable, []string{name}
				op.Clauses = []Clause{{Kind: DropIndex, Index: idx}}
			}
		}
	}
}

// tableName reads [schema.]table at t[i] and returns the table (schema
// dropped: a review covers one schema) and the index after it.
func tableName(t []token, i int) (string, int) {
	if i >= len(t) {
		return "", i
	}
	name, ok := t[i].name()
	if !ok {
		return "", i
	}
	i++
	if i+1 < len(t) && t[i].val == "." {
		if n, ok := t[i+1].name(); ok {
			return n, i + 2
		}
	}
	return name, i
}

// splitTop splits tokens at commas outside parentheses.
func splitTop(t []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, tok := range t {
		switch tok.val {
		case "(":
			depth++
		case ")":
			depth--
		case ",":
			if depth == 0 {
				out = append(out, t[start:i])
				start = i + 1
			}
		case ";":
			if depth == 0 {
				out = append(out, t[start:i])
				return nonEmpty(out)
			}
		}
	}
	out = append(out, t[start:])
	return nonEmpty(out)
}

func nonEmpty(parts [][]token) [][]token {
	out := parts[:0]
	for _, p := range parts {
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// parenNames returns the names in the first parenthesised list of t:
// "(a, `b`(10) DESC)" gives [a b].
func parenNames(t []token) []string {
	var out []string
	depth := 0
	expect := false
	for _, tok := range t {
		switch tok.val {
		case "(":
			depth++
			if depth == 1 {
				expect = true
			}
			continue
		case ")":
			depth--
			if depth == 0 {
				return out
			}
			continue
		case ",":
			if depth == 1 {
				expect = true
			}
			continue
		}
		if depth == 1 && expect {
			if n, ok := tok.name(); ok {
				out = append(out, n)
			}
			expect = false
		}
	}
	return out
}

// source is the statement text a clause's tokens span.
func source(text string, t []token) string {
	if len(t) == 0 {
		return ""
	}
	last := t[len(t)-1]
	return strings.TrimSpace(text[t[0].pos : last.pos+len(last.text)])
}

// indexStarters are the words after ADD that start an index or key.
var indexStarters = map[string]ClauseKind{
	"INDEX": AddIndex, "KEY": AddIndex, "UNIQUE": AddUnique, "FULLTEXT": AddFulltext,
	"SPATIAL": AddFulltext, "PRIMARY": AddPrimaryKey, "FOREIGN": AddForeignKey, "CHECK": AddCheck,
}

func parseClause(text string, t []token) Clause {
	c := Clause{Kind: OtherClause, Text: source(text, t)}
	at := func(i int, kw string) bool { return i < len(t) && t[i].is(kw) }
	switch {
	case at(0, "ADD"):
		i := 1
		if at(i, "CONSTRAINT") {
			i++
			if i < len(t) && !t[i].is("FOREIGN") && !t[i].is("UNIQUE") && !t[i].is("PRIMARY") && !t[i].is("CHECK") {
				c.Index, _ = t[i].name()
				i++
			}
		}
		if i < len(t) && t[i].kind == tokWord {
			if k, ok := indexStarters[t[i].val]; ok {
				c.Kind = k
				j := i + 1
				for j < len(t) && (t[j].is("KEY") || t[j].is("INDEX")) {
					j++
				}
				if c.Index == "" && j < len(t) && t[j].val != "(" && !t[j].is("USING") {
					c.Index, _ = t[j].name()
				}
				c.Columns = parenNames(t[j:])
				return c
			}
			if t[i].is("PARTITION") {
				c.Kind = AddPartition
				return c
			}
		}
		if at(i, "COLUMN") {
			i++
		}
		c.Kind = AddColumn
		if i < len(t) {
			c.Column, _ = t[i].name()
			c.Definition, c.Position = definition(text, t[i+1:])
		}
	case at(0, "DROP"):
		i := 1
		switch {
		case at(i, "PRIMARY"):
			c.Kind = DropPrimaryKey
		case at(i, "FOREIGN"):
			c.Kind = DropForeignKey
			if i+2 < len(t) {
				c.Index, _ = t[i+2].name()
			}
		case at(i, "INDEX") || at(i, "KEY"):
			c.Kind = DropIndex
			if i+1 < len(t) {
				c.Index, _ = t[i+1].name()
			}
		case at(i, "CHECK") || at(i, "CONSTRAINT"):
			c.Kind = DropCheck
			if i+1 < len(t) {
				c.Index, _ = t[i+1].name()
			}
		case at(i, "PARTITION"):
			c.Kind = DropPartition
		default:
			if at(i, "COLUMN") {
				i++
			}
			c.Kind = DropColumn
			if i < len(t) {
				c.Column, _ = t[i].name()
			}
		}
	case at(0, "MODIFY"):
		i := 1
		if at(i, "COLUMN") {
			i++
		}
		c.Kind = ModifyColumn
		if i < len(t) {
			c.Column, _ = t[i].name()
			c.NewName = c.Column
			c.Definition, c.Position = definition(text, t[i+1:])
		}
	case at(0, "CHANGE"):
		i := 1
		if at(i, "COLUMN") {
			i++
		}
		c.Kind = ModifyColumn
		if i+1 < len(t) {
			c.Column, _ = t[i].name()
			c.NewName, _ = t[i+1].name()
			c.Definition, c.Position = definition(text, t[i+2:])
		}
	case at(0, "ALTER"):
		i := 1
		if at(i, "INDEX") {
			c.Kind = RenameIndex // visibility: metadata only, like a rename
			return c
		}
		if at(i, "COLUMN") {
			i++
		}
		c.Kind = ColumnDefault
		if i < len(t) {
			c.Column, _ = t[i].name()
		}
	case at(0, "RENAME"):
		switch {
		case at(1, "COLUMN") && len(t) >= 5:
			c.Kind = RenameColumn
			c.Column, _ = t[2].name()
			c.NewName, _ = t[4].name()
		case (at(1, "INDEX") || at(1, "KEY")) && len(t) >= 5:
			c.Kind = RenameIndex
			c.Index, _ = t[2].name()
			c.NewName, _ = t[4].name()
		default:
			i := 1
			if at(i, "TO") || at(i, "AS") {
				i++
			}
			c.Kind = RenameTo
			c.NewName, _ = tableName(t, i)
		}
	case at(0, "CONVERT"):
		c.Kind = ConvertCharset
	case at(0, "FORCE"):
		c.Kind = Force
	case at(0, "PARTITION") || at(0, "REMOVE") || at(0, "REORGANIZE") || at(0, "COALESCE") || at(0, "EXCHANGE"):
		c.Kind = Partitioning
	case at(0, "TRUNCATE") && at(1, "PARTITION"):
		c.Kind = DropPartition
	default:
		c.Options = tableOptions(t)
		if len(c.Options) > 0 {
			c.Kind = TableOptions
			_, alg := c.Options["ALGORITHM"]
			_, lock := c.Options["LOCK"]
			if len(c.Options) == btoi(alg)+btoi(lock) {
				c.Kind = AlgorithmOption
			}
		}
	}
	return c
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// definition splits a column definition from its FIRST / AFTER position.
func definition(text string, t []token) (def, pos string) {
	for i, tok := range t {
		if tok.is("FIRST") {
			return source(text, t[:i]), "FIRST"
		}
		if tok.is("AFTER") && i+1 < len(t) {
			n, _ := t[i+1].name()
			return source(text, t[:i]), "AFTER " + n
		}
	}
	return source(text, t), ""
}

// tableOptions reads NAME [=] value pairs (ENGINE=InnoDB ROW_FORMAT=…,
// DEFAULT CHARSET=…, COLLATE …).
func tableOptions(t []token) map[string]string {
	out := map[string]string{}
	for i := 0; i < len(t); i++ {
		if t[i].kind != tokWord {
			return out
		}
		name := t[i].val
		switch name {
		case "DEFAULT":
			continue
		case "CHARACTER":
			if i+1 < len(t) && t[i+1].is("SET") {
				i++
			}
			name = "CHARSET"
		}
		j := i + 1
		if j < len(t) && t[j].val == "=" {
			j++
		}
		if j >= len(t) {
			return out
		}
		out[name] = t[j].val
		if t[j].kind == tokWord {
			out[name] = t[j].text
		}
		i = j
	}
	return out
}
