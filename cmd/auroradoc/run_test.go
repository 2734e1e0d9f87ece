package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/fixtures"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
	"github.com/auroradoc/auroradoc/snapshot/location"
)

// nightlyBed is a small Aurora fleet: three clusters in one region, each
// on its own MariaDB (so a SET GLOBAL changes exactly one cluster), the
// RDS and Secrets Manager fake, and an S3 server (gofakes3) holding both
// the snapshot store and the published site.
type nightlyBed struct {
	t       *testing.T
	fake    *fakeaws.Server
	s3      *s3.Client
	servers map[string]*testbed.MariaDB
	dir     string
	config  string
	vars    map[string]string
	slack   chan string // texts posted to the Slack webhook
}

const region = "us-east-1"

func newNightlyBed(t *testing.T) *nightlyBed {
	fake, client := fakeAWSWithS3(t, "dbre-snapshots", "dbre-docs")
	b := &nightlyBed{t: t, fake: fake, s3: client, servers: map[string]*testbed.MariaDB{}, dir: t.TempDir(), slack: make(chan string, 10)}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var msg struct{ Text string }
		if err := json.NewDecoder(r.Body).Decode(&msg); err != nil || r.URL.Path != "/services/T0/B0/secret" {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		b.slack <- msg.Text
	}))
	t.Cleanup(hook.Close)
	b.vars = map[string]string{"SLACK_URL": hook.URL + "/services/T0/B0/secret"}
	params := []fakeaws.Parameter{
		{Name: "max_connections", Value: "151", Source: "engine-default", IsModifiable: true, ApplyType: "dynamic"},
		{Name: "innodb_lock_wait_timeout", Value: "50", Source: "engine-default", IsModifiable: true, ApplyType: "dynamic"},
		{Name: "innodb_buffer_pool_size", Value: "{DBInstanceClassMemory*3/4}", Source: "system", ApplyType: "static"},
	}
	for _, c := range []struct{ id, env string }{{"orders-prd", "prd"}, {"rides-prd", "prd"}, {"billing-stg", "stg"}} {
		m := testbed.StartMariaDB(t)
		for _, s := range fixtures.MariaDB() {
			m.Exec(t, s.SQL)
		}
		b.servers[c.id] = m
		fake.AddClusterParameterGroup(region, c.id+"-cluster", "aurora-mysql8.0", params)
		fake.AddInstanceParameterGroup(region, c.id+"-instance", "aurora-mysql8.0", nil)
		fake.AddCluster(region, fakeaws.Cluster{ID: c.id, Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: m.Port,
			ParameterGroup: c.id + "-cluster", Tags: map[string]string{"env": c.env},
			Members: []fakeaws.Instance{{ID: c.id + "-1", Writer: true, ParameterGroup: c.id + "-instance"}}})
		b.setSecret(c.id, m.RootPassword)
	}
	b.config = writeFile(t, b.dir, "auroradoc.yaml", `
store: s3://dbre-snapshots/store
crawl: {timeout: 30s, connect_timeout: 2s}
aws:
  regions: [us-east-1]
credentials:
  secret_id: "auroradoc/{cluster}"
  tls: false
site:
  out: `+filepath.Join(b.dir, "site")+`
  publish: s3://dbre-docs/docs
drift:
  group_by: env
notify:
  slack_webhook_env: SLACK_URL
`)
	return b
}

func (b *nightlyBed) setSecret(cluster, password string) {
	b.fake.PutSecret(region, "auroradoc/"+cluster, fmt.Sprintf(`{"username":"root","password":%q}`, password))
}

// night runs `auroradoc run` and returns its exit code and output; runs
// are at least a second apart (set ids have one-second resolution).
func (b *nightlyBed) night(args ...string) (int, string, string) {
	b.t.Helper()
	time.Sleep(1100 * time.Millisecond)
	return runCLI(b.t, b.vars, append([]string{"run", "--config", b.config, "--path-style", "--log-format", "json"}, args...)...)
}

