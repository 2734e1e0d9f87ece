package driftpages

import "github.com/auroradoc/auroradoc/templates"

// frame and link are the layout's types (templates.Frame, templates.Link).
type (
	frame = templates.Frame
	link  = templates.Link
)

type fleetPage struct {
	Heading  string
	Nights   []*fleetNight
	Months   []link
	Older    int // nights not shown on this page
	Targets  int
	Problems []string
}

type fleetNight struct {
	Set, Date, Anchor string
	Missing           bool
	Changed           []*fleetRow
	Failed, Stale     []link
	Added, Removed    []link
}

type fleetRow struct {
	Name, Href, Severity string
	Total                int
	Kinds                []kindCount
}

type kindCount struct {
	Kind  string
	Count int
}

type targetPage struct {
	Name, Status, Engine, Latest string
	Sizes, Compare               string
	Strip                        []stripCell
	Runs                         []statusRun
	EngineEvents                 []eventRow
	Params, Vars                 []*seriesRow
	Schemas                      []schemaLink
	Nights                       []*findingNight
}

type stripCell struct{ Class, Title, Href string }

type statusRun struct {
	From, To, Status, Note string
	Nights                 int
}

type eventRow struct {
	Date, Set, Value string
	Unset            bool
}

type seriesRow struct {
	Key, Group, Name, Href string
	Events                 []eventRow
}

type schemaLink struct {
	Name, Href string
	Changes    int
}

type findingNight struct {
	Set, Date, Anchor string
	Findings          []*findingRow
}

type findingRow struct {
	Kind, Change, ObjectType, Object, Group, Field string
	From, To, Severity, Message, Detail, Href      string
}

type schemaPageData struct {
	Target, Schema, TargetHref string
	Nights                     []*findingNight
}

type sizesPage struct {
	Target, Range string
	Daily         int
	Tables        []*sizeRow
	// A target with more than sizesPerPage tables: its page lists the
	// largest Top tables and the Schemas with their pages; a schema's
	// page (Schema set) is page Page of Of, Pager links them all.
	Top      int
	Schemas  []*sizesSchema
	Schema   string
	Page, Of int
	Pager    []link
}

type sizesSchema struct {
	Name, Size string
	Tables     int
	Pages      []link
}

type sizeRow struct {
	Schema, Table, Bytes, Rows, Change string
	Chart                              chart
}

type comparePage struct {
	Target, Data string
	Nights       []option
	From, To     int
}

type option struct {
	Value int
	Label string
}

type paramsIndex struct {
	Params []*paramSummary
}

type paramSummary struct {
	Name, Href             string
	Targets, Values, Moved int
}

type paramPageData struct {
	Name string
	Rows []*paramRow
}

type paramRow struct {
	Target, TargetHref, Group, Current string
	Unset                              bool
	Events                             []eventRow
}
