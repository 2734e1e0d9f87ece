package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestParametersPageMarksWhatDriftReports: the ≠ mark on the parameters
// page follows drift's configured-vs-running rule — the value in effect
// only, booleans, numbers and sql_mode-like lists normalised, formulas
// skipped — so the page never disagrees with the drift report.
func TestParametersPageMarksWhatDriftReports(t *testing.T) {
	s := testsnap.Fixture(t)
	s.Target.Name = "us-east-1/orders-prd"
	s.Variables["max_connections"] = "500"
	s.Variables["local_infile"] = "ON"
	s.Variables["sql_mode"] = "STRICT_TRANS_TABLES,NO_ZERO_DATE"
	s.Variables["innodb_buffer_pool_size"] = "134217728"
	s.Variables["long_query_time"] = "2.000000"
	p := func(name, value, source string) *snapshot.Parameter {
		return &snapshot.Parameter{Name: name, Value: value, HasValue: true, Source: source}
	}
	s.Cluster = &snapshot.Cluster{ID: "orders-prd", Region: "us-east-1",
		ParameterGroup: &snapshot.ParameterGroup{Name: "cpg", Parameters: []*snapshot.Parameter{
			p("innodb_buffer_pool_size", "{DBInstanceClassMemory*3/4}", "system"), // formula: not compared
			p("local_infile", "1", "user"),                                        // 1 = ON
			p("long_query_time", "2", "user"),                                     // 2 = 2.000000
			p("max_connections", "500", "user"),                                   // overridden by the instance group
			p("sql_mode", "NO_ZERO_DATE,STRICT_TRANS_TABLES", "user"),             // same set
		}},
		InstanceParameterGroups: []*snapshot.ParameterGroup{{Name: "ipg", Parameters: []*snapshot.Parameter{
			p("max_connections", "1000", "user"), // in effect, and the server runs 500
		}}},
		Members: []*snapshot.Member{{ID: "orders-prd-1", ParameterGroup: "ipg"}},
	}
	in := fixtureInput(t)
	in.Snapshots = []*snapshot.Snapshot{s}
	in.Manifest.Targets[0].Name = s.Target.Name
	out := t.TempDir()
	if err := Build(context.Background(), in, out, Options{}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "t", "us-east-1", "orders-prd", "parameters.html"))
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, row := range strings.Split(string(page), "<tr")[1:] {
		if strings.HasPrefix(row, ` class="differs"`) {
			name := row[strings.Index(row, "<code>")+6:]
			marked = append(marked, name[:strings.Index(name, "</code>")])
		}
	}
	if strings.Join(marked, ",") != "max_connections" || strings.Count(string(page), "≠") != 1 {
		t.Errorf("marked rows %v, want only the instance group's max_connections", marked)
	}
}
