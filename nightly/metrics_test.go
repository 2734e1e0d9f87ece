package nightly

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// TestWriteEMF: one JSON line in CloudWatch's embedded metric format:
// every metric the directive declares has a value of that name at the
// top level, in the auroradoc namespace, with the timestamp in ms.
func TestWriteEMF(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	if err := (Metrics{NightFinished: 1, FailedTargets: 2, UnexpectedChanges: 3, DurationSeconds: 42.5}).WriteEMF(&b, now); err != nil {
		t.Fatal(err)
	}
	if bytes.Count(b.Bytes(), []byte("\n")) != 1 {
		t.Fatalf("not one line: %q", b.String())
	}
	var doc struct {
		AWS struct {
			Timestamp         int64
			CloudWatchMetrics []struct {
				Namespace  string
				Dimensions [][]string
				Metrics    []struct{ Name, Unit string }
			}
		} `json:"_aws"`
	}
	var values map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b.Bytes(), &values); err != nil {
		t.Fatal(err)
	}
	if doc.AWS.Timestamp != now.UnixMilli() || len(doc.AWS.CloudWatchMetrics) != 1 || doc.AWS.CloudWatchMetrics[0].Namespace != "auroradoc" {
		t.Fatalf("directive %+v", doc.AWS)
	}
	for _, m := range doc.AWS.CloudWatchMetrics[0].Metrics {
		if _, ok := values[m.Name].(float64); !ok {
			t.Errorf("metric %s has no numeric value", m.Name)
		}
	}
	if values["NightFinished"] != 1.0 || values["FailedTargets"] != 2.0 || values["UnexpectedChanges"] != 3.0 || values["DurationSeconds"] != 42.5 {
		t.Errorf("values %v", values)
	}
	if d := doc.AWS.CloudWatchMetrics[0].Dimensions; len(d) != 1 || len(d[0]) != 0 {
		t.Errorf("dimensions %q without a deployment", d)
	}

	// With a deployment: its one dimension, and its value at the top level
	// (what the nightly module's stale-night alarm selects on).
	b.Reset()
	if err := (Metrics{Deployment: "auroradoc-prod", NightFinished: 1}).WriteEMF(&b, now); err != nil {
		t.Fatal(err)
	}
	values = nil
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b.Bytes(), &values); err != nil {
		t.Fatal(err)
	}
	if d := doc.AWS.CloudWatchMetrics[0].Dimensions; len(d) != 1 || len(d[0]) != 1 || d[0][0] != "Deployment" || values["Deployment"] != "auroradoc-prod" {
		t.Errorf("dimensions %q, Deployment %v", d, values["Deployment"])
	}
}
