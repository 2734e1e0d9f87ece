package snapshot

import (
	"time"

	"github.com/k1LoW/tbls/schema"
)

// FormatVersion is the version of the snapshot file format written by this
// package. Readers refuse files with a newer format and read every older
// one. Version 2 added what tbls' model has no field for: foreign key
// actions, column character sets, partitioning and view validity per
// table, and routine bodies per schema (see HasDetails).
const FormatVersion = 2

// ManifestFormatVersion is the version of a set's manifest.json.
const ManifestFormatVersion = 1

// detailsVersion is the first format version that records the details of
// TableInfo and Schema.Routines.
const detailsVersion = 2

// Snapshot is everything auroradoc knows about one target at one time.
type Snapshot struct {
	FormatVersion int       `json:"format_version"`
	Target        Target    `json:"target"`
	TakenAt       time.Time `json:"taken_at"`
	Server        Server    `json:"server"`
	// Cluster describes the Aurora cluster the target belongs to; nil for
	// static targets.
	Cluster *Cluster `json:"cluster,omitempty"`
	// Variables holds SHOW GLOBAL VARIABLES, name → value. encoding/json
	// writes map keys sorted, which keeps the file deterministic.
	Variables map[string]string `json:"variables"`
	Schemas   []*Schema         `json:"schemas"`
	// Warnings are problems that did not stop the crawl (a schema the user
	// cannot see, a table dropped while being read, a hidden view body).
	Warnings []string `json:"warnings,omitempty"`
}

// Target identifies what was crawled. It never holds credentials.
type Target struct {
	// Name is the unique target name: the configured name of a static
	// target, "<region>/<cluster-id>" for a discovered cluster, or
	// "<account>/<region>/<cluster-id>" with aws.accounts.
	Name string `json:"name"`
	// Kind is "static" for targets listed in the configuration and
	// "aurora" for discovered clusters.
	Kind string `json:"kind"`
	// Account (its aws.accounts label or id; "" = the standard chain's
	// account), Region and ClusterID identify a discovered cluster.
	Account   string `json:"account,omitempty"`
	Region    string `json:"region,omitempty"`
	ClusterID string `json:"cluster_id,omitempty"`
	Host      string `json:"host"`
	Port      int    `json:"port"`
}

// Server holds facts about the server that answered.
type Server struct {
	// Flavor is "mysql" or "mariadb".
	Flavor         string `json:"flavor"`
	Version        string `json:"version"`
	VersionComment string `json:"version_comment,omitempty"`
	// AuroraVersion is set when the server reports @@aurora_version.
	AuroraVersion string `json:"aurora_version,omitempty"`
}

// Schema is one database (MySQL schema) of the server.
type Schema struct {
	Name         string `json:"name"`
	CharacterSet string `json:"character_set,omitempty"`
	Collation    string `json:"collation,omitempty"`
	// Tables holds per-table facts tbls has no field for, sorted by name.
	Tables []*TableInfo `json:"tables"`
	// Routines holds the bodies and characteristics of the schema's
	// stored functions and procedures (tbls keeps only their arguments
	// and return type), sorted by name, then type. Format version 2.
	Routines []*RoutineInfo `json:"routines,omitempty"`
	// Tbls is the schema in tbls' JSON format (what `tbls out -t json`
	// writes), with the tables, columns, indexes, constraints, relations,
	// triggers, views and routines of this schema.
	Tbls *schema.Schema `json:"tbls"`
}

// TableInfo holds the storage facts of one table from
// information_schema.TABLES. Sizes are the server's estimates.
type TableInfo struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Engine      string `json:"engine,omitempty"`
	Collation   string `json:"collation,omitempty"`
	RowFormat   string `json:"row_format,omitempty"`
	DataLength  int64  `json:"data_length"`
	IndexLength int64  `json:"index_length"`
	Rows        int64  `json:"rows"`
	// CreateOptions is information_schema.TABLES.CREATE_OPTIONS, e.g.
	// "partitioned".
	CreateOptions string `json:"create_options,omitempty"`

	// Distinct is the server's estimate of the distinct values of each
	// index, by index name (information_schema.STATISTICS.CARDINALITY of
	// its last column); an estimate like the sizes, absent in snapshots
	// of older versions. auroradoc review reads it to tell whether a new
	// UNIQUE index would meet duplicates.
	Distinct map[string]int64 `json:"distinct,omitempty"`

	// The fields below were added in format version 2 (HasDetails).

	// Partitioning is the table's partitioning clause as SHOW CREATE
	// TABLE writes it ("PARTITION BY RANGE (`id`) (PARTITION p0 …)",
	// version comments removed); empty when the table is not partitioned.
	Partitioning string `json:"partitioning,omitempty"`
	// Columns lists the character set and collation of each column that
	// has one, in ordinal order.
	Columns []*ColumnInfo `json:"columns,omitempty"`
	// ForeignKeys lists the referential actions of each foreign key, by
	// name (tbls' constraint definition has no ON DELETE / ON UPDATE).
	ForeignKeys []*ForeignKeyInfo `json:"foreign_keys,omitempty"`
	// Invalid is set on a view the server reports as broken: the
	// server's message (e.g. "View 'shop.v' references invalid table(s)
	// or column(s) …"), which it puts where the view's comment belongs.
	// The view's comment in the tbls section stays its real one ("VIEW").
	Invalid string `json:"invalid,omitempty"`
}

// ColumnInfo is the character set and collation of one column
// (information_schema.COLUMNS).
type ColumnInfo struct {
	Name         string `json:"name"`
	CharacterSet string `json:"character_set,omitempty"`
	Collation    string `json:"collation,omitempty"`
}

// ForeignKeyInfo is the referential actions of one foreign key
// (information_schema.REFERENTIAL_CONSTRAINTS): "RESTRICT", "CASCADE",
// "SET NULL", "NO ACTION", "SET DEFAULT".
type ForeignKeyInfo struct {
	Name     string `json:"name"`
	OnDelete string `json:"on_delete"`
	OnUpdate string `json:"on_update"`
}

// RoutineInfo is one stored function or procedure's body and
// characteristics (information_schema.ROUTINES).
type RoutineInfo struct {
	Name string `json:"name"`
	// Type is "FUNCTION" or "PROCEDURE".
	Type string `json:"type"`
	// Body is ROUTINE_DEFINITION (secrets redacted); empty with Hidden
	// when the crawl user may not see it.
	Body   string `json:"body,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
	// Characteristics are the routine's options as one line:
	// "DETERMINISTIC READS SQL DATA SQL SECURITY DEFINER".
	Characteristics string `json:"characteristics,omitempty"`
	Comment         string `json:"comment,omitempty"`
}

// HasDetails reports whether the snapshot records the schema details
// added in format version 2 (TableInfo.ForeignKeys, Columns,
// Partitioning, Invalid; Schema.Routines). An older snapshot's missing
// details are unknown, not empty: comparing one with a newer snapshot
// must not report them as changes.
func (s *Snapshot) HasDetails() bool {
	return s != nil && s.FormatVersion >= detailsVersion
}

// FindSchema returns the schema named name, or nil.
func (s *Snapshot) FindSchema(name string) *Schema {
	for _, sc := range s.Schemas {
		if sc.Name == name {
			return sc
		}
	}
	return nil
}
