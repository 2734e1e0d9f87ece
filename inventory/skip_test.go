package inventory

import (
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/snapshot"
)

func TestSkipReason(t *testing.T) {
	live := func() *snapshot.Cluster {
		return &snapshot.Cluster{ID: "c", Engine: "aurora-mysql", Status: "available", Tags: map[string]string{"env": "prd"},
			Members: []*snapshot.Member{{ID: "i1", Role: "writer", Class: "db.r6g.large", Status: "available"}}}
	}
	o := Options{IncludeTags: map[string]string{"env": "prd"}, Exclude: func(id string) bool { return strings.HasPrefix(id, "tmp-") }}.withDefaults()
	cases := []struct {
		name   string
		mutate func(*snapshot.Cluster)
		opts   func(*Options)
		want   string // substring of the reason; "" = crawled
	}{
		{"live", func(*snapshot.Cluster) {}, nil, ""},
		{"stopped", func(c *snapshot.Cluster) { c.Status = "stopped" }, nil, "status is stopped"},
		{"headless", func(c *snapshot.Cluster) { c.Members = nil }, nil, "no instances"},
		{"excluded", func(c *snapshot.Cluster) { c.ID = "tmp-x" }, nil, "excluded"},
		{"wrong tag", func(c *snapshot.Cluster) { c.Tags["env"] = "dev" }, nil, "tags"},
		{"any tag value", func(c *snapshot.Cluster) { c.Tags["env"] = "dev" }, func(o *Options) { o.IncludeTags = map[string]string{"env": "*"} }, ""},
		{"engine", func(c *snapshot.Cluster) { c.Engine = "aurora-postgresql" }, nil, "engine"},
		{"paused serverless", func(c *snapshot.Cluster) {
			c.ServerlessV2 = &snapshot.ServerlessV2{MinCapacity: 0, MaxCapacity: 4}
			c.Members[0].Class = "db.serverless"
		}, nil, "auto-pause"},
		{"paused serverless, opted in", func(c *snapshot.Cluster) {
			c.ServerlessV2 = &snapshot.ServerlessV2{MinCapacity: 0, MaxCapacity: 4}
			c.Members[0].Class = "db.serverless"
		}, func(o *Options) { o.WakePaused = true }, ""},
		{"serverless min 0.5", func(c *snapshot.Cluster) {
			c.ServerlessV2 = &snapshot.ServerlessV2{MinCapacity: 0.5, MaxCapacity: 4}
			c.Members[0].Class = "db.serverless"
		}, nil, ""},
		{"mixed provisioned writer never pauses", func(c *snapshot.Cluster) {
			c.ServerlessV2 = &snapshot.ServerlessV2{MinCapacity: 0, MaxCapacity: 4}
		}, nil, ""},
		{"no live member", func(c *snapshot.Cluster) { c.Members[0].Status = "rebooting" }, nil, "no member instance is available"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := live()
			tc.mutate(c)
			oo := o
			if tc.opts != nil {
				tc.opts(&oo)
			}
			got, filtered := skipReason(c, oo)
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("skipReason = %q, want %q", got, tc.want)
			}
			// Only the configuration's filters mark a cluster as filtered
			// (never carried forward); unavailability does not.
			wantFiltered := map[string]bool{"excluded": true, "wrong tag": true, "engine": true}[tc.name]
			if filtered != wantFiltered {
				t.Errorf("filtered = %v, want %v (reason %q)", filtered, wantFiltered, got)
			}
		})
	}
}
