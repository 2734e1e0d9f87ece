package drift

import "github.com/auroradoc/auroradoc/snapshot"

func compareSchemas(c *collector, from, to *snapshot.Snapshot)          {}
func compareSizes(c *collector, from, to *snapshot.Snapshot, o Options) {}
func configuredVsRunning(s *snapshot.Snapshot, v volatileSet) []Finding { return nil }

func ConfiguredVsRunning(s *snapshot.Snapshot, o Options) []Finding {
	c := &collector{target: s.Target.Name}
	c.out = configuredVsRunning(s, o.volatile())
	return c.done()
}

func Fleet(snaps []*snapshot.Snapshot, o FleetOptions) []Finding { return nil }
