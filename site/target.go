package site

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/internal/bytesize"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/site/sitepath"
	"github.com/auroradoc/auroradoc/snapshot"
)

// summary is what the fleet index and the search need of a rendered
// target; it is kept in the state so an unchanged target is not loaded.
type summary struct {
	Href    string `json:"href"`
	Engine  string `json:"engine"`
	Group   string `json:"group"`
	Crawled string `json:"crawled"`
	Schemas int    `json:"schemas"`
	Tables  int    `json:"tables"`
	Size    int64  `json:"size"`
	// Anomalies counts the target's anomalies by kind id (package
	// anomaly), for the fleet's anomalies page.
	Anomalies map[string]int `json:"anomalies"`
	// SchemaNames lists the schemas, for the fleet's Markdown README.
	SchemaNames []string `json:"schema_names,omitempty"`
	// Shard is the target's search shard: site-relative path, hash of its
	// bytes and number of entries.
	Shard      string `json:"shard"`
	ShardHash  string `json:"shard_hash"`
	ShardCount int    `json:"shard_count"`
}

// targetBuilder renders one target.
type targetBuilder struct {
	*builder
	ctx   context.Context
	w     *fileWriter
	prev  *targetState // previous render of this target with the same version, or nil
	next  *targetState
	entry *snapshot.Entry
	shard *shard
}

// renderTarget renders the target of j, or keeps its previous render when
// its inputs are unchanged and its files are all there.
func (b *builder) renderTarget(ctx context.Context, j job) (*targetState, error) {
	e := j.entry
	key := targetKey(b.version, e)
	var prev *targetState
	if b.prev != nil {
		prev = b.prev.Targets[e.Name]
	}
	if prev != nil && key != "" && prev.Key == key && prev.Summary != nil && b.present(prev.Files) {
		b.stats.targetsSkipped.Add(1)
		b.stats.tables.Add(int64(prev.Summary.Tables))
		b.stats.tablesSkipped.Add(int64(prev.Summary.Tables))
		return prev, nil
	}
	s, err := j.open(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the snapshot: %w", err)
	}
	if s.Target.Name != e.Name {
		return nil, fmt.Errorf("the snapshot is of target %q", s.Target.Name)
	}
	fresh := prev == nil && !b.exists(targetDir(e.Name)) && !b.exists("md/"+e.Name)
	tb := &targetBuilder{builder: b, ctx: ctx, w: b.fileWriter(fresh), prev: prev, entry: e,
		next: &targetState{Key: key, Tables: map[string]map[string]string{}, Schemas: map[string]string{}}}
	if err := tb.target(s); err != nil {
		return nil, err
	}
	tb.next.Files = tb.w.files
	sort.Strings(tb.next.Files)
	return tb.next, nil
}

func targetSize(s *snapshot.Snapshot) (tables int, size int64) {
	for _, sc := range s.Schemas {
		for _, t := range sc.Tables {
			tables++
			size += t.DataLength + t.IndexLength
		}
	}
	return tables, size
}

// staleNote is the stale marker of an entry whose snapshot was carried
// forward: since when and why, e.g. "stale — last good 2026-11-19, failed:
// connecting: i/o timeout".
func staleNote(e *snapshot.Entry) string {
	if !e.Stale() {
		return ""
	}
	since := e.StaleFrom
	if e.StaleSince != nil {
		since = e.StaleSince.UTC().Format("2006-01-02")
	}
	why := e.Status
	switch {
	case e.Error != "":
		why += ": " + e.Error
	case e.Reason != "":
		why += ": " + e.Reason
	}
	return "stale — last good " + since + ", " + why
}

