package slackapp_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/bastion/slackapp"
	"github.com/auroradoc/auroradoc/snapshot"
)

func TestEscapeAndActors(t *testing.T) {
	if got := slackapp.Escape("<!channel> & <@U1|x> <http://a|b>"); got != "&lt;!channel&gt; &amp; &lt;@U1|x&gt; &lt;http://a|b&gt;" {
		t.Errorf("Escape: %q", got)
	}
	a, err := slackapp.Actor("U0ALICE")
	if err != nil || a != "slack:U0ALICE" {
		t.Errorf("Actor: %q %v", a, err)
	}
	for _, bad := range []string{"", "alice", "U0<!x>", "slack:U0A", "u0alice"} {
		if _, err := slackapp.Actor(bad); err == nil {
			t.Errorf("Actor(%q) accepted", bad)
		}
	}
	if id, ok := slackapp.UserID("slack:U0ALICE"); !ok || id != "U0ALICE" {
		t.Errorf("UserID: %q %v", id, ok)
	}
	if _, ok := slackapp.UserID("alice@example.com"); ok {
		t.Error("a non-Slack actor has a Slack user id")
	}
}

// TestFleetClusters: the modal offers the latest set's clusters that the
// configuration has; without a readable set, the configured ones.
func TestFleetClusters(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "snaps")
	st, err := snapshot.OpenDirForWriting(dir)
	if err != nil {
		t.Fatal(err)
	}
	configured := []string{"billing", "orders", "payroll"}
	if got, _ := slackapp.FleetClusters(st, configured, nil)(ctx); !slices.Equal(got, configured) {
		t.Errorf("no set yet: %v", got)
	}
	for i, names := range [][]string{{"orders", "legacy"}, {"orders", "billing", "unconfigured"}} {
		w, err := st.NewSet(ctx, time.Date(2026, 12, 4+i, 2, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		m := &snapshot.Manifest{}
		for _, n := range names {
			m.Targets = append(m.Targets, &snapshot.Entry{Name: n, Status: snapshot.StatusFailed, Error: "test"})
		}
		if err := w.Finish(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := slackapp.FleetClusters(st, configured, nil)(ctx); err != nil || !slices.Equal(got, []string{"billing", "orders"}) {
		t.Errorf("latest set: %v %v", got, err)
	}
	if got, _ := slackapp.FleetClusters(nil, configured, nil)(ctx); !slices.Equal(got, configured) {
		t.Errorf("no store: %v", got)
	}
}
