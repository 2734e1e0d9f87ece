package nightly

import (
	"encoding/json"
	"io"
	"time"

	"github.com/auroradoc/auroradoc/drift/report"
	"github.com/auroradoc/auroradoc/snapshot"
)

// MetricsNamespace is the CloudWatch namespace of the night's metrics.
const MetricsNamespace = "auroradoc"

// Metrics are what a night reports to monitoring. NightFinished is 1 on
// every night whose run got to the end (failed targets or steps
// included): an alarm on its absence (26 h without a data point) catches
// nights that never ran or died; the others say how the night went.
type Metrics struct {
	// Deployment, when set, is the metrics' one dimension: several
	// deployments (prod, staging) in one account stay apart. The nightly
	// terraform module sets it through AURORADOC_DEPLOYMENT.
	Deployment        string
	NightFinished     int
	FailedTargets     int
	StaleTargets      int
	UnexpectedChanges int
	DamagedSnapshots  int
	FailedSteps       int
	DurationSeconds   float64
}

// WriteEMF writes m as one CloudWatch embedded metric format line: a log
// group that receives it (the ECS task's awslogs) turns it into metrics in
// MetricsNamespace, without any API call or permission.
func (m Metrics) WriteEMF(w io.Writer, now time.Time) error {
	type metric struct {
		Name string `json:"Name"`
		Unit string `json:"Unit"`
	}
	dims := []string{}
	if m.Deployment != "" {
		dims = []string{"Deployment"}
	}
	doc := map[string]any{
		"_aws": map[string]any{
			"Timestamp": now.UnixMilli(),
			"CloudWatchMetrics": []map[string]any{{
				"Namespace":  MetricsNamespace,
				"Dimensions": [][]string{dims},
				"Metrics": []metric{
					{"NightFinished", "Count"}, {"FailedTargets", "Count"}, {"StaleTargets", "Count"},
					{"UnexpectedChanges", "Count"}, {"DamagedSnapshots", "Count"}, {"FailedSteps", "Count"},
					{"DurationSeconds", "Seconds"},
				},
			}},
		},
		"NightFinished":     m.NightFinished,
		"FailedTargets":     m.FailedTargets,
		"StaleTargets":      m.StaleTargets,
		"UnexpectedChanges": m.UnexpectedChanges,
		"DamagedSnapshots":  m.DamagedSnapshots,
		"FailedSteps":       m.FailedSteps,
		"DurationSeconds":   m.DurationSeconds,
	}
	if m.Deployment != "" {
		doc["Deployment"] = m.Deployment
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// NightMetrics are the metrics of a night that ended with manifest m,
// drift report r (nil: none, the first set) and failedSteps steps failed,
// having taken since now-started.
func NightMetrics(deployment string, m *snapshot.Manifest, r *report.Report, failedSteps int, took time.Duration) Metrics {
	mt := Metrics{Deployment: deployment, NightFinished: 1, FailedTargets: m.Summary.Failed, FailedSteps: failedSteps, DurationSeconds: took.Seconds()}
	for _, e := range m.Targets {
		if e.Stale() {
			mt.StaleTargets++
		}
	}
	if r != nil {
		mt.UnexpectedChanges, mt.DamagedSnapshots = r.Summary().Unexpected, len(r.Damaged)
	}
	return mt
}
