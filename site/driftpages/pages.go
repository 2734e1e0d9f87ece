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
	// Baseline: the first night recorded, which nothing is compared with.
	Baseline       bool
	Changed        []*fleetRow
	Failed, Stale  []link
	Added, Removed []link
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
	// Baseline is the first night with a snapshot of the target: its
	// state then is what the findings start from.
	Baseline string
	// Docs links the target's documentation page when it exists.
	Docs           string
	Sizes, Compare string
	Strip          []stripCell
	Runs           []statusRun
	EngineEvents   []eventRow
	Params, Vars   []*seriesRow
	Schemas        []schemaLink
	Nights         []*findingNight
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
	// Omitted counts the findings of a night listed without them (older
	// than the target page's detailedNights).
	Omitted int
}

// detailedNights is how many nights with findings a target's page lists
// finding by finding, newest first; older ones keep their section (the
// status strip links them) with a count, so the page stays bounded as
// nights accumulate. The schema changelogs and the compare page keep
// every night.
const detailedNights = 90

type findingRow struct {
	Kind, Change, ObjectType, Object, Group, Field string
	From, To, Severity, Message, Detail, Href      string
	// Doc links the documentation of the object (a table page at the
	// column's row, the parameters page at the parameter); "" when the
	// documentation has no page for it (anymore).
	Doc string
	// Diff is Detail as coloured lines.
	Diff []diffLine
}

type schemaPageData struct {
	Target, Schema, TargetHref string
	Docs                       string // the schema's documentation page, when it exists
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
	Anchor, Doc                        string
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
