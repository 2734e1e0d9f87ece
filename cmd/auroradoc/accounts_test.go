package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/internal/testbed"
	"github.com/auroradoc/auroradoc/snapshot"
)

// TestNightlyTwoAccountsSameClusterIDs: two AWS accounts, reached by
// assuming a role each through the fake's STS, both holding a cluster
// "orders" in us-east-1 (and the prod account also "rides"), each on its
// own MariaDB. Three nights of `auroradoc run`: the equal ids become two
// targets, two snapshots and two site pages; a change on one account's
// server is drift of that target only; with the prod role's external id
// rotated on the AWS side the prod account fails as one "account:prod"
// entry, its clusters are carried forward stale, and the other account's
// results are kept.
func TestNightlyTwoAccountsSameClusterIDs(t *testing.T) {
	const (
		prodID, devID     = "111122223333", "444455556666"
		prodRole, devRole = "arn:aws:iam::111122223333:role/auroradoc-crawler", "arn:aws:iam::444455556666:role/auroradoc-crawler"
		prodName, devName = "prod/us-east-1/orders", "444455556666/us-east-1/orders"
		ridesName         = "prod/us-east-1/rides"
	)
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	useFakeAWS(t, fake)
	for _, r := range []struct{ arn, ext string }{{prodRole, "ext-prod-1"}, {devRole, ""}} {
		if err := fake.AddRole(r.arn, r.ext); err != nil {
			t.Fatal(err)
		}
	}
	servers := map[string]*testbed.MariaDB{}
	for _, c := range []struct{ account, id, schema string }{
		{prodID, "orders", "orders_prod"}, {devID, "orders", "orders_dev"}, {prodID, "rides", "rides"},
	} {
		m := testbed.StartMariaDB(t)
		m.Exec(t, "CREATE DATABASE "+c.schema)
		m.Exec(t, "CREATE TABLE "+c.schema+".t (id INT PRIMARY KEY, v VARCHAR(10))")
		servers[c.account+"/"+c.id] = m
		params := []fakeaws.Parameter{{Name: "max_connections", Value: c.account[:3], Source: "user", IsModifiable: true}}
		fake.AddClusterParameterGroupIn(c.account, region, "default.aurora-mysql8.0", "aurora-mysql8.0", params)
		fake.AddInstanceParameterGroupIn(c.account, region, "default.aurora-mysql8.0", "aurora-mysql8.0", nil)
		fake.AddClusterIn(c.account, region, fakeaws.Cluster{ID: c.id, Endpoint: "127.0.0.1", ReaderEndpoint: "127.0.0.1", Port: m.Port,
			Members: []fakeaws.Instance{{ID: c.id + "-1", Writer: true}}})
		fake.PutSecretIn(c.account, region, "auroradoc/"+c.id, fmt.Sprintf(`{"username":"root","password":%q}`, m.RootPassword))
	}
	// The standard chain's own account holds an "orders" too: with
	// aws.accounts it is not searched.
	fake.AddCluster(region, fakeaws.Cluster{ID: "orders", Endpoint: "127.0.0.1", Port: 1})

	dir := t.TempDir()
	store, site := filepath.Join(dir, "store"), filepath.Join(dir, "site")
	cfg := writeFile(t, dir, "auroradoc.yaml", `
crawl: {timeout: 30s, connect_timeout: 2s}
aws:
  regions: [us-east-1]
  accounts:
    - {id: "`+prodID+`", role_arn: "`+prodRole+`", external_id: ext-prod-1, name: prod}
    - {id: "`+devID+`", role_arn: "`+devRole+`"}
credentials:
  secret_id: "auroradoc/{cluster}"
  tls: false
`)
	night := func() (int, string, string) {
		time.Sleep(1100 * time.Millisecond) // set ids have one-second resolution
		return runCLI(t, nil, "run", "--config", cfg, "--store", store, "--out", site, "--no-publish", "--log-format", "json")
	}

	// Night 1: three targets, the two "orders" apart.
	if code, out, errOut := night(); code != exitOK || strings.Contains(out, "warning(s)") {
		t.Fatalf("night 1: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	st, set1, m := latestSet(t, store)
	var got []string
	for _, e := range m.Targets {
		got = append(got, e.Name+" "+e.Status)
	}
	want := []string{devName + " ok", prodName + " ok", ridesName + " ok"}
	if !slices.Equal(got, want) {
		t.Fatalf("night 1 entries %q, want %q", got, want)
	}
	for name, schema := range map[string]string{prodName: "orders_prod", devName: "orders_dev"} {
		s, err := st.Snapshot(t.Context(), set1, name)
		if err != nil {
			t.Fatal(err)
		}
		// Each account's parameter group says which account it is in.
		wantParam := map[string]string{prodName: prodID[:3], devName: devID[:3]}[name]
		if pg := s.Cluster.ParameterGroup; pg == nil || len(pg.Parameters) != 1 || pg.Parameters[0].Value != wantParam {
			t.Errorf("%s: cluster parameter group %+v, want max_connections = %s (its own account's)", name, pg, wantParam)
		}
		if !strings.Contains(s.Cluster.ARN, ":"+wantParam) {
			t.Errorf("%s: cluster ARN %s is not in its account", name, s.Cluster.ARN)
		}
		wantAccount := map[string]string{prodName: "prod", devName: devID}[name]
		if len(s.Schemas) != 1 || s.Schemas[0].Name != schema || s.Target.Name != name || s.Target.ClusterID != "orders" || s.Target.Account != wantAccount {
			t.Errorf("snapshot of %s: target %+v, schemas %d (want only %s): crossed with the other account", name, s.Target, len(s.Schemas), schema)
		}
		if file := filepath.Join(store, set1, "targets", name+".json.gz"); !fileExists(file) {
			t.Errorf("no snapshot file %s", file)
		}
		page, err := os.ReadFile(filepath.Join(site, "t", name, "index.html"))
		if err != nil {
			t.Fatalf("site page of %s: %v", name, err)
		}
		if !strings.Contains(string(page), schema) {
			t.Errorf("site page of %s does not show its schema %s", name, schema)
		}
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"prod/us-east-1", "444455556666/us-east-1"} {
		if !strings.Contains(string(index), g) {
			t.Errorf("fleet index lacks the group %s", g)
		}
	}
	// Discovery and logins ran with each account's own credentials.
	for _, c := range fake.Calls() {
		if c.Service == "rds" || c.Service == "secretsmanager" {
			if c.Account != prodID && c.Account != devID {
				t.Errorf("%s %s signed for account %q, want an assumed role's", c.Service, c.Action, c.Account)
			}
		}
		if c.Action == "AssumeRole" && strings.Contains(c.Params.Get("RoleArn"), prodID) && c.Params.Get("ExternalId") != "ext-prod-1" {
			t.Errorf("AssumeRole of the prod role sent external id %q", c.Params.Get("ExternalId"))
		}
	}

	// Night 2: a change on the dev account's orders only (an unexpected
	// change: exit 1).
	servers[devID+"/orders"].Exec(t, "ALTER TABLE orders_dev.t ADD COLUMN w INT")
	if code, out, errOut := night(); code != exitPartial || strings.Contains(out, "warning(s)") {
		t.Fatalf("night 2: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut := runCLI(t, nil, "drift", "--store", store, "--format", "json")
	if code > 1 {
		t.Fatalf("drift exit %d\n%s\n%s", code, out, errOut)
	}
	var report struct {
		Changes []struct{ Target, Object, Field, Change string }
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("drift JSON: %v\n%s", err, out)
	}
	var changed []string
	for _, c := range report.Changes {
		changed = append(changed, c.Target+" "+c.Object+" "+c.Change)
	}
	if len(changed) == 0 {
		t.Fatalf("night 2: no drift, want the column added on %s", devName)
	}
	for _, c := range changed {
		if !strings.HasPrefix(c, devName+" ") {
			t.Errorf("drift %q: only %s changed", c, devName)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "drift", "t", devName)); err != nil {
		t.Errorf("no drift pages for %s: %v", devName, err)
	}

	// Night 3: the prod role now wants another external id.
	if err := fake.AddRole(prodRole, "ext-prod-2"); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = night()
	if code != exitPartial {
		t.Fatalf("night 3: exit %d, want %d (partial)\nstdout:\n%s\nstderr:\n%s", code, exitPartial, out, errOut)
	}
	_, set3, m := latestSet(t, store)
	entry := func(name string) *snapshot.Entry {
		i := slices.IndexFunc(m.Targets, func(e *snapshot.Entry) bool { return e.Name == name })
		if i < 0 {
			return nil
		}
		return m.Targets[i]
	}
	if e := entry("account:prod"); e == nil || e.Status != snapshot.StatusFailed ||
		!strings.Contains(e.Error, "AccessDenied") || !strings.Contains(e.Error, prodRole) || strings.Contains(e.Error, "ext-prod") {
		t.Errorf("account:prod entry %+v, want failed with AccessDenied naming the role and not the external id", e)
	}
	if e := entry(devName); e == nil || e.Status != snapshot.StatusOK {
		t.Errorf("%s in night 3: %+v, want ok (the other account's failure must not cost it)", devName, e)
	} else if s, err := st.Snapshot(t.Context(), set3, devName); err != nil || len(s.Schemas) != 1 || s.Schemas[0].Name != "orders_dev" {
		t.Errorf("%s snapshot in night 3: %v", devName, err)
	}
	// The failed account's clusters stay in the night, carried stale.
	for _, name := range []string{prodName, ridesName} {
		if e := entry(name); e == nil || e.Status != snapshot.StatusSkipped || !e.Stale() || !strings.Contains(e.Reason, "account:prod failed") {
			t.Errorf("%s in night 3: %+v, want skipped, carried forward stale (account:prod failed)", name, e)
		} else if _, err := st.Snapshot(t.Context(), set3, name); err != nil {
			t.Errorf("%s carried into night 3: %v", name, err)
		}
	}
	if strings.Contains(out+errOut, "ext-prod") {
		t.Error("an external id appears in the output")
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
