package guardrail

import (
	"cmp"
	"slices"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Rule is one guardrail: its stable id, its default severity and why it
// matters, in one line.
type Rule struct {
	ID        string
	Severity  drift.Severity
	Rationale string
}

// Rule ids, stable: policies and reports name rules by these.
const (
	AuditLogOff                = "audit-log-off"
	BinlogFormatNotRow         = "binlog-format-not-row"
	CharSetNotUTF8MB4          = "char-set-not-utf8mb4"
	ForeignKeyWithoutIndex     = "fk-without-index"
	LocalInfileOn              = "local-infile-on"
	NoPrimaryKey               = "no-primary-key"
	NotInnoDB                  = "not-innodb"
	PerformanceSchemaOff       = "performance-schema-off"
	SecureTransportNotRequired = "secure-transport-not-required"
	SQLModeNotStrict           = "sql-mode-not-strict"
	UTF8MB3Column              = "utf8mb3-column"
)

// check finds the violations of one rule in a snapshot. It fills in
// everything of a finding but Target, Kind, Change, Rule, Severity and
// the rationale, which Check adds.
type check func(s *snapshot.Snapshot) []violation

// violation is one place a rule is broken.
type violation struct {
	objectType, object, group string
	field, want, got          string
	// what says what is wrong, without the target and the rationale.
	what string
}

// definition is a rule with its check.
type definition struct {
	Rule
	check check
}

// definitions returns every rule with its check, sorted by id. It builds
// a fresh table on every call, so no caller can change another's.
func definitions() []definition {
	defs := []definition{
		{Rule{AuditLogOff, drift.SeverityMedium,
			"without an audit log nobody can tell who connected or changed what"}, checkAuditLog},
		{Rule{BinlogFormatNotRow, drift.SeverityLow,
			"statement-based binary logs replicate non-deterministic statements differently and break CDC consumers"}, checkBinlogFormat},
		{Rule{CharSetNotUTF8MB4, drift.SeverityLow,
			"new schemas and tables inherit the server character set; anything but utf8mb4 cannot store all of Unicode"}, checkServerCharset},
		{Rule{ForeignKeyWithoutIndex, drift.SeverityLow,
			"a foreign key without an index on its columns makes every parent update or delete scan the child table"}, checkForeignKeyIndexes},
		{Rule{LocalInfileOn, drift.SeverityMedium,
			"LOAD DATA LOCAL lets a hostile server or an injected query read files from the client"}, checkLocalInfile},
		{Rule{NoPrimaryKey, drift.SeverityMedium,
			"tables without a primary key replicate row events by full scans and cannot be changed online by gh-ost or pt-osc"}, checkPrimaryKeys},
		{Rule{NotInnoDB, drift.SeverityMedium,
			"only InnoDB is transactional and crash-safe; Aurora supports nothing else for durable data"}, checkEngines},
		{Rule{PerformanceSchemaOff, drift.SeverityLow,
			"without performance_schema there are no wait, lock or statement statistics to diagnose an incident with"}, checkPerformanceSchema},
		{Rule{SecureTransportNotRequired, drift.SeverityHigh,
			"clients may connect without TLS and send passwords and data in clear text"}, checkSecureTransport},
		{Rule{SQLModeNotStrict, drift.SeverityMedium,
			"without STRICT_TRANS_TABLES invalid or too long values are silently truncated instead of refused"}, checkSQLMode},
		{Rule{UTF8MB3Column, drift.SeverityLow,
			"utf8mb3 (utf8) cannot store 4-byte characters such as emoji and is deprecated"}, checkUTF8MB3Columns},
	}
	slices.SortFunc(defs, func(a, b definition) int { return cmp.Compare(a.ID, b.ID) })
	return defs
}

// Rules returns every rule, sorted by id, in a fresh slice.
func Rules() []Rule {
	defs := definitions()
	out := make([]Rule, len(defs))
	for i, d := range defs {
		out[i] = d.Rule
	}
	return out
}

// IDs returns every rule id, sorted, in a fresh slice.
func IDs() []string {
	defs := definitions()
	out := make([]string, len(defs))
	for i, d := range defs {
		out[i] = d.ID
	}
	return out
}

// Known reports whether id names a rule.
func Known(id string) bool { return slices.Contains(IDs(), id) }
