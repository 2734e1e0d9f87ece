package publish_test

import (
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/testsnap"
	"github.com/auroradoc/auroradoc/site"
	"github.com/auroradoc/auroradoc/site/publish"
	"github.com/auroradoc/auroradoc/snapshot"
)

// readFixture reads the frozen fixture snapshot into a one-target set.
func readFixture(t *testing.T, set string) site.Input {
	t.Helper()
	s := testsnap.Fixture(t)
	at, _ := time.Parse(snapshot.SetIDLayout, set)
	return site.Input{
		Manifest:  &snapshot.Manifest{FormatVersion: 1, Set: set, StartedAt: at, FinishedAt: at, Targets: []*snapshot.Entry{{Name: s.Target.Name, Status: snapshot.StatusOK}}},
		Snapshots: []*snapshot.Snapshot{s},
	}
}

// TestRenderPublishRerender is the nightly loop on a real site: render and
// publish night 1; render night 2 unchanged and publish → only the fleet
// index (it names the run) is uploaded; change one column comment of
// shop.customer on night 3 → exactly the pages that show that comment
// (its table page, the Markdown, the diagrams that draw the column) plus
// the search index and the fleet index are uploaded, and nothing of any
// other table.
func TestRenderPublishRerender(t *testing.T) {
	ctx := testContext(t)
	f := startFakeS3(t)
	client := f.client(t)
	o, closeFn, err := site.WithRenderers(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	publishNight := func(in site.Input) []string {
		out := t.TempDir()
		if err := site.Build(ctx, in, out, o); err != nil {
			t.Fatal(err)
		}
		m := f.mark()
		if _, err := publish.Publish(ctx, client, publish.Options{Dir: out, Target: "s3://" + testBucket + "/docs"}); err != nil {
			t.Fatal(err)
		}
		return putKeys(f.since(m))
	}

	first := publishNight(readFixture(t, "2026-11-21T030000Z"))
	if len(first) < 50 {
		t.Fatalf("first publish uploaded only %d files", len(first))
	}
	second := publishNight(readFixture(t, "2026-11-22T030000Z"))
	if strings.Join(second, ",") != "docs/index.html" {
		t.Errorf("unchanged night uploaded %v, want only docs/index.html", second)
	}

	in := readFixture(t, "2026-11-23T030000Z")
	customer, err := in.Snapshots[0].FindSchema("shop").Tbls.FindTableByName("customer")
	if err != nil {
		t.Fatal(err)
	}
	col, _ := customer.FindColumnByName("email")
	col.Comment = "ログイン用メールアドレス (changed)"
	third := publishNight(in)
	joined := strings.Join(third, "\n")
	for _, want := range []string{"docs/t/fixture-mariadb/s/shop/customer.html", "docs/md/fixture-mariadb/shop/customer.md", "docs/search-index.js", "docs/index.html"} {
		if !strings.Contains(joined, want) {
			t.Errorf("changed night did not upload %s; uploaded:\n%s", want, joined)
		}
	}
	for _, k := range third {
		if strings.Contains(k, "/billing/") || strings.Contains(k, "/hostile") || strings.HasSuffix(k, "/shop/product.html") {
			t.Errorf("changed night uploaded %s, which does not show the changed comment", k)
		}
	}
	if len(third) > 12 {
		t.Errorf("changed night uploaded %d files, want only the few that show the comment:\n%s", len(third), joined)
	}
	if third[len(third)-1] != "docs/index.html" {
		t.Errorf("the fleet index must be uploaded last, got order:\n%s", joined)
	}
	t.Logf("night 1: %d uploads; night 2: %v; night 3: %d uploads:\n%s", len(first), second, len(third), joined)
}
