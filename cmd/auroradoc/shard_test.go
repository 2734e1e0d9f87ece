package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/internal/wireproxy"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

// shardFleet is the fleet of the sharded-night tests: three regions, two
// AWS accounts reached through STS, clusters on three real MariaDB
// servers, a stopped cluster, one static target; the snapshot stores on
// gofakes3.
type shardFleet struct {
	cfg, dir string
	vars     map[string]string
	s3       *s3.Client
	// stall, while set, holds every command to dev's us-west-2 cluster
	// (it sits behind a proxy) until release is closed.
	stall   atomic.Bool
	release chan struct{}
	shards  []string
}

const (
	shardProdID, shardDevID = "111122223333", "444455556666"
	shardProdRole           = "arn:aws:iam::111122223333:role/auroradoc-crawler"
	shardDevRole            = "arn:aws:iam::444455556666:role/auroradoc-crawler"
)

func newShardFleet(t *testing.T) *shardFleet {
	f := &shardFleet{dir: t.TempDir(), release: make(chan struct{})}
	fake, client := fakeAWSWithS3(t, "store")
	f.s3 = client
	for _, r := range []string{shardProdRole, shardDevRole} {
		if err := fake.AddRole(r, ""); err != nil {
			t.Fatal(err)
		}
	}
	servers := make([]*testbed.MariaDB, 3)
	for i, schema := range []string{"orders", "rides", "payments"} {
		m := testbed.StartMariaDB(t)
		m.Exec(t, "CREATE DATABASE "+schema)
		m.Exec(t, fmt.Sprintf("CREATE TABLE %s.t%d (id INT PRIMARY KEY, note VARCHAR(20) COMMENT '<script>x</script>')", schema, i))
		servers[i] = m
	}
	proxy, err := wireproxy.Start(context.Background(), wireproxy.Options{Upstream: servers[2].Addr(), OnCommand: func(int64, byte) {
		if f.stall.Load() {
			<-f.release
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		close(f.release)
		proxy.Close()
	})
	_, proxyPort, _ := strings.Cut(proxy.Addr(), ":")
	regions := []string{"us-east-1", "eu-west-1", "us-west-2"}
	for _, acc := range []string{shardProdID, shardDevID} {
		for i, r := range regions {
			port := servers[i].Port
			if acc == shardDevID && r == "us-west-2" {
				fmt.Sscan(proxyPort, &port)
			}
			id := []string{"orders", "rides", "pay"}[i]
			params := []fakeaws.Parameter{{Name: "max_connections", Value: acc[:3] + r[len(r)-1:], Source: "user", IsModifiable: true}}
			fake.AddClusterParameterGroupIn(acc, r, "default.aurora-mysql8.0", "aurora-mysql8.0", params)
			fake.AddInstanceParameterGroupIn(acc, r, "default.aurora-mysql8.0", "aurora-mysql8.0", nil)
			fake.AddClusterIn(acc, r, fakeaws.Cluster{ID: id, Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: port,
				Tags: map[string]string{"env": "prd"}, Members: []fakeaws.Instance{{ID: id + "-1", Writer: true}}})
			fake.PutSecretIn(acc, r, "auroradoc/"+id, fmt.Sprintf(`{"username":"root","password":%q}`, servers[i].RootPassword))
		}
	}
	fake.AddClusterIn(shardDevID, "eu-west-1", fakeaws.Cluster{ID: "old", Status: "stopped", Endpoint: "127.0.0.1", Port: 1,
		Members: []fakeaws.Instance{{ID: "old-1", Writer: true}}})
	f.vars = map[string]string{"LEGACY_PW": servers[0].RootPassword}
	f.cfg = writeFile(t, f.dir, "auroradoc.yaml", fmt.Sprintf(`
crawl: {timeout: 60s, connect_timeout: 2s}
targets:
  - {name: legacy, host: 127.0.0.1, port: %d, user: root, password_env: LEGACY_PW}
aws:
  regions: [us-east-1, eu-west-1, us-west-2]
  accounts:
    - {id: "%s", role_arn: "%s", name: prod}
    - {id: "%s", role_arn: "%s"}
credentials:
  secret_id: "auroradoc/{cluster}"
  tls: false
`, servers[0].Port, shardProdID, shardProdRole, shardDevID, shardDevRole))
	f.shards = []string{"static", "region=us-east-1", "region=eu-west-1", "region=us-west-2"}
	return f
}

func (f *shardFleet) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, f.vars, append([]string{"run", "--config", f.cfg, "--path-style", "--no-publish"}, args...)...)
}