func (b *nightlyBed) object(bucket, key string) string {
	b.t.Helper()
	out, err := b.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		b.t.Fatalf("s3://%s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	data, err := io.ReadAll(out.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return string(data)
}

// driftKeys runs `auroradoc drift --format json` and returns the exit
// code and the changes as "target kind object_type object field change"
// lines, sorted.
func (b *nightlyBed) drift(args ...string) (int, []string, map[string]any) {
	b.t.Helper()
	code, out, errOut := runCLI(b.t, nil, append([]string{"drift", "--store", "s3://dbre-snapshots/store", "--format", "json"}, args...)...)
	if code > 1 {
		b.t.Fatalf("drift exit %d\n%s\n%s", code, out, errOut)
	}
	var r struct {
		Changes []struct {
			Target, Kind, Object, Field, Change string
			ObjectType                          string `json:"object_type"`
			Expected                            bool
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		b.t.Fatalf("drift JSON: %v\n%s", err, out)
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(out), &raw)
	var keys []string
	for _, c := range r.Changes {
		k := strings.Join([]string{c.Target, c.Kind, c.ObjectType, c.Object, c.Field, c.Change}, " ")
		if c.Expected {
			k += " (expected)"
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return code, keys, raw
}

// TestNightlyHistory is the scripted history: four nights of `auroradoc
// run` against the fake AWS, three real MariaDB servers and S3, with
// known changes between them. Each night's drift holds exactly the
// changes made, no volatile noise; a cluster that fails one night keeps
// its last good snapshot, marked stale in the manifest and on the site;
// the published site carries the drift pages; a policy that declares the
// changes turns the gate green.
func TestNightlyHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three MariaDB servers and runs four nights; skipped with -short")
	}
	b := newNightlyBed(t)
	ctx := context.Background()

	// Night 1: the first set; nothing to compare with.
	code, out, errOut := b.night()
	if code != exitOK {
		t.Fatalf("night 1: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "nothing to compare with yet") {
		t.Errorf("night 1 output:\n%s", out)
	}

	// Night 2: one change of each kind, each on one cluster.
	b.servers["orders-prd"].Exec(t, "SET GLOBAL max_connections = 500")
	b.servers["orders-prd"].Exec(t, "ALTER TABLE shop.customer ADD COLUMN nickname varchar(64) NULL COMMENT 'shown in the app'")
	b.servers["billing-stg"].Exec(t, "DROP INDEX idx_audit_customer ON shop.customer_audit")
	if err := b.fake.SetClusterParameter(region, "rides-prd-cluster", "innodb_lock_wait_timeout", "120"); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = b.night("--report", filepath.Join(b.dir, "night2.md"))
	if code != exitPartial-0 && code != 1 {
		t.Fatalf("night 2: exit %d, want 1 (unexpected drift)\n%s\n%s", code, out, errOut)
	}
	want2 := []string{
		"us-east-1/billing-stg schema index shop.customer_audit.idx_audit_customer  removed",
		// SET GLOBAL without a parameter group edit: the running value
		// no longer matches the configured one (a new mismatch is drift).
		"us-east-1/orders-prd configured-vs-running cluster parameter max_connections value differs",
		"us-east-1/orders-prd schema column shop.customer.nickname  added",
		"us-east-1/orders-prd variable variable max_connections value changed",
		"us-east-1/rides-prd configured-vs-running cluster parameter innodb_lock_wait_timeout value differs",
		"us-east-1/rides-prd parameter cluster parameter innodb_lock_wait_timeout source changed",
		"us-east-1/rides-prd parameter cluster parameter innodb_lock_wait_timeout value changed",
	}
	dcode, got, raw2 := b.drift()
	if dcode != 1 || !slices.Equal(got, want2) {
		t.Errorf("night 1→2 drift: exit %d, changes:\n%s\nwant:\n%s", dcode, strings.Join(got, "\n"), strings.Join(want2, "\n"))
	}
	// A mismatch that is new tonight is a change; it is not listed again
	// as state.
	for _, f := range raw2["state"].([]any) {
		if m := f.(map[string]any); m["kind"] == "configured-vs-running" {
			t.Errorf("configured-vs-running reported twice (as a change and as state): %v", m["message"])
		}
	}
	select {
	case text := <-b.slack:
		if !strings.Contains(text, "7 unexpected change(s)") || !strings.Contains(text, "max_connections") || strings.Contains(out+errOut, "/services/T0/B0/secret") {
			t.Errorf("Slack summary of night 2:\n%s", text)
		}
	default:
		t.Error("night 2 posted nothing to Slack")
	}
	md, err := os.ReadFile(filepath.Join(b.dir, "night2.md"))
	if err != nil || !strings.Contains(string(md), "nickname") || !strings.Contains(string(md), "innodb_lock_wait_timeout") {
		t.Errorf("--report Markdown missing or incomplete (%v):\n%s", err, md)
	}

	// Night 3: billing's secret is wrong: it fails, keeps night 2's
	// snapshot (stale), and nothing else changed.
	b.setSecret("billing-stg", "wrong-password-for-tonight")
	code, out, errOut = b.night()
	if code != exitPartial {
		t.Fatalf("night 3: exit %d, want %d\n%s\n%s", code, exitPartial, out, errOut)
	}
	select {
	case text := <-b.slack:
		if !strings.Contains(text, "1 failed target(s)") || !strings.Contains(text, "billing-stg failed: ") || !strings.Contains(text, "stale") {
			t.Errorf("Slack summary of night 3:\n%s", text)
		}
	default:
		t.Error("night 3 (a failed cluster) posted nothing to Slack")
	}
	dcode, got, raw := b.drift()
	if dcode != 0 || len(got) != 0 {
		t.Errorf("night 2→3 drift: exit %d, changes %v (want none: billing is stale, the rest unchanged)", dcode, got)
	}
	if w := fmt.Sprint(raw["warnings"]); !strings.Contains(w, "billing-stg") {
		t.Errorf("night 2→3 drift does not warn about the stale cluster: %s", w)
	}
	st, err := location.Open(ctx, "s3://dbre-snapshots/store", location.Options{PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	sets, err := st.Sets(ctx)
	if err != nil || len(sets) != 3 {
		t.Fatalf("sets %v, %v", sets, err)
	}
	m3, err := st.Manifest(ctx, sets[2])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m3.Targets {
		if e.Name == region+"/billing-stg" {
			if e.Status != snapshot.StatusFailed || !e.Stale() || e.StaleFrom != sets[1] || !strings.Contains(e.Error, "Access denied") {
				t.Errorf("night 3 billing entry: %+v", e)
			}
		} else if e.Status != snapshot.StatusOK || e.Stale() {
			t.Errorf("night 3 %s: %+v", e.Name, e)
		}
	}
	index := b.object("dbre-docs", "docs/index.html")
	if !strings.Contains(index, "billing-stg") || !strings.Contains(strings.ToLower(index), "stale") {
		t.Errorf("published index does not show billing-stg as stale")
	}
	if !strings.Contains(index, `href="drift/index.html"`) {
		t.Errorf("published index does not link to the drift pages")
	}

	// The published site has the drift pages with the night-2 changes.
	fleet := b.object("dbre-docs", "docs/drift/index.html")
	for _, w := range []string{"orders-prd", "rides-prd", "billing-stg"} {
		if !strings.Contains(fleet, w) {
			t.Errorf("published drift/index.html does not mention %s", w)
		}
	}

	// …the cluster's history page has the variable's value over time,
	// the schema changelog the new column, the parameter page the edit.
	if page := b.object("dbre-docs", "docs/drift/t/us-east-1/orders-prd/index.html"); !strings.Contains(page, "max_connections") || !strings.Contains(page, "500") {
		t.Errorf("published history of orders-prd lacks max_connections 151 → 500")
	}
	if page := b.object("dbre-docs", "docs/drift/t/us-east-1/orders-prd/schema-shop.html"); !strings.Contains(page, "nickname") {
		t.Errorf("published schema changelog of orders-prd/shop lacks the nickname column")
	}
	if page := b.object("dbre-docs", "docs/drift/parameters/innodb_lock_wait_timeout.html"); !strings.Contains(page, "rides-prd") || !strings.Contains(page, "120") {
		t.Errorf("published parameter page lacks rides-prd's innodb_lock_wait_timeout 120")
	}

	// Night 4: billing is back (fresh again), nothing changed.
	b.setSecret("billing-stg", b.servers["billing-stg"].RootPassword)
	if code, out, errOut = b.night(); code != exitOK {
		t.Fatalf("night 4: exit %d\n%s\n%s", code, out, errOut)
	}
	if dcode, got, _ := b.drift(); dcode != 0 || len(got) != 0 {
		t.Errorf("night 3→4 drift: exit %d, changes %v", dcode, got)
	}
	select {
	case text := <-b.slack:
		t.Errorf("a quiet night posted to Slack:\n%s", text)
	default:
	}

	// The gate on night 1→2: unexpected without a policy (above); with
	// a policy declaring the changes, green.
	pol := writeFile(t, b.dir, "policy.yaml", `
declared:
  - {select: {targets: ["us-east-1/orders-prd"]}, object: "shop.customer*", reason: "PR #42 adds customer.nickname"}
  - {select: {targets: ["us-east-1/orders-prd"]}, object: max_connections, reason: "CHG-7 more connections, parameter group edit to follow"}
  - {select: {targets: ["us-east-1/billing-stg"]}, kind: schema, object: "shop.customer_audit*", reason: "PR #43 drops an unused index"}
  - {select: {tags: {env: prd}}, object: innodb_lock_wait_timeout, reason: "CHG-8 longer lock waits on prd"}
`)
	dcode, got, _ = b.drift("--from", sets[0], "--to", sets[1], "--policy", pol)
	if dcode != 0 || len(got) != len(want2) {
		t.Errorf("declared drift: exit %d, changes %v", dcode, got)
	}
	for _, k := range got {
		if !strings.HasSuffix(k, "(expected)") {
			t.Errorf("not declared: %s", k)
		}
	}
}

// TestRunConfigErrorsDoNothing: a broken policy or config stops the run
// before anything is crawled or written (exit 2, file:line:col named).
func TestRunConfigErrorsDoNothing(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	writeFile(t, dir, "policy.yaml", "declard:\n  - {object: x, reason: y}\n")
	cases := []struct{ name, config, want string }{
		{"unknown policy key", "targets:\n  - {name: a, host: 127.0.0.1, user: u, password_env: P}\ndrift: {policy: policy.yaml}\n",
			`policy.yaml:1:1: declard: unknown key (did you mean "declared"?)`},
		{"missing policy", "targets:\n  - {name: a, host: 127.0.0.1, user: u, password_env: P}\ndrift: {policy: nope.yaml}\n", "nope.yaml"},
		{"bad config", "targets:\n  - {name: a, host: 127.0.0.1, user: u, password_env: P}\nsite: {publish: /tmp/x}\n",
			"site.publish: must be an s3://bucket/prefix URL"},
		{"bucket root", "targets:\n  - {name: a, host: 127.0.0.1, user: u, password_env: P}\nsite: {publish: s3://docs}\n",
			"a bucket root: publishing there deletes every other object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeFile(t, dir, "auroradoc.yaml", tc.config)
			code, out, errOut := runCLI(t, map[string]string{"P": "x"}, "run", "--config", cfg, "--store", store, "--out", filepath.Join(dir, "site"))
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, errOut, tc.want)
			}
			if strings.Contains(out, "snapshot set") {
				t.Errorf("something was crawled:\n%s", out)
			}
			for _, p := range []string{store, filepath.Join(dir, "site")} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s was created", p)
				}
			}
		})
	}
}

