package drift

// defaultSeverity is the severity a finding gets before any policy:
//
//	kind                   change / object                         severity
//	target                 removed                                 high
//	target                 added                                   low
//	parameter              value, source, apply method, group swap medium
//	parameter              parameter added/removed (engine's list) low
//	variable               changed                                 medium
//	variable               added/removed (engine's list)           low
//	configured-vs-running  mismatch, member waiting for a reboot   medium
//	schema                 schema removed                          high
//	schema                 view broken (field valid → broken)      high
//	schema                 table, view or column removed           medium
//	schema                 table, view or column renamed (name)    medium
//	schema                 table engine, partitioning              medium
//	schema                 table or column character set/collation medium
//	schema                 foreign key ON DELETE / ON UPDATE       medium
//	schema                 routine body                            medium
//	schema                 anything else (row format, options, …)  low
//	size                   grew or shrank past the threshold       info
//	version                downgraded                              high
//	version                upgraded or changed                     medium
//	fleet                  differs from the group's majority       low
//
// A finder may set a higher severity itself (a downgrade does); the table
// applies where it left SeverityInfo. Policies may override it.
func defaultSeverity(f Finding) Severity {
	switch f.Kind {
	case KindTarget:
		if f.Change == Removed {
			return SeverityHigh
		}
		return SeverityLow
	case KindParameter, KindVariable:
		if f.Change == Added || f.Change == Removed {
			if f.ObjectType == "cluster parameter" || f.ObjectType == "instance parameter" || f.Kind == KindVariable {
				return SeverityLow
			}
		}
		return SeverityMedium
	case KindConfigured:
		return SeverityMedium
	case KindSchema:
		return schemaSeverity(f)
	case KindSize:
		return SeverityInfo
	case KindVersion:
		return SeverityMedium // downgrades are set to high where they are found
	case KindFleet:
		return SeverityLow
	}
	return SeverityInfo
}

// schemaSeverity is the default severity of a KindSchema finding.
func schemaSeverity(f Finding) Severity {
	if f.Change == Removed {
		switch f.ObjectType {
		case "schema":
			return SeverityHigh
		case "table", "view", "column":
			return SeverityMedium
		}
		return SeverityLow
	}
	if f.Change != Changed {
		return SeverityLow
	}
	switch {
	case f.ObjectType == "view" && f.Field == "valid" && f.To == "broken":
		return SeverityHigh
	case f.Field == "name" && (f.ObjectType == "table" || f.ObjectType == "view" || f.ObjectType == "column"),
		f.ObjectType == "table" && (f.Field == "engine" || f.Field == "partitioning"),
		(f.ObjectType == "table" || f.ObjectType == "column") && f.Field == "collation",
		f.ObjectType == "constraint" && (f.Field == "on_delete" || f.Field == "on_update"),
		f.ObjectType == "routine" && f.Field == "body":
		return SeverityMedium
	}
	return SeverityLow
}