// single is one `run` over the whole fleet into store; sharded is one
// `run --shard` per shard and `run --finish`.
func (f *shardFleet) single(t *testing.T, store, site, set string) {
	t.Helper()
	if code, out, errOut := f.run(t, "--store", store, "--out", site, "--set", set); code > exitPartial {
		t.Fatalf("single run: exit %d\n%s\n%s", code, out, errOut)
	}
}

func (f *shardFleet) sharded(t *testing.T, store, site, set string) {
	t.Helper()
	for _, s := range f.shards {
		if code, out, errOut := f.run(t, "--store", store, "--set", set, "--shard", s); code > exitPartial {
			t.Fatalf("shard %s: exit %d\n%s\n%s", s, code, out, errOut)
		}
	}
	if code, out, errOut := f.run(t, "--store", store, "--out", site, "--set", set, "--finish"); code > exitPartial {
		t.Fatalf("finish: exit %d\n%s\n%s", code, out, errOut)
	}
}

func openS3Store(t *testing.T, loc string) *snapshot.Store {
	t.Helper()
	st, err := location.Open(t.Context(), loc, location.Options{PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestShardedNightEqualsSingleRun: the same fleet crawled by one `run` and
// by four shards (static + three regions, two accounts each) plus `run
// --finish`, into two stores on gofakes3 under the same set id: the
// manifests, the snapshots and the rendered sites are the same, except
// for what must differ between two crawls (times, durations and the
// checksums of bytes holding a time).
func TestShardedNightEqualsSingleRun(t *testing.T) {
	f := newShardFleet(t)
	const set = "2026-12-05T020000Z"
	siteA, siteB := filepath.Join(f.dir, "site-single"), filepath.Join(f.dir, "site-sharded")
	f.single(t, "s3://store/single", siteA, set)
	f.sharded(t, "s3://store/sharded", siteB, "2026-12-05T02:00:00Z") // the scheduler's form of the same id

	a, b := openS3Store(t, "s3://store/single"), openS3Store(t, "s3://store/sharded")
	ma, mb := manifestOf(t, a, set), manifestOf(t, b, set)
	var names []string
	for _, e := range ma.Targets {
		names = append(names, e.Name+" "+e.Status)
	}
	want := []string{"444455556666/eu-west-1/old skipped", "444455556666/eu-west-1/rides ok", "444455556666/us-east-1/orders ok",
		"444455556666/us-west-2/pay ok", "legacy ok", "prod/eu-west-1/rides ok", "prod/us-east-1/orders ok", "prod/us-west-2/pay ok"}
	if !slices.Equal(names, want) {
		t.Fatalf("single run's entries %q, want %q", names, want)
	}
	if ja, jb := normalManifest(t, ma), normalManifest(t, mb); ja != jb {
		t.Errorf("manifests differ:\nsingle:\n%s\nsharded:\n%s", ja, jb)
	}
	for _, e := range ma.Targets {
		if !e.HasSnapshot() {
			continue
		}
		sa, sb := normalSnapshot(t, a, set, e.Name), normalSnapshot(t, b, set, e.Name)
		if !bytes.Equal(sa, sb) {
			t.Errorf("snapshot of %s differs between the single and the sharded night", e.Name)
		}
	}
	compareSites(t, siteA, siteB)

	// The shard records are in the set, not in the manifest's targets.
	out, err := f.s3.ListObjectsV2(t.Context(), &s3.ListObjectsV2Input{Bucket: aws.String("store"), Prefix: aws.String("sharded/" + set + "/shards/")})
	if err != nil || len(out.Contents) != len(f.shards) {
		t.Errorf("shard records: %v, %d objects, want %d", err, len(out.Contents), len(f.shards))
	}
}

// TestShardKilledMidCrawl: night 1 is complete; in night 2 the us-west-2
// shard runs as its own process, writes one cluster's snapshot, stalls on
// the other (its server stops answering) and is killed with SIGKILL. The
// finish, not waiting, records region:<account>/us-west-2 as failed for
// both accounts, carries both us-west-2 clusters forward from night 1
// (stale; the killed shard's half-written file replaced by the carried
// copy), keeps every other shard's fresh results, and a late retry of
// the killed shard cannot add to the closed set.
func TestShardKilledMidCrawl(t *testing.T) {
	f := newShardFleet(t)
	const store, night1, night2 = "s3://store/night", "2026-12-04T020000Z", "2026-12-05T020000Z"
	f.sharded(t, store, filepath.Join(f.dir, "site"), night1)

	for _, s := range f.shards[:3] {
		if code, out, errOut := f.run(t, "--store", store, "--set", night2, "--shard", s); code != exitOK {
			t.Fatalf("night 2 shard %s: exit %d\n%s\n%s", s, code, out, errOut)
		}
	}
	f.stall.Store(true)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "run", "--config", f.cfg, "--path-style", "--store", store, "--set", night2, "--shard", "region=us-west-2")
	cmd.Env = append(os.Environ(), asCLIEnv+"=1", "LEGACY_PW="+f.vars["LEGACY_PW"])
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once prod's us-west-2 snapshot is written (dev's stalls).
	written := "night/" + night2 + "/targets/prod/us-west-2/pay.json.gz"
	deadline := time.Now().Add(60 * time.Second)
	for !s3Exists(t, f.s3, written) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the us-west-2 shard wrote no snapshot in 60 s:\n%s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the shard process ended with %v, want killed", err)
	}
	if s3Exists(t, f.s3, "night/"+night2+"/shards/region=us-west-2.json") {
		t.Fatal("the killed shard wrote its record")
	}

	code, out, errOut := f.run(t, "--store", store, "--out", filepath.Join(f.dir, "site"), "--set", night2, "--finish")
	if code != exitPartial || !strings.Contains(errOut, "never reported") || !strings.Contains(errOut, "region=us-west-2") {
		t.Fatalf("finish: exit %d, want %d with the missing shard named\n%s\n%s", code, exitPartial, out, errOut)
	}
	st := openS3Store(t, store)
	m := manifestOf(t, st, night2)
	got := map[string]*snapshot.Entry{}
	for _, e := range m.Targets {
		got[e.Name] = e
	}
	for _, name := range []string{"region:prod/us-west-2", "region:444455556666/us-west-2"} {
		if e := got[name]; e == nil || e.Status != snapshot.StatusFailed || !strings.Contains(e.Error, "shard region=us-west-2 did not finish") {
			t.Errorf("%s: %+v, want failed: the shard did not finish", name, e)
		}
	}
	for _, name := range []string{"prod/us-west-2/pay", "444455556666/us-west-2/pay"} {
		e := got[name]
		if e == nil || !e.Stale() || e.StaleFrom != night1 || e.Status != snapshot.StatusSkipped {
			t.Errorf("%s: %+v, want skipped, stale from %s", name, e, night1)
			continue
		}
		fresh, err := st.Snapshot(t.Context(), night2, name) // checked against the manifest's sha256
		if err != nil {
			t.Errorf("%s in night 2: %v", name, err)
			continue
		}
		old, err := st.Snapshot(t.Context(), night1, name)
		if err != nil || !fresh.TakenAt.Equal(old.TakenAt) {
			t.Errorf("%s in night 2 taken at %v, want night 1's copy (%v, %v)", name, fresh.TakenAt, old.TakenAt, err)
		}
	}
	for _, name := range []string{"legacy", "prod/us-east-1/orders", "444455556666/us-east-1/orders", "prod/eu-west-1/rides", "444455556666/eu-west-1/rides"} {
		if e := got[name]; e == nil || e.Status != snapshot.StatusOK || e.Stale() {
			t.Errorf("%s: %+v, want fresh (another shard's loss must not cost it)", name, e)
		}
	}
	if m.Summary.Failed != 2 {
		t.Errorf("night 2 summary %+v, want the two us-west-2 regions failed", m.Summary)
	}
	if page, err := os.ReadFile(filepath.Join(f.dir, "site", "t", "prod", "us-west-2", "pay", "index.html")); err != nil || !strings.Contains(string(page), night1[:10]) {
		t.Errorf("site page of the carried cluster: %v (want it rendered, from night 1)", err)
	}

	// The killed shard, retried after the finish: refused, nothing changed.
	f.stall.Store(false)
	before := manifestBytes(t, f.s3, "night/"+night2+"/manifest.json")
	code, out, errOut = f.run(t, "--store", store, "--set", night2, "--shard", "region=us-west-2")
	if code != exitFailed || !strings.Contains(errOut, "complete already") {
		t.Errorf("late shard: exit %d, want %d (set complete)\n%s\n%s", code, exitFailed, out, errOut)
	}
	if after := manifestBytes(t, f.s3, "night/"+night2+"/manifest.json"); !bytes.Equal(before, after) {
		t.Error("the late shard changed the finished set's manifest")
	}
	for _, name := range []string{"prod/us-west-2/pay", "444455556666/us-west-2/pay"} {
		if _, err := st.Snapshot(t.Context(), night2, name); err != nil {
			t.Errorf("%s after the late shard: %v", name, err)
		}
	}
}