// TestNightlyReportSurvivesFailures: the drift report of a night is never
// lost. A run whose publish fails still prints, writes and posts the
// report (and exits 3); a run that died before delivering its report
// (no reported mark in the store) has its changes reported by the next
// run, which compares against the last set whose report was delivered.
func TestNightlyReportSurvivesFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three MariaDB servers and runs four nights; skipped with -short")
	}
	b := newNightlyBed(t)
	ctx := context.Background()
	st, err := location.Open(ctx, "s3://dbre-snapshots/store", location.Options{PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	drain := func() []string {
		var texts []string
		for {
			select {
			case text := <-b.slack:
				texts = append(texts, text)
			default:
				return texts
			}
		}
	}
	if code, out, errOut := b.night("--no-publish"); code != exitOK {
		t.Fatalf("night 1: exit %d\n%s\n%s", code, out, errOut)
	}
	// Night 2 raises max_connections, but its run dies after publishing,
	// before the report was delivered: its set carries no reported mark.
	b.servers["orders-prd"].Exec(t, "SET GLOBAL max_connections = 500")
	if code, out, errOut := b.night("--no-publish"); code != 1 {
		t.Fatalf("night 2: exit %d\n%s\n%s", code, out, errOut)
	}
	set2, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.s3.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("dbre-snapshots"), Key: aws.String("store/reported/" + set2 + ".json")}); err != nil {
		t.Fatal(err)
	}
	drain()

	// Night 3 adds a column, and publishing fails (no such bucket).
	b.servers["rides-prd"].Exec(t, "ALTER TABLE shop.customer ADD COLUMN nickname varchar(64) NULL")
	mdFile := filepath.Join(b.dir, "night3.md")
	code, out, errOut := b.night("--publish", "s3://no-such-bucket/docs", "--report", mdFile, "--emf")
	if code != exitFailed || !strings.Contains(errOut, "publishing the site") {
		t.Fatalf("night 3: exit %d, want %d with the publish error\n%s\n%s", code, exitFailed, out, errOut)
	}
	// --emf: the night's metrics, as the CloudWatch alarms read them.
	if !strings.Contains(errOut, `"NightFinished":1`) || !strings.Contains(errOut, `"FailedSteps":1`) || !strings.Contains(errOut, `"Namespace":"auroradoc"`) {
		t.Errorf("night 3's stderr lacks the EMF metrics line:\n%s", errOut)
	}
	md, err := os.ReadFile(mdFile)
	if err != nil {
		t.Fatalf("night 3 wrote no --report: %v", err)
	}
	for _, want := range []string{"max_connections", "nickname"} {
		if !strings.Contains(out, want) || !strings.Contains(string(md), want) {
			t.Errorf("night 3's report (stdout and --report) lacks %q (night 2 was never reported, night 3 added the column):\n%s", want, out)
		}
	}
	if texts := drain(); len(texts) != 1 || !strings.Contains(texts[0], "the run failed: publishing the site") || !strings.Contains(texts[0], "nickname") {
		t.Errorf("night 3's Slack posts: %q", texts)
	}
	// Night 4: night 3's report was delivered, so nothing is repeated.
	code, out, errOut = b.night("--no-publish")
	if code != exitOK || !strings.Contains(out, "0 unexpected") {
		t.Errorf("night 4: exit %d, want 0 and no unexpected change\n%s\n%s", code, out, errOut)
	}
	// Night 5 drops an index, and Slack refuses the post: the set stays
	// unmarked, so night 6 posts the change again.
	b.servers["billing-stg"].Exec(t, "DROP INDEX idx_audit_customer ON shop.customer_audit")
	good := b.vars["SLACK_URL"]
	b.vars["SLACK_URL"] = good + "-revoked"
	code, out, errOut = b.night("--no-publish")
	if code != 1 || !strings.Contains(errOut, "the next run reports these changes again") {
		t.Errorf("night 5: exit %d, want 1 and a warning about the failed post\n%s\n%s", code, out, errOut)
	}
	b.vars["SLACK_URL"] = good
	drain()
	code, out, errOut = b.night("--no-publish")
	if code != 1 || !strings.Contains(out, "idx_audit_customer") {
		t.Errorf("night 6: exit %d, want 1 with night 5's change again\n%s\n%s", code, out, errOut)
	}
	if texts := drain(); len(texts) != 1 || !strings.Contains(texts[0], "idx_audit_customer") {
		t.Errorf("night 6's Slack posts: %q", texts)
	}
}
