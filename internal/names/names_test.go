package names

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestValidTarget(t *testing.T) {
	for name, want := range map[string]bool{
		"orders":                true,
		"orders-prd":            true,
		"a":                     true,
		"0":                     true,
		"db.v2_main-1":          true,
		strings.Repeat("a", 63): true,
		strings.Repeat("a", 64): false,
		"":                      false,
		"Orders":                false,
		"orders prd":            false,
		"-orders":               false,
		".hidden":               false,
		"_x":                    false,
		"us-east-1/orders":      false, // qualified: ValidStoreName
		"../x":                  false,
		"orders/":               false,
		"ördérs":                false,
		"orders\n":              false,
	} {
		if got := ValidTarget(name); got != want {
			t.Errorf("ValidTarget(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValidRegion(t *testing.T) {
	for r, want := range map[string]bool{
		"us-east-1":      true,
		"eu-west-3":      true,
		"ap-northeast-1": true,
		"us-gov-west-1":  true,
		"cn-north-1":     true,
		"il-central-12":  true,
		"":               false,
		"all":            false,
		"us-east":        false,
		"us-1":           false,
		"us-east-1a":     false, // an availability zone
		"US-EAST-1":      false,
		"use-east-1":     false,
		"u-east-1":       false,
		"us--east-1":     false,
		"us-east-":       false,
		"us-east-1-":     false,
		"-us-east-1":     false,
		"us-east-x":      false,
		"us-east-１":      false, // a full-width digit
		" us-east-1":     false,
	} {
		if got := ValidRegion(r); got != want {
			t.Errorf("ValidRegion(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestValidStoreName(t *testing.T) {
	for name, want := range map[string]bool{
		"orders":                               true,
		"us-east-1/orders-prd":                 true,
		"us-gov-west-1/db.1":                   true,
		"eu-west-1/" + strings.Repeat("a", 63): true,
		"eu-west-1/" + strings.Repeat("a", 64): false,
		"us-east-1/":                           false,
		"/orders":                              false,
		"us-east-1a/orders":                    false,
		"orders/us-east-1":                     false,
		"us-east-1/us-east-1/orders":           false,
		"us-east-1/Orders":                     false,
		"us-east-1/../orders":                  false,
		"":                                     false,
	} {
		if got := ValidStoreName(name); got != want {
			t.Errorf("ValidStoreName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSameAsTheRegularExpressions checks the rules against the regular
// expressions that spelled them out before this package, on random strings
// over the characters that matter.
func TestSameAsTheRegularExpressions(t *testing.T) {
	target := regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)
	region := regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	store := regexp.MustCompile(`^([a-z]{2}(-[a-z]+)+-[0-9]+/)?[a-z0-9][a-z0-9._-]{0,62}$`)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab01-./_Z é"
	seeds := []string{"us-east-1", "us-east-1/", "ap-northeast-12/", "orders", "us-gov-west-1/db"}
	for range 200000 {
		var b strings.Builder
		if rng.IntN(2) == 0 {
			b.WriteString(seeds[rng.IntN(len(seeds))])
		}
		for n := rng.IntN(12); n > 0; n-- {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if rng.IntN(50) == 0 {
			s += strings.Repeat("a", 50+rng.IntN(20))
		}
		if got, want := ValidTarget(s), target.MatchString(s); got != want {
			t.Fatalf("ValidTarget(%q) = %v, the regular expression says %v", s, got, want)
		}
		if got, want := ValidRegion(s), region.MatchString(s); got != want {
			t.Fatalf("ValidRegion(%q) = %v, the regular expression says %v", s, got, want)
		}
		if got, want := ValidStoreName(s), store.MatchString(s); got != want {
			t.Fatalf("ValidStoreName(%q) = %v, the regular expression says %v", s, got, want)
		}
	}
}

func TestValidStoreNameWithAccounts(t *testing.T) {
	for name, want := range map[string]bool{
		"orders":                          true,
		"us-east-1/orders":                true,
		"111122223333/us-east-1/orders":   true,
		"prod/us-east-1/orders":           true,
		"prod/us-east-1/":                 false,
		"/us-east-1/orders":               false,
		"11112222333/us-east-1/orders":    true,  // 11 digits: a valid label, not an id
		"us-west-2/us-east-1/orders":      false, // a region as account label reads two ways
		"Prod/us-east-1/orders":           false,
		"prod/us-east-1/orders/x":         false,
		"prod/orders/us-east-1":           false,
		"../us-east-1/orders":             false,
		"111122223333/us-east-1/../x":     false,
		"111122223333/us-east-1/orders\n": false,
	} {
		if got := ValidStoreName(name); got != want {
			t.Errorf("ValidStoreName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestClusterRoundTrip(t *testing.T) {
	for _, c := range []struct{ account, region, id, name, group string }{
		{"", "us-east-1", "orders", "us-east-1/orders", "us-east-1"},
		{"111122223333", "eu-west-1", "orders", "111122223333/eu-west-1/orders", "111122223333/eu-west-1"},
		{"prod", "eu-west-1", "orders", "prod/eu-west-1/orders", "prod/eu-west-1"},
	} {
		name := Cluster(c.account, c.region, c.id)
		if name != c.name {
			t.Errorf("Cluster(%q, %q, %q) = %q, want %q", c.account, c.region, c.id, name, c.name)
		}
		a, r, id, ok := SplitCluster(name)
		if !ok || a != c.account || r != c.region || id != c.id {
			t.Errorf("SplitCluster(%q) = %q, %q, %q, %v", name, a, r, id, ok)
		}
		if g := Group(name); g != c.group {
			t.Errorf("Group(%q) = %q, want %q", name, g, c.group)
		}
	}
	if g := Group("orders"); g != "" {
		t.Errorf("Group of a static name = %q, want empty", g)
	}
}

func TestValidAccountID(t *testing.T) {
	for id, want := range map[string]bool{
		"111122223333": true, "000000000000": true,
		"11112222333": false, "1111222233334": false, "11112222333a": false, "": false,
	} {
		if got := ValidAccountID(id); got != want {
			t.Errorf("ValidAccountID(%q) = %v, want %v", id, got, want)
		}
	}
}
