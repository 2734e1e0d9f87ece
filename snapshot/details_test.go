package snapshot

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/k1LoW/tbls/schema"
)

// Format 2 details survive a round trip; a version 1 file reads without
// them (HasDetails false); a newer version is refused.
func TestFormatVersionDetails(t *testing.T) {
	s := &Snapshot{FormatVersion: FormatVersion, Target: Target{Name: "t", Kind: "static"}, Schemas: []*Schema{{
		Name:     "shop",
		Tables:   []*TableInfo{{Name: "o", Type: "BASE TABLE", Partitioning: "PARTITION BY HASH (`id`) PARTITIONS 2", Columns: []*ColumnInfo{{Name: "n", CharacterSet: "utf8mb4", Collation: "utf8mb4_bin"}}, ForeignKeys: []*ForeignKeyInfo{{Name: "fk", OnDelete: "CASCADE", OnUpdate: "RESTRICT"}}}, {Name: "v", Type: "VIEW", Invalid: "View 'shop.v' references invalid table(s)"}},
		Routines: []*RoutineInfo{{Name: "f", Type: "FUNCTION", Body: "RETURN 1", Characteristics: "DETERMINISTIC"}, {Name: "p", Type: "PROCEDURE", Hidden: true}},
		Tbls:     &schema.Schema{Name: "shop"},
	}}}
	var b bytes.Buffer
	if err := Write(&b, s); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasDetails() || got.Schemas[0].Tables[0].ForeignKeys[0].OnDelete != "CASCADE" || got.Schemas[0].Tables[1].Invalid == "" ||
		got.Schemas[0].Routines[0].Body != "RETURN 1" || !got.Schemas[0].Routines[1].Hidden || got.Schemas[0].Tables[0].Columns[0].Collation != "utf8mb4_bin" {
		t.Errorf("details lost in the round trip: %+v", got.Schemas[0])
	}
	old, err := Unmarshal([]byte(`{"format_version": 1, "target": {"name": "t"}, "schemas": []}`))
	if err != nil || old.HasDetails() {
		t.Errorf("format 1: %v, HasDetails %v", err, old != nil && old.HasDetails())
	}
	_, err = Unmarshal([]byte(`{"format_version": 3, "schemas": []}`))
	if !errors.Is(err, ErrUnsupportedFormat) || !strings.Contains(err.Error(), "reads up to 2") {
		t.Errorf("format 3: %v", err)
	}
}
