package history

import "github.com/auroradoc/auroradoc/snapshot"

// fillDigest copies what the history keeps of s into d. Variables named in
// volatile are left out.
func fillDigest(d *Digest, s *snapshot.Snapshot, vol volatile) {
	at := s.TakenAt.UTC()
	d.TakenAt = &at
	d.Engine, d.ServerVersion = s.Server.Flavor, s.Server.Version
	if c := s.Cluster; c != nil {
		d.Engine, d.EngineVersion = c.Engine, c.EngineVersion
		d.Parameters = map[string]string{}
		if g := c.ParameterGroup; g != nil {
			for _, p := range g.Parameters {
				if p.HasValue {
					d.Parameters[ParamKey("", p.Name)] = p.Value
				}
			}
		}
		for _, g := range c.InstanceParameterGroups {
			for _, p := range g.Parameters {
				if p.HasValue {
					d.Parameters[ParamKey(g.Name, p.Name)] = p.Value
				}
			}
		}
	}
	d.Variables = make(map[string]string, len(s.Variables))
	for k, v := range s.Variables {
		if !vol(k) {
			d.Variables[k] = v
		}
	}
	for _, sc := range s.Schemas {
		for _, t := range sc.Tables {
			if t.Type == "VIEW" || t.Type == "SYSTEM VIEW" {
				continue
			}
			if d.Tables == nil {
				d.Tables = map[string]map[string]TableSize{}
			}
			m := d.Tables[sc.Name]
			if m == nil {
				m = map[string]TableSize{}
				d.Tables[sc.Name] = m
			}
			m[t.Name] = TableSize{Bytes: t.DataLength + t.IndexLength, Rows: t.Rows}
		}
	}
}

// entryDigest starts the digest of a manifest entry (no data yet).
func entryDigest(e *snapshot.Entry) *Digest {
	d := &Digest{Name: e.Name, Status: e.Status, StaleFrom: e.StaleFrom}
	if e.StaleSince != nil {
		t := e.StaleSince.UTC()
		d.StaleSince = &t
	}
	switch e.Status {
	case snapshot.StatusFailed:
		d.Note = e.Error
	case snapshot.StatusSkipped:
		d.Note = e.Reason
	}
	return d
}
