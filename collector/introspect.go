package collector

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/auroradoc/auroradoc/internal/flavor"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Options tune an introspection. The zero value is usable.
type Options struct {
	// IncludeSchema decides which user schemas are documented; nil means
	// all. System schemas are always left out.
	IncludeSchema func(name string) bool
	// ExplicitSchemas are schema names the configuration asked for by exact
	// name; when the server does not show one, a warning says so (the user
	// probably lacks grants on it).
	ExplicitSchemas []string
	// Connections is how many connections the introspection uses at once
	// (default 2).
	Connections int
	// ShowCreateBatch is how many SHOW CREATE TABLE statements go in one
	// round trip (default 50).
	ShowCreateBatch int
	// StatementTimeout and LockWaitTimeout are set on the server session.
	StatementTimeout time.Duration
	LockWaitTimeout  time.Duration
}

func (o Options) withDefaults() Options {
	if o.Connections < 1 {
		o.Connections = 2
	}
	if o.ShowCreateBatch < 1 {
		o.ShowCreateBatch = 50
	}
	return o
}

// Introspect reads one server through db: variables, versions, and every
// included user schema with sizes and tbls models. It returns a snapshot
// without target identity or time; the caller adds those.
//
// Round trips do not grow with the number of tables except for the SHOW
// CREATE TABLE batches: one SHOW GLOBAL VARIABLES, one session set-up per
// connection, one SCHEMATA query, eleven bulk information_schema queries over
// all schemas at once, then ⌈tables/ShowCreateBatch⌉ batches; the bulk
// queries and the batches are spread over Options.Connections connections.
func Introspect(ctx context.Context, db *sql.DB, o Options) (*snapshot.Snapshot, error) {
	o = o.withDefaults()
	sess, err := openSession(ctx, db, sessionOptions{
		conns:            o.Connections,
		statementTimeout: o.StatementTimeout,
		lockWaitTimeout:  o.LockWaitTimeout,
	})
	if err != nil {
		return nil, err
	}
	defer sess.close()

	snap := &snapshot.Snapshot{
		FormatVersion: snapshot.FormatVersion,
		Server:        serverFacts(sess.vars, sess.flavor),
		Variables:     sess.vars,
	}
	var warnings warningList

	var schemata []schemaRow
	if err := sess.do(ctx, func(c *sql.Conn) (err error) {
		schemata, err = readSchemata(ctx, c)
		return err
	}); err != nil {
		return nil, err
	}
	var names, excluded []string
	seen := map[string]bool{}
	for _, s := range schemata {
		seen[s.name] = true
		if systemSchemas[strings.ToLower(s.name)] {
			continue
		}
		if o.IncludeSchema != nil && !o.IncludeSchema(s.name) {
			excluded = append(excluded, s.name)
			continue
		}
		names = append(names, s.name)
	}
	if len(excluded) > 0 {
		warnings.add("%s", excludedWarning(excluded))
	}
	for _, want := range o.ExplicitSchemas {
		if !seen[want] {
			warnings.add("schema %s: not visible to this user (missing grants?) or does not exist", want)
		}
	}
	if len(names) == 0 {
		warnings.add("no user schema visible to this user; only server facts were collected")
		snap.Warnings = warnings.sorted()
		return snap, nil
	}

	// Bulk queries and SHOW CREATE TABLE batches share the session's
	// connections. The TABLES query goes first; as soon as it returns, the
	// DDL batches are queued behind the other bulk queries, so batches and
	// bulk queries overlap instead of running in two phases.
	r := &raw{}
	var tableConstraints []tableConstraint
	var keyColumns map[constraintKey][]constraintRow
	var ddlMu sync.Mutex
	r.ddl = map[tableKey]ddlResult{}
	g, gctx := errgroup.WithContext(ctx)
	spawn := func(task func(context.Context, *sql.Conn) error) {
		g.Go(func() error { return sess.do(gctx, func(c *sql.Conn) error { return task(gctx, c) }) })
	}
	spawn(func(ctx context.Context, c *sql.Conn) (err error) {
		if r.tables, err = readTables(ctx, c, names); err != nil {
			return err
		}
		for _, batch := range ddlBatches(r.tables, o.ShowCreateBatch) {
			spawn(func(ctx context.Context, c *sql.Conn) error {
				res, err := readDDLBatch(ctx, c, batch)
				if err != nil {
					return err
				}
				ddlMu.Lock()
				defer ddlMu.Unlock()
				maps.Copy(r.ddl, res)
				return nil
			})
		}
		return nil
	})
	for _, task := range []func(context.Context, *sql.Conn) error{
		func(ctx context.Context, c *sql.Conn) (err error) {
			r.columns, err = readColumns(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			r.indexes, err = readIndexes(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			tableConstraints, err = readTableConstraints(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			keyColumns, err = readKeyColumns(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			r.checks, err = readChecks(ctx, c, names, sess.flavor)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			r.triggers, err = readTriggers(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) { r.views, err = readViews(ctx, c, names); return },
		func(ctx context.Context, c *sql.Conn) (err error) {
			r.referential, err = readReferential(ctx, c, names)
			return
		},
		func(ctx context.Context, c *sql.Conn) (err error) {
			// PARAMETERS is read only when there are routines: on MariaDB
			// it scans mysql.proc whatever the filter.
			if r.routines, err = readRoutines(ctx, c, names); err != nil || len(r.routines) == 0 {
				return err
			}
			r.params, err = readParameters(ctx, c, names)
			return err
		},
		func(ctx context.Context, c *sql.Conn) (err error) { r.privs, err = readPrivileges(ctx, c); return },
	} {
		spawn(task)
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("%w (schemas %s)", err, strings.Join(names, ", "))
	}
	r.constraints = mergeConstraints(tableConstraints, keyColumns)

	driver := driverInfo(sess.flavor)
	tablesBySchema := map[string][]tableRow{}
	for _, t := range r.tables {
		tablesBySchema[t.schema] = append(tablesBySchema[t.schema], t)
	}
	for _, s := range schemata {
		if !slices.Contains(names, s.name) {
			continue
		}
		ts, ws, err := buildSchema(s.name, r, sess.flavor, driver)
		if err != nil {
			return nil, fmt.Errorf("assembling schema %s: %w", s.name, err)
		}
		for _, w := range ws {
			warnings.add("%s", w)
		}
		if !r.privs.has(s.name, "TRIGGER") {
			warnings.add("schema %s: triggers not visible: the crawl user lacks the TRIGGER privilege (optional, see docs/grants.md)", s.name)
		}
		sc := &snapshot.Schema{Name: s.name, CharacterSet: s.charset, Collation: s.collation, Tbls: ts}
		for _, t := range tablesBySchema[s.name] {
			if d, ok := r.ddl[tableKey{t.schema, t.name}]; ok && d.missing {
				continue
			}
			sc.Tables = append(sc.Tables, tableInfo(t, r))
		}
		sort.Slice(sc.Tables, func(i, j int) bool { return sc.Tables[i].Name < sc.Tables[j].Name })
		sc.Routines = routineInfos(s.name, r.routines)
		snap.Schemas = append(snap.Schemas, sc)
	}
	sort.Slice(snap.Schemas, func(i, j int) bool { return snap.Schemas[i].Name < snap.Schemas[j].Name })
	snap.Warnings = warnings.sorted()
	return snap, nil
}

// ddlBatches groups the base tables into SHOW CREATE TABLE batches.
func ddlBatches(tables []tableRow, size int) [][]tableKey {
	var keys []tableKey
	for _, t := range tables {
		if t.typ == "BASE TABLE" || t.typ == "SYSTEM VERSIONED" {
			keys = append(keys, tableKey{t.schema, t.name})
		}
	}
	var out [][]tableKey
	for start := 0; start < len(keys); start += size {
		out = append(out, keys[start:min(start+size, len(keys))])
	}
	return out
}

// serverFacts are the snapshot's server fields: the flavor's name and the
// version variables verbatim.
func serverFacts(vars map[string]string, f flavor.Flavor) snapshot.Server {
	return snapshot.Server{
		Flavor:         f.Name(),
		Version:        vars["version"],
		VersionComment: vars["version_comment"],
		AuroraVersion:  vars["aurora_version"],
	}
}

// warningList collects warnings from concurrent tasks.
type warningList struct {
	mu   sync.Mutex
	list []string
}

func (w *warningList) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, fmt.Sprintf(format, args...))
}

func (w *warningList) sorted() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := append([]string(nil), w.list...)
	sort.Strings(out)
	return out
}

// distinct is each index's estimated distinct values: the cardinality of
// its last column (rows come in index order), where the server keeps one.
func distinct(rows []indexRow) map[string]int64 {
	var out map[string]int64
	for _, ix := range rows {
		if !ix.cardinality.Valid {
			continue
		}
		if out == nil {
			out = map[string]int64{}
		}
		out[ix.name] = ix.cardinality.Int64
	}
	return out
}
