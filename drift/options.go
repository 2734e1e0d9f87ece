package drift

import (
	"github.com/auroradoc/auroradoc/internal/glob"
	"strings"
)

// Defaults applied where an Options field is zero.
const (
	// DefaultSizeGrowthPct is the relative size change (percent) that
	// makes a size finding.
	DefaultSizeGrowthPct = 20
	// DefaultSizeMinBytes is the absolute size change below which no size
	// finding is made, so that tiny tables do not chatter (64 MiB).
	DefaultSizeMinBytes = 64 << 20
)

// Options tune Compare and ConfiguredVsRunning. The zero value gives the
// defaults.
type Options struct {
	// Volatile lists further variable names that never count as drift;
	// glob patterns (internal/glob) such as "wsrep_*" are allowed. Names are matched
	// case-insensitively.
	Volatile []string
	// NoDefaultVolatile drops DefaultVolatile, leaving only Volatile.
	NoDefaultVolatile bool
	// SizeGrowthPct is the relative change (percent of the old size) a
	// table's data+index size must reach for a size finding: 0 means
	// DefaultSizeGrowthPct, a negative value disables size findings.
	SizeGrowthPct float64
	// SizeMinBytes is the absolute change in bytes a table must also
	// reach: 0 means DefaultSizeMinBytes, a negative value means no
	// minimum.
	SizeMinBytes int64
}

// FleetOptions tune Fleet.
type FleetOptions struct {
	// GroupByTag names the cluster tag (e.g. "env") whose value groups
	// clusters; only members of one group are compared with each other.
	// Clusters without the tag, and static targets, form the group "".
	// Empty: the whole fleet is one group.
	GroupByTag string
	Options
}

// DefaultVolatile returns the variable names that differ per process or
// per instance, or move on their own, without anyone changing the
// configuration. They never count as drift unless Options.NoDefaultVolatile
// is set. Each call returns a fresh slice.
func DefaultVolatile() []string {
	return []string{
		// Replication positions advance with every transaction.
		"gtid_executed",
		"gtid_purged",
		"gtid_owned", // GTIDs of transactions in flight
		// MariaDB's positions, likewise.
		"gtid_binlog_pos",
		"gtid_binlog_state",
		"gtid_current_pos",
		"gtid_slave_pos",
		// Identity of the instance that answered: Aurora replaces
		// instances, and the crawl may hit any member.
		"server_uuid",
		"server_id",
		"aurora_server_id",
		"hostname",
		"report_host",
		// The role of the member that answered (writer or reader), not a
		// setting.
		"innodb_read_only",
		// File paths that default to names derived from the host name or
		// the process (host_name.pid, host_name.err, host_name.log,
		// host_name-slow.log, host_name-relay-bin, host_name-bin on 5.7
		// and MariaDB).
		"pid_file",
		"log_error",
		"general_log_file",
		"slow_query_log_file",
		"log_slow_query_file", // MariaDB 10.11's name for slow_query_log_file
		"relay_log",
		"relay_log_basename",
		"relay_log_index",
		"relay_log_info_file",
		"log_bin_basename",
		"log_bin_index",
		// Versions change only with an upgrade, which Compare reports as
		// a KindVersion finding instead; version_comment and
		// version_source_revision move with every build.
		"version",
		"aurora_version",
		"innodb_version",
		"version_comment",
		"version_source_revision",
		// The current time, where a server lists it.
		"timestamp",
	}
}

// volatileSet answers whether a variable name is volatile under some
// Options. It is built once per call of an exported function.
type volatileSet struct {
	exact    map[string]bool
	patterns []*glob.Pattern
}

func (o Options) volatile() volatileSet {
	v := volatileSet{exact: map[string]bool{}}
	add := func(n string) {
		n = strings.ToLower(n)
		if strings.ContainsAny(n, `*?[\`) {
			if g, err := glob.Compile(n); err == nil { // a malformed pattern matches nothing
				v.patterns = append(v.patterns, g)
			}
			return
		}
		v.exact[n] = true
	}
	if !o.NoDefaultVolatile {
		for _, n := range DefaultVolatile() {
			add(n)
		}
	}
	for _, n := range o.Volatile {
		add(n)
	}
	return v
}

// VolatileMatcher returns a function that reports whether a variable name
// is volatile under o (DefaultVolatile unless NoDefaultVolatile, and
// Volatile; case-insensitive, internal/glob patterns allowed), by the same
// rule Compare, ConfiguredVsRunning and Fleet use. The set is built once:
// keep the function for many names.
func (o Options) VolatileMatcher() func(name string) bool { return o.volatile().has }

// has reports whether name is volatile. A malformed pattern matches
// nothing.
func (v volatileSet) has(name string) bool {
	name = strings.ToLower(name)
	if v.exact[name] {
		return true
	}
	for _, p := range v.patterns {
		if p.Match(name) {
			return true
		}
	}
	return false
}

func (o Options) sizeGrowthPct() float64 {
	if o.SizeGrowthPct == 0 {
		return DefaultSizeGrowthPct
	}
	return o.SizeGrowthPct
}

func (o Options) sizeMinBytes() int64 {
	switch {
	case o.SizeMinBytes == 0:
		return DefaultSizeMinBytes
	case o.SizeMinBytes < 0:
		return 0
	}
	return o.SizeMinBytes
}
