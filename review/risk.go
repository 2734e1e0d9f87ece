package review

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/k1LoW/tbls/schema"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Size thresholds of the risk severities.
const (
	bigTable  = 1 << 30  // 1 GiB: a rebuild takes minutes, a copy blocks writes for long
	hugeTable = 10 << 30 // 10 GiB: a rebuild takes long enough to need a plan
	smallCopy = 64 << 20 // 64 MiB: below, a blocking copy is over in seconds
	// bigDML is the row count above which one UPDATE/DELETE is a long
	// transaction (undo, replica lag, locks).
	bigDML = 1_000_000
	// longLockWait is the lock_wait_timeout above which an ALTER queued
	// behind a long transaction stalls the table's traffic for too long.
	longLockWait = 300
)

// facts are what the production snapshot says about one schema.
type facts struct {
	target string
	prod   *snapshot.Snapshot
	sc     *snapshot.Schema
	f      flavor.Flavor
}

// risks are the risk findings of ops on one target.
func risks(target string, prod *snapshot.Snapshot, sc *snapshot.Schema, ops []Op) []drift.Finding {
	x := facts{target: target, prod: prod, sc: sc, f: flavor.Parse(prod.Server.Version, prod.Server.AuroraVersion)}
	var out []drift.Finding
	rebuilds := false
	for _, op := range ops {
		switch op.Kind {
		case OpAlterTable:
			fs, rebuild := x.alter(op)
			out = append(out, fs...)
			rebuilds = rebuilds || rebuild
		case OpDropTable, OpTruncate:
			for _, t := range op.Tables {
				out = append(out, x.dataLoss(op, t)...)
				out = append(out, x.references(op, t, "")...)
			}
		case OpRenameTable:
			for _, rn := range op.Renames {
				out = append(out, x.references(op, rn.From, "")...)
			}
		case OpDropView:
			for _, t := range op.Tables {
				out = append(out, x.references(op, t, "")...)
			}
		case OpDML:
			out = append(out, x.dml(op)...)
		}
		out = append(out, x.packet(op)...)
	}
	if rebuilds {
		out = append(out, x.parameters()...)
	}
	return out
}

func (x facts) finding(op Op, table string, sev drift.Severity, field, msg, detail string) drift.Finding {
	return drift.Finding{
		Target: x.target, Kind: drift.KindRisk, Change: drift.Differs,
		ObjectType: "table", Object: x.sc.Name + "." + table, Field: field,
		Severity: sev, Message: fmt.Sprintf("%s: statement %d (%s): %s", x.target, op.Statement.Index, op.Statement, msg),
		Detail: detail,
	}
}

// size is a table's size and rows as a phrase, and its bytes.
func (x facts) size(table string) (string, int64, int64) {
	ti := infoOf(x.sc, table)
	if ti == nil {
		return "", 0, 0
	}
	n := ti.DataLength + ti.IndexLength
	return fmt.Sprintf("%s (%s rows)", bytesize.Format(n), groupDigits(ti.Rows)), n, ti.Rows
}

// alter rates one ALTER TABLE by its most expensive clause, and adds the
// per-clause risks (references broken, uniqueness).
func (x facts) alter(op Op) ([]drift.Finding, bool) {
	table := op.Tables[0]
	t := tableOf(x.sc, table)
	var worst Online
	var whys []string
	for _, c := range op.Clauses {
		on := onlineOf(c, t, x.f)
		whys = append(whys, string(c.Kind)+": "+on.Algorithm+" — "+on.Why)
		if algoRank(on.Algorithm) > algoRank(worst.Algorithm) {
			worst.Algorithm = on.Algorithm
		}
		worst.Rebuild = worst.Rebuild || on.Rebuild
		worst.WritesBlocked = worst.WritesBlocked || on.WritesBlocked
	}
	phrase, bytes, _ := x.size(table)
	sev, what := drift.SeverityInfo, "metadata only"
	reads := slices.ContainsFunc(op.Clauses, func(c Clause) bool {
		return c.Kind == AddIndex || c.Kind == AddUnique || c.Kind == AddFulltext
	})
	switch {
	case t == nil:
		what = "the table is not in the snapshot (new or unknown): no production size"
	case worst.WritesBlocked:
		what = "copies " + phrase + " with concurrent writes blocked until it ends"
		sev = sevBySize(bytes, drift.SeverityMedium, drift.SeverityHigh, drift.SeverityCritical, smallCopy, bigTable)
	case worst.Rebuild:
		what = "rebuilds " + phrase + " in place; writes continue"
		sev = sevBySize(bytes, drift.SeverityLow, drift.SeverityMedium, drift.SeverityHigh, bigTable, hugeTable)
	case reads:
		what = "reads and sorts " + phrase + " to build the index; writes continue"
		sev = sevBySize(bytes, drift.SeverityInfo, drift.SeverityLow, drift.SeverityMedium, bigTable, hugeTable)
	}
	if t != nil && len(t.Triggers) > 0 && (worst.Rebuild || worst.WritesBlocked) {
		what += fmt.Sprintf("; the table has %d trigger(s) (gh-ost and pt-online-schema-change need care with them)", len(t.Triggers))
	}
	msg := fmt.Sprintf("ALTER TABLE %s: %s on %s, %s", table, worst.Algorithm, x.f, what)
	out := []drift.Finding{x.finding(op, table, sev, "algorithm", msg, strings.Join(whys, "\n"))}
	for _, c := range op.Clauses {
		switch c.Kind {
		case DropColumn:
			out = append(out, x.references(op, table, c.Column)...)
		case ModifyColumn, RenameColumn:
			if c.NewName != "" && !strings.EqualFold(c.NewName, c.Column) {
				out = append(out, x.references(op, table, c.Column)...)
			}
		case RenameTo:
			out = append(out, x.references(op, table, "")...)
		case AddUnique:
			out = append(out, x.unique(op, table, c)...)
		}
	}
	return out, worst.Rebuild || worst.WritesBlocked || reads
}

