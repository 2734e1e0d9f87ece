package snapshot

import (
	"time"

	"github.com/k1LoW/tbls/schema"
)

// FormatVersion is the version of the snapshot file format written by this
// package. Readers refuse files with a newer major format.
const FormatVersion = 1

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
