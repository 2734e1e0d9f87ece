package review_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/auroradoc/auroradoc/drift"
	"github.com/auroradoc/auroradoc/review"
)

// TestFleetMode: one migration, every cluster that has the schema; the
// risk follows each cluster's own sizes; clusters without the schema are
// left out.
func TestFleetMode(t *testing.T) {
	prd := ordersPrd(t, "eu-west-1/orders-prd").snap
	stg := production(t, "eu-west-1/orders-stg", map[string][2]int64{"purchase_order": {10 << 20, 50_000}})
	other := production(t, "eu-west-1/audit-prd", map[string][2]int64{hostileMarker: {}})
	st := fleetStore(t, prd, stg, other)
	mig := migration(t, "ALTER TABLE purchase_order MODIFY total DECIMAL(14,2) NOT NULL DEFAULT 0.00 COMMENT '合計金額';")
	res, err := review.Run(context.Background(), review.Options{Store: st, Targets: "eu-west-1/*", Schema: "shop", Migration: mig})
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Targets != 2 || res.Failed != 0 {
		t.Fatalf("targets %d, failed %d, warnings %q", res.Report.Targets, res.Failed, res.Report.Warnings)
	}
	sev := map[string]drift.Severity{}
	for _, f := range res.Report.State {
		if f.Field == "algorithm" {
			sev[f.Target] = f.Severity
		}
	}
	if sev["eu-west-1/orders-prd"] != drift.SeverityCritical || sev["eu-west-1/orders-stg"] != drift.SeverityMedium || len(sev) != 2 {
		t.Errorf("algorithm risk per target = %v: want critical on the 150 GiB table, medium on the 10 MiB one", sev)
	}
	changed := map[string]int{}
	for _, f := range res.Report.Changes {
		changed[f.Target]++
	}
	if changed["eu-west-1/orders-prd"] == 0 || changed["eu-west-1/orders-prd"] != changed["eu-west-1/orders-stg"] {
		t.Errorf("change sets per target = %v: want the same non-empty change set on both", changed)
	}
	if code := res.ExitCode(ptr(drift.SeverityHigh)); code != 1 {
		t.Errorf("exit code %d at --fail-on high, want 1 (a critical COPY)", code)
	}
	if _, err := review.Run(context.Background(), review.Options{Store: st, Targets: "us-east-1/*", Schema: "shop", Migration: mig}); !errors.Is(err, review.ErrNoTargets) {
		t.Errorf("no matching target: %v", err)
	}
}

// TestHostileNames: identifiers with backticks, emoji, HTML and quotes are
// parsed, recreated, reported by their real names and escaped in Markdown.
func TestHostileNames(t *testing.T) {
	p := production(t, "eu-west-1/hostile", map[string][2]int64{hostileMarker: {}, "weird`name": {3 << 30, 10_000_000}})
	st := fleetStore(t, p)
	mig := migration(t, "ALTER TABLE `weird``name` DROP COLUMN `back``tick`;\nALTER TABLE `⚡ rides` ADD COLUMN `<img src=x onerror=alert(1)>` INT NULL COMMENT '<script>alert(1)</script>';")
	res, err := review.Run(context.Background(), review.Options{Store: st, Targets: "*", Schema: "hostile db", Migration: mig})
	if err != nil {
		t.Fatal(err)
	}
	var objects []string
	for _, f := range res.Report.Changes {
		if f.ObjectType == "column" {
			objects = append(objects, f.Object)
		}
	}
	want := []string{"hostile db.weird`name.back`tick", "hostile db.⚡ rides.<img src=x onerror=alert(1)>"}
	if strings.Join(objects, "\n") != strings.Join(want, "\n") {
		t.Errorf("column changes = %q, want %q (warnings %q)", objects, want, res.Report.Warnings)
	}
	var md bytes.Buffer
	if err := review.Write(&md, res, "markdown"); err != nil {
		t.Fatal(err)
	}
	// Rendered as GitHub does (raw HTML allowed), no hostile tag is live:
	// the names sit in code spans and fences.
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert(md.Bytes(), &html); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html.String(), "<img") || strings.Contains(html.String(), "<script") || strings.Contains(html.String(), "<b>") {
		t.Errorf("the markdown renders live HTML:\n%s", html.String())
	}
	// go-mysql-server cannot parse three of the hostile names: said, and
	// the review is incomplete.
	if res.Failed != 3 {
		t.Errorf("failed = %d, want 3 (the objects go-mysql-server cannot recreate): %q", res.Failed, res.Report.Warnings)
	}
	var js bytes.Buffer
	if err := review.Write(&js, res, "json"); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Report struct{ Changes []drift.Finding } `json:"report"`
	}
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Report.Changes) != len(res.Report.Changes) {
		t.Errorf("json does not round-trip: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