func algoRank(a string) int {
	switch a {
	case Instant:
		return 1
	case Inplace:
		return 2
	case Copy:
		return 3
	}
	return 0
}

func sevBySize(bytes int64, low, mid, high drift.Severity, midAt, highAt int64) drift.Severity {
	switch {
	case bytes >= highAt:
		return high
	case bytes >= midAt:
		return mid
	}
	return low
}

// references finds the views, triggers and foreign keys that name table
// (or table.column when column is set) and break when it goes away.
func (x facts) references(op Op, table, column string) []drift.Finding {
	if x.sc.Tbls == nil {
		return nil
	}
	what := table
	if column != "" {
		what = table + "." + column
	}
	verb := verbOf(op)
	var out []drift.Finding
	for _, t := range x.sc.Tbls.Tables {
		if t.Type == "VIEW" && !strings.EqualFold(t.Name, table) && mentions(t.Def, table, column) {
			out = append(out, x.finding(op, t.Name, drift.SeverityHigh, "view",
				fmt.Sprintf("view %s reads %s, which the migration %s: the view breaks and every query on it fails", t.Name, what, verb), ""))
		}
		own := strings.EqualFold(t.Name, table)
		for _, tr := range t.Triggers {
			// A table's own triggers go and move with it; they break
			// only when a column they use goes.
			if (column == "" && own) || !mentions(tr.Def, table, column) {
				continue
			}
			out = append(out, x.finding(op, t.Name, drift.SeverityHigh, "trigger",
				fmt.Sprintf("trigger %s on %s uses %s, which the migration %s: writes to %s fail", tr.Name, t.Name, what, verb, t.Name), ""))
		}
	}
	if op.Kind == OpRenameTable || slices.ContainsFunc(op.Clauses, func(c Clause) bool { return c.Kind == RenameTo }) {
		return out // InnoDB foreign keys follow a renamed table
	}
	for _, r := range x.sc.Tbls.Relations {
		if r.Virtual || r.Table == nil || r.ParentTable == nil {
			continue
		}
		var hit bool
		if column == "" {
			// A dropped table's own foreign keys go with it; its children's
			// make the server refuse the DROP.
			hit = strings.EqualFold(r.ParentTable.Name, table) && !strings.EqualFold(r.Table.Name, table)
		} else {
			has := func(cs []*schema.Column) bool {
				return slices.ContainsFunc(cs, func(c *schema.Column) bool { return strings.EqualFold(c.Name, column) })
			}
			hit = (strings.EqualFold(r.Table.Name, table) && has(r.Columns)) || (strings.EqualFold(r.ParentTable.Name, table) && has(r.ParentColumns))
		}
		if hit {
			out = append(out, x.finding(op, r.Table.Name, drift.SeverityHigh, "foreign key",
				fmt.Sprintf("foreign key %s%s → %s uses %s, which the migration %s: the server refuses the statement until the constraint goes first",
					r.Table.Name, colNames(r.Columns), r.ParentTable.Name, what, verb), r.Def))
		}
	}
	return out
}

func verbOf(op Op) string {
	switch op.Kind {
	case OpDropTable:
		return "drops"
	case OpTruncate:
		return "truncates"
	case OpRenameTable:
		return "renames"
	case OpDropView:
		return "drops"
	}
	return "drops or renames"
}

func colNames(cs []*schema.Column) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// mentions reports whether sql names table (and column, when set) as an
// identifier, quoted or not.
func mentions(sql, table, column string) bool {
	hasTable, hasColumn := false, column == ""
	for _, t := range tokenize(sql) {
		n, ok := t.name()
		if !ok {
			continue
		}
		if strings.EqualFold(n, table) {
			hasTable = true
		}
		if column != "" && strings.EqualFold(n, column) {
			hasColumn = true
		}
	}
	return hasTable && hasColumn
}

// dataLoss: DROP TABLE and TRUNCATE delete every row.
func (x facts) dataLoss(op Op, table string) []drift.Finding {
	phrase, _, rows := x.size(table)
	if phrase == "" {
		return nil
	}
	sev := drift.SeverityHigh
	if rows > 0 {
		sev = drift.SeverityCritical
	}
	return []drift.Finding{x.finding(op, table, sev, "data",
		fmt.Sprintf("%s %s deletes every row: %s", strings.ToUpper(string(op.Kind)), table, phrase), "")}
}

