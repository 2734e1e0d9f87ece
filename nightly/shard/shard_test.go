package shard

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/snapshot"
)

func testConfig() *config.Config {
	return &config.Config{Source: "auroradoc.yaml", Targets: []config.Target{{Name: "legacy"}, {Name: "billing"}},
		AWS: &config.AWS{Regions: []string{"us-east-1", "eu-west-1"},
			Accounts: []config.Account{{ID: "111122223333", Name: "prod"}, {ID: "444455556666"}}}}
}

func TestParseRoundTrip(t *testing.T) {
	for _, s := range []string{"static", "region=eu-west-1", "account=prod", "account=444455556666,region=us-east-1"} {
		sp, err := Parse(s)
		if err != nil || sp.String() != s {
			t.Errorf("Parse(%q) = %+v (%q), %v", s, sp, sp.String(), err)
		}
	}
	for _, bad := range []string{"", "region=", "region=EU", "region=eu-west-1,region=us-east-1", "zone=a", "account=../x", "account=us-east-1", "static,region=eu-west-1"} {
		if sp, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", bad, sp)
		}
	}
}

func TestPlanAndNarrow(t *testing.T) {
	cfg := testConfig()
	for by, want := range map[string]string{
		"region":         "static region=us-east-1 region=eu-west-1",
		"account":        "static account=prod account=444455556666",
		"account,region": "static account=prod,region=us-east-1 account=prod,region=eu-west-1 account=444455556666,region=us-east-1 account=444455556666,region=eu-west-1",
	} {
		plan, err := Plan(cfg, by)
		var got []string
		for _, sp := range plan {
			got = append(got, sp.String())
		}
		if err != nil || strings.Join(got, " ") != want {
			t.Errorf("Plan(%s) = %q, %v; want %q", by, got, err, want)
		}
		if r, err := Resolve(cfg, "", by); err != nil || len(r) != len(plan) {
			t.Errorf("Resolve without a list: %v, %v", r, err)
		}
	}
	if _, err := Plan(cfg, "zone"); err == nil {
		t.Error("Plan by zone")
	}
	n, err := Spec{Account: "prod", Region: "eu-west-1"}.Narrow(cfg)
	if err != nil || n.Targets != nil || len(n.AWS.Accounts) != 1 || n.AWS.Accounts[0].Name != "prod" || strings.Join(n.AWS.Regions, ",") != "eu-west-1" {
		t.Errorf("Narrow(account=prod,region=eu-west-1) = %+v, %v", n, err)
	}
	if len(cfg.AWS.Regions) != 2 || len(cfg.AWS.Accounts) != 2 || len(cfg.Targets) != 2 {
		t.Error("Narrow changed the whole fleet's configuration")
	}
	if n, err := (Spec{Static: true}).Narrow(cfg); err != nil || n.AWS != nil || len(n.Targets) != 2 {
		t.Errorf("Narrow(static) = %+v, %v", n, err)
	}
	for _, bad := range []Spec{{Region: "ap-south-1"}, {Account: "staging"}} {
		if _, err := bad.Narrow(cfg); err == nil {
			t.Errorf("Narrow(%s): a shard the configuration does not cover was accepted", bad)
		}
	}
	var failed []string
	for _, sp := range []Spec{{Static: true}, {Region: "us-east-1"}, {Account: "prod"}, {Account: "prod", Region: "eu-west-1"}} {
		for _, e := range sp.Failed(cfg, "x") {
			failed = append(failed, e.Name)
		}
	}
	if got := strings.Join(failed, " "); got != "legacy billing region:prod/us-east-1 region:444455556666/us-east-1 account:prod region:prod/eu-west-1" {
		t.Errorf("Failed entries: %s", got)
	}
}

// TestFinishWaits: the finisher waits for a shard that reports during the
// wait, and gives up on one that never does, within the bound.
func TestFinishWaits(t *testing.T) {
	ctx := context.Background()
	st, err := snapshot.OpenDirForWriting(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.AWS.Accounts = nil
	const id = "2026-12-05T020000Z"
	record := func(shard string, entries ...*snapshot.Entry) {
		w, err := st.JoinSet(ctx, id, true)
		if err != nil {
			t.Error(err)
			return
		}
		b, _ := json.Marshal(Record{Shard: shard, StartedAt: time.Date(2026, 12, 5, 2, 0, 1, 0, time.UTC), Targets: entries})
		if err := w.PutShardRecord(ctx, shard+".json", b); err != nil {
			t.Error(err)
		}
	}
	record("static", &snapshot.Entry{Name: "legacy", Status: snapshot.StatusFailed, Error: "refused"},
		&snapshot.Entry{Name: "billing", Status: snapshot.StatusFailed, Error: "refused"})
	go func() {
		time.Sleep(300 * time.Millisecond)
		record("region=us-east-1", &snapshot.Entry{Name: "us-east-1/orders", Status: snapshot.StatusFailed, Error: "timeout"})
	}()
	plan, _ := Plan(cfg, "region")
	began := time.Now()
	m, missing, err := Finish(ctx, st, id, FinishOptions{Shards: plan, Config: cfg, Wait: 1500 * time.Millisecond, Poll: 50 * time.Millisecond})
	took := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(missing, " ") != "region=eu-west-1" || took < 1500*time.Millisecond || took > 5*time.Second {
		t.Errorf("missing %q after %v, want region=eu-west-1 after the 1.5 s wait", missing, took)
	}
	var got []string
	for _, e := range m.Targets {
		got = append(got, e.Name+" "+e.Status)
	}
	if strings.Join(got, ", ") != "billing failed, legacy failed, region:eu-west-1 failed, us-east-1/orders failed" {
		t.Errorf("manifest entries: %s", got)
	}
	if want := time.Date(2026, 12, 5, 2, 0, 1, 0, time.UTC); !m.StartedAt.Equal(want) {
		t.Errorf("started at %v, want the earliest shard's start %v", m.StartedAt, want)
	}
	if ids, err := st.Sets(ctx); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("sets after the finish: %v, %v", ids, err)
	}
}