func s3Exists(t *testing.T, c *s3.Client, key string) bool {
	_, err := c.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: aws.String("store"), Key: aws.String(key)})
	return err == nil
}

func manifestBytes(t *testing.T, c *s3.Client, key string) []byte {
	t.Helper()
	out, err := c.GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String("store"), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(out.Body)
	return b.Bytes()
}

func manifestOf(t *testing.T, st *snapshot.Store, set string) *snapshot.Manifest {
	t.Helper()
	m, err := st.Manifest(t.Context(), set)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// normalManifest is the manifest as JSON without what two crawls of the
// same fleet cannot share: when they ran, how long each target took and
// the checksums of snapshot files (they hold the time they were taken;
// the snapshots are compared decoded, and every read checks its sum).
func normalManifest(t *testing.T, m *snapshot.Manifest) string {
	c := *m
	c.StartedAt, c.FinishedAt = time.Time{}, time.Time{}
	c.Targets = nil
	for _, e := range m.Targets {
		x := *e
		x.DurationMS, x.SHA256 = 0, ""
		c.Targets = append(c.Targets, &x)
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// normalSnapshot is the snapshot's encoding with TakenAt cleared (and the
// server's uptime-like variables, which change by the second).
func normalSnapshot(t *testing.T, st *snapshot.Store, set, name string) []byte {
	t.Helper()
	s, err := st.Snapshot(t.Context(), set, name)
	if err != nil {
		t.Fatal(err)
	}
	s.TakenAt = time.Time{}
	var b bytes.Buffer
	if err := snapshot.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// renderKeys are the render cache's per-target keys in .auroradoc-site:
// hashes of the snapshot files' SHA-256, which hold the time of the crawl.
var renderKeys = regexp.MustCompile(`"key":"[0-9a-f]+"`)

// siteTimes matches the times a page shows (when the set finished, how
// old a snapshot is): the one thing two renders of the same set differ in.
var siteTimes = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?( UTC|Z)?`)

func compareSites(t *testing.T, a, b string) {
	t.Helper()
	files := func(root string) map[string]string {
		out := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			data, err := os.ReadFile(p)
			out[rel] = string(data)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fa, fb := files(a), files(b)
	if len(fa) < 10 {
		t.Fatalf("single run's site has only %d files", len(fa))
	}
	differ := 0
	for rel, ca := range fa {
		cb, ok := fb[rel]
		if !ok {
			t.Errorf("site file %s only in the single run's site", rel)
			continue
		}
		if rel == ".auroradoc-site" {
			ca, cb = renderKeys.ReplaceAllString(ca, `"key":""`), renderKeys.ReplaceAllString(cb, `"key":""`)
		}
		if ca != cb && siteTimes.ReplaceAllString(ca, "T") != siteTimes.ReplaceAllString(cb, "T") {
			differ++
			if differ <= 3 {
				t.Errorf("site file %s differs beyond times:\n%s", rel, firstDiff(ca, cb))
			}
		}
	}
	for rel := range fb {
		if _, ok := fa[rel]; !ok {
			t.Errorf("site file %s only in the sharded night's site", rel)
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d site files differ", differ, len(fa))
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-120, 0)
	return fmt.Sprintf("single:  …%s…\nsharded: …%s…", a[from:min(i+120, len(a))], b[from:min(i+120, len(b))])
}