// unique: a UNIQUE index fails on existing duplicates. An existing index
// on the same columns tells, from its statistics, whether there are any.
func (x facts) unique(op Op, table string, c Clause) []drift.Finding {
	phrase, _, rows := x.size(table)
	if rows == 0 {
		return nil
	}
	cols := strings.Join(c.Columns, ", ")
	check := fmt.Sprintf("check first with SELECT %s, COUNT(*) FROM %s GROUP BY %s HAVING COUNT(*) > 1", cols, table, cols)
	ix, d, ok := x.distinct(table, c.Columns)
	switch {
	case ok && d < rows:
		return []drift.Finding{x.finding(op, table, drift.SeverityHigh, "unique",
			fmt.Sprintf("UNIQUE (%s) on %s: index %s's statistics estimate %s distinct values for %s rows, so rows repeat values and the ALTER fails; %s",
				cols, phrase, ix, groupDigits(d), groupDigits(rows), check), "")}
	case ok:
		return []drift.Finding{x.finding(op, table, drift.SeverityLow, "unique",
			fmt.Sprintf("UNIQUE (%s) on %s: index %s's statistics estimate as many distinct values as rows (an estimate: %s)", cols, phrase, ix, check), "")}
	}
	return []drift.Finding{x.finding(op, table, drift.SeverityMedium, "unique",
		fmt.Sprintf("UNIQUE (%s) on %s: no index statistics on these columns tell whether values repeat; the ALTER fails if they do: %s", cols, phrase, check), "")}
}

// distinct finds an index on exactly cols and its estimated distinct values.
func (x facts) distinct(table string, cols []string) (string, int64, bool) {
	t, ti := tableOf(x.sc, table), infoOf(x.sc, table)
	if t == nil || ti == nil {
		return "", 0, false
	}
	for _, ix := range t.Indexes {
		if len(ix.Columns) != len(cols) {
			continue
		}
		same := true
		for i, c := range ix.Columns {
			same = same && strings.EqualFold(c, cols[i])
		}
		if d, ok := ti.Distinct[ix.Name]; same && ok {
			return ix.Name, d, true
		}
	}
	return "", 0, false
}

// dml: one UPDATE/DELETE over a big table is one long transaction.
func (x facts) dml(op Op) []drift.Finding {
	if len(op.Tables) == 0 {
		return nil
	}
	phrase, _, rows := x.size(op.Tables[0])
	if rows < bigDML {
		return nil
	}
	return []drift.Finding{x.finding(op, op.Tables[0], drift.SeverityMedium, "dml",
		fmt.Sprintf("data change on %s in one statement: one transaction over up to %s rows (undo, locks, replica lag); batch it", phrase, groupDigits(rows)), "")}
}

// packet: a statement longer than max_allowed_packet is refused.
func (x facts) packet(op Op) []drift.Finding {
	v, err := strconv.ParseInt(x.prod.Variables["max_allowed_packet"], 10, 64)
	if err != nil || int64(len(op.Statement.Text)) <= v {
		return nil
	}
	table := ""
	if len(op.Tables) > 0 {
		table = op.Tables[0]
	}
	return []drift.Finding{x.finding(op, table, drift.SeverityHigh, "max_allowed_packet",
		fmt.Sprintf("the statement is %s, more than max_allowed_packet (%s): the server refuses it", bytesize.Format(int64(len(op.Statement.Text))), bytesize.Format(v)), "")}
}

// parameters are the target's settings that change how a rebuild goes.
func (x facts) parameters() []drift.Finding {
	var out []drift.Finding
	param := func(name string, sev drift.Severity, msg string) {
		out = append(out, drift.Finding{Target: x.target, Kind: drift.KindRisk, Change: drift.Differs,
			ObjectType: "variable", Object: name, Field: "value", To: x.prod.Variables[name], Severity: sev,
			Message: x.target + ": " + msg})
	}
	if v, err := strconv.ParseInt(x.prod.Variables["lock_wait_timeout"], 10, 64); err == nil && v > longLockWait {
		param("lock_wait_timeout", drift.SeverityMedium, fmt.Sprintf(
			"lock_wait_timeout is %d s: an ALTER waiting for its metadata lock behind a long transaction stalls every later query on the table that long; run the migration with SET SESSION lock_wait_timeout = 5 and retry", v))
	}
	if v, err := strconv.ParseInt(x.prod.Variables["innodb_online_alter_log_max_size"], 10, 64); err == nil {
		param("innodb_online_alter_log_max_size", drift.SeverityInfo, fmt.Sprintf(
			"innodb_online_alter_log_max_size is %s: writes made during an in-place rebuild or index build are logged up to that size, beyond it the ALTER fails (DB_ONLINE_LOG_TOO_BIG)", bytesize.Format(v)))
	}
	return out
}

// groupDigits writes 3400000 as "3,400,000".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