func (tb *targetBuilder) target(s *snapshot.Snapshot) error {
	name := s.Target.Name
	dir := targetDir(name)
	page := dir + "index.html"
	crumbs := []link{{Text: name, Href: page}}
	tables, size := targetSize(s)
	sum := &summary{Href: page, Engine: s.Server.Flavor + " " + s.Server.Version, Group: "Static targets",
		Crawled: s.TakenAt.UTC().Format("2006-01-02 15:04"), Schemas: len(s.Schemas), Tables: tables, Size: size}
	if c := s.Cluster; c != nil {
		sum.Engine, sum.Group = c.Engine+" "+c.EngineVersion, c.Region
		if g := names.Group(name); g != "" {
			sum.Group = g // "<account>/<region>" with aws.accounts
		}
	}
	tb.next.Summary = sum
	tb.w.crawl = dir + "crawl.js"
	if err := tb.writeCrawl(s); err != nil {
		return err
	}
	cp := &clusterPage{Name: name, Server: s.Server, Cluster: s.Cluster, Size: bytesize.Format(size),
		TakenAt: s.TakenAt.UTC().Format("2006-01-02 15:04 UTC"), Warnings: s.Warnings, VariableCount: len(s.Variables)}
	if e := tb.entry; e.Stale() {
		cp.Stale = &staleBanner{Status: e.Status, Why: strings.TrimSpace(e.Error + e.Reason), From: e.StaleFrom, TakenAt: cp.TakenAt}
	}
	if tb.o.DriftLink {
		cp.Drift = &driftLinks{History: sitepath.Rel(page, sitepath.DriftTarget(name)+"index.html"),
			Sizes: sitepath.Rel(page, sitepath.DriftSizes(name)), Compare: sitepath.Rel(page, sitepath.DriftTarget(name)+"compare.html")}
	}
	pp := paramsOf(s, cp)
	tb.shard = &shard{Target: name, DB: []any{s.Server.Flavor + " " + s.Server.Version, page}}
	for _, sc := range s.Schemas {
		row, err := tb.schema(s, sc, crumbs)
		if err != nil {
			return fmt.Errorf("schema %s: %w", sc.Name, err)
		}
		row.Href = sitepath.Rel(page, row.Href)
		sum.SchemaNames = append(sum.SchemaNames, sc.Name)
		cp.Schemas = append(cp.Schemas, row)
	}
	if err := tb.w.render(dir+"parameters.html", "parameters", "Parameters · "+name,
		append(crumbs, link{Text: "parameters", Href: dir + "parameters.html"}), pp); err != nil {
		return err
	}
	sum.Anomalies = map[string]int{}
	ap := anomaliesOf(s, dir+"anomalies.html", sum.Anomalies)
	cp.Anomalies = ap.Total
	if err := tb.w.render(dir+"anomalies.html", "anomalies", "Anomalies · "+name,
		append(crumbs, link{Text: "anomalies", Href: dir + "anomalies.html"}), ap); err != nil {
		return err
	}
	if err := tb.w.render(page, "cluster", name, crumbs, cp); err != nil {
		return err
	}
	return tb.writeShard(dir + "search.js")
}

// writeCrawl writes the target's crawl.js: when its snapshot was taken and,
// when it was carried forward, why (site.js shows both in every page's
// footer, with a stale badge when the crawl is old). JSON escapes <, > and
// &, so no value can close the script.
func (tb *targetBuilder) writeCrawl(s *snapshot.Snapshot) error {
	data, err := json.Marshal(struct {
		At    string `json:"at"`
		Text  string `json:"text"`
		Stale string `json:"stale,omitempty"`
	}{s.TakenAt.UTC().Format(time.RFC3339), s.TakenAt.UTC().Format("2006-01-02 15:04 UTC"), staleNote(tb.entry)})
	if err != nil {
		return fmt.Errorf("encoding crawl.js: %w", err)
	}
	return tb.w.write(tb.w.crawl, append(append([]byte("window.AURORADOC_CRAWL = "), data...), ";\n"...))
}

// paramsOf builds the parameters page and counts configured ≠ running
// values into cp. A row is marked when drift.ConfiguredVsRunning reports
// it, so the page and the drift report agree: only the value in effect
// (instance modification over cluster, see snapshot.Cluster.
// EffectiveParameter) is compared, with booleans, numbers and lists
// normalised, formulas and volatile variables skipped.
func paramsOf(s *snapshot.Snapshot, cp *clusterPage) *paramPage {
	pp := &paramPage{Name: s.Target.Name}
	if c := s.Cluster; c != nil {
		differs := map[[2]string]bool{}
		for _, f := range drift.ConfiguredVsRunning(s, drift.Options{}) {
			if f.Field == "value" {
				differs[[2]string{f.Group, f.Object}] = true
			}
		}
		var groups []*snapshot.ParameterGroup
		kinds := []string{}
		if c.ParameterGroup != nil {
			groups, kinds = append(groups, c.ParameterGroup), append(kinds, "Cluster")
		}
		for _, g := range c.InstanceParameterGroups {
			groups, kinds = append(groups, g), append(kinds, "Instance")
		}
		for i, g := range groups {
			pg := &paramGroup{Kind: kinds[i], Name: g.Name}
			for _, prm := range g.Parameters {
				if !prm.HasValue {
					continue // engine defaults without a value: nothing to show
				}
				row := &paramRow{Parameter: *prm, Anchor: sitepath.ParamAnchor(g.Name, prm.Name)}
				if v, ok := s.Variables[prm.Name]; ok {
					row.Running, row.HasRunning = v, true
					row.Differs = differs[[2]string{g.Name, prm.Name}]
					if row.Differs {
						cp.Differs++
					}
				}
				pg.Rows = append(pg.Rows, row)
			}
			pp.Groups = append(pp.Groups, pg)
		}
	}
	for _, k := range sortedNames(s.Variables) {
		pp.Variables = append(pp.Variables, nameValue{k, s.Variables[k], sitepath.VariableAnchor(k)})
	}
	return pp
}
