package guardrail

import (
	"fmt"
	"strings"

	"github.com/auroradoc/auroradoc/snapshot"
)

// setting is the value a server runs with: the SHOW GLOBAL VARIABLES value
// when the snapshot has one, else the effective parameter group value.
type setting struct {
	name, value string
	found       bool
	objectType  string // "variable", "cluster parameter" or "instance parameter"
	group       string
}

// lookup finds setting name in s. The running value wins: a parameter
// group value may wait for a reboot, and that difference is drift's
// configured-vs-running finding, not a guardrail's.
func lookup(s *snapshot.Snapshot, name string) setting {
	if v, ok := s.Variables[name]; ok {
		return setting{name: name, value: v, found: true, objectType: "variable"}
	}
	if p, group, instance := s.Cluster.EffectiveParameter(name); p != nil {
		t := "cluster parameter"
		if instance {
			t = "instance parameter"
		}
		return setting{name: name, value: p.Value, found: true, objectType: t, group: group}
	}
	return setting{name: name, objectType: "variable"}
}

// violation returns a violation of the setting, wanting want.
func (st setting) violation(want, what string) violation {
	return violation{objectType: st.objectType, object: st.name, group: st.group,
		field: "value", want: want, got: st.value, what: what}
}

// describe writes "variable x is V" or "cluster parameter x (group g) is V".
func (st setting) describe() string {
	where := st.objectType + " " + st.name
	if st.group != "" {
		where += " (" + st.group + ")"
	}
	return fmt.Sprintf("%s is %s", where, quoteEmpty(st.value))
}

// quoteEmpty shows an empty value as "" so a message never ends in "is ".
func quoteEmpty(v string) string {
	if v == "" {
		return `""`
	}
	return v
}

// isOn reads a MySQL boolean setting: ON, 1 or TRUE in any case.
func isOn(v string) bool {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "ON", "1", "TRUE":
		return true
	}
	return false
}

func checkSecureTransport(s *snapshot.Snapshot) []violation {
	st := lookup(s, "require_secure_transport")
	switch {
	case !st.found:
		return []violation{st.violation("ON", "require_secure_transport is not set (the server cannot require TLS)")}
	case !isOn(st.value):
		return []violation{st.violation("ON", st.describe())}
	}
	return nil
}

// checkAuditLog looks at server_audit_logging: a variable on Aurora MySQL
// and on MariaDB with the server_audit plugin loaded, a cluster parameter
// on Aurora ("1" or "ON"). Neither variable nor parameter means no audit
// plugin is loaded, so nothing is audited.
func checkAuditLog(s *snapshot.Snapshot) []violation {
	st := lookup(s, "server_audit_logging")
	switch {
	case !st.found:
		return []violation{st.violation("ON", "server audit logging is not enabled (no server_audit_logging variable or parameter: no audit plugin is loaded)")}
	case !isOn(st.value):
		return []violation{st.violation("ON", st.describe())}
	}
	return nil
}

func checkServerCharset(s *snapshot.Snapshot) []violation {
	st := lookup(s, "character_set_server")
	if st.found && !strings.EqualFold(st.value, "utf8mb4") {
		return []violation{st.violation("utf8mb4", st.describe())}
	}
	return nil
}

func checkLocalInfile(s *snapshot.Snapshot) []violation {
	st := lookup(s, "local_infile")
	if st.found && isOn(st.value) {
		return []violation{st.violation("OFF", st.describe())}
	}
	return nil
}

// checkSQLMode accepts STRICT_ALL_TABLES as well: it is strict for
// transactional tables too.
func checkSQLMode(s *snapshot.Snapshot) []violation {
	st := lookup(s, "sql_mode")
	if !st.found {
		return nil
	}
	for _, m := range strings.Split(st.value, ",") {
		switch strings.ToUpper(strings.TrimSpace(m)) {
		case "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES":
			return nil
		}
	}
	return []violation{st.violation("STRICT_TRANS_TABLES", "sql_mode "+quoteEmpty(st.value)+" has no STRICT_TRANS_TABLES")}
}

// checkBinlogFormat fires only when binary logging is on: the variable
// log_bin is ON, or (without variables) the Aurora parameter binlog_format
// is set to something other than OFF, which is how Aurora turns the
// binary log on.
func checkBinlogFormat(s *snapshot.Snapshot) []violation {
	if lb, ok := s.Variables["log_bin"]; ok && !isOn(lb) {
		return nil
	}
	st := lookup(s, "binlog_format")
	if !st.found || strings.EqualFold(st.value, "ROW") {
		return nil
	}
	if _, ok := s.Variables["log_bin"]; !ok && (st.value == "" || strings.EqualFold(st.value, "OFF")) {
		return nil
	}
	return []violation{st.violation("ROW", st.describe()+" while the binary log is on")}
}

func checkPerformanceSchema(s *snapshot.Snapshot) []violation {
	st := lookup(s, "performance_schema")
	if st.found && !isOn(st.value) {
		return []violation{st.violation("ON", st.describe())}
	}
	return nil
}
