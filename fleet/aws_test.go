package fleet

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
	"github.com/auroradoc/auroradoc/snapshot"
)

const (
	roleA = "arn:aws:iam::111122223333:role/auroradoc-crawler"
	roleB = "arn:aws:iam::444455556666:role/auroradoc-crawler"
)

// accountsFake holds a cluster "orders" in the default account and in
// accounts 111122223333 and 444455556666 (plus a stopped one in the
// latter), with the roles registered.
func accountsFake(t *testing.T, roles ...string) *fakeaws.Server {
	t.Helper()
	fake, err := fakeaws.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	fakeaws.UseAsStandardChain(t, fake)
	for _, r := range roles {
		if err := fake.AddRole(r, "ext-"+r[13:25]); err != nil {
			t.Fatal(err)
		}
	}
	fake.AddCluster("us-east-1", fakeaws.Cluster{ID: "orders", Members: []fakeaws.Instance{{ID: "o-1", Writer: true}}})
	for _, acct := range []string{"111122223333", "444455556666"} {
		fake.AddClusterIn(acct, "us-east-1", fakeaws.Cluster{ID: "orders", Members: []fakeaws.Instance{{ID: "o-1", Writer: true}}})
	}
	fake.AddClusterIn("444455556666", "eu-west-1", fakeaws.Cluster{ID: "orders", Status: "stopped"})
	return fake
}

const accountsConfig = `
aws:
  regions: [us-east-1, eu-west-1]
  accounts:
    - {id: "111122223333", role_arn: "` + roleA + `", external_id: ext-111122223333, name: prod}
    - {id: "444455556666", role_arn: "` + roleB + `", external_id: ext-444455556666}
credentials: {secret_id: "auroradoc/{cluster}", tls: "false"}
`

func entryNames(es []*snapshot.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name+" "+e.Status)
	}
	return out
}

func TestDiscoverAccounts(t *testing.T) {
	accountsFake(t, roleA, roleB)
	targets, extra, err := Discover(context.Background(), parse(t, accountsConfig), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(targets), []string{"444455556666/us-east-1/orders", "prod/us-east-1/orders"}; !slices.Equal(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
	if got, want := entryNames(extra), []string{"444455556666/eu-west-1/orders skipped"}; !slices.Equal(got, want) {
		t.Errorf("extra entries %q, want %q", got, want)
	}
	for _, tg := range targets {
		id := map[string]string{"prod": "111122223333", "444455556666": "444455556666"}[tg.Account]
		if id == "" || !strings.HasPrefix(tg.Name, tg.Account+"/") || !strings.Contains(tg.Cluster.ARN, ":"+id+":cluster:orders") {
			t.Errorf("target %s: account %q, ARN %s", tg.Name, tg.Account, tg.Cluster.ARN)
		}
	}
}

func TestDiscoverWithoutAccountsKeepsNames(t *testing.T) {
	accountsFake(t)
	targets, _, err := Discover(context.Background(), parse(t, "aws: {regions: [us-east-1]}\ncredentials: {secret_id: s, tls: \"false\"}\n"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(targets); !slices.Equal(got, []string{"us-east-1/orders"}) || targets[0].Account != "" {
		t.Errorf("targets %q (account %q), want the default account's [us-east-1/orders]", got, targets[0].Account)
	}
}

func TestDiscoverUnknownRoleFailsItsAccountOnly(t *testing.T) {
	fake := accountsFake(t, roleA) // roleB is not registered
	targets, extra, err := Discover(context.Background(), parse(t, accountsConfig), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if got := names(targets); !slices.Equal(got, []string{"prod/us-east-1/orders"}) {
		t.Errorf("targets %q, want only the prod account's", got)
	}
	if got := entryNames(extra); !slices.Equal(got, []string{"account:444455556666 failed"}) {
		t.Fatalf("extra entries %q, want one failed account entry", got)
	}
	if e := extra[0].Error; !strings.Contains(e, "AccessDenied") || !strings.Contains(e, roleB) || strings.Contains(e, "ext-") {
		t.Errorf("account error %q: want AccessDenied naming the role, without the external id", e)
	}
	// The refused account cost one AssumeRole (retries aside), no RDS call.
	for _, c := range fake.Calls() {
		if c.Service == "rds" && c.Account == "444455556666" {
			t.Errorf("RDS call %s for the refused account", c.Action)
		}
	}

	// Every account refused: an error, not an empty night.
	accountsFake(t)
	if _, _, err := Discover(context.Background(), parse(t, accountsConfig), slog.New(slog.DiscardHandler)); err == nil ||
		!strings.Contains(err.Error(), "discovery failed in every account") {
		t.Errorf("every account refused: error %v", err)
	}
}
