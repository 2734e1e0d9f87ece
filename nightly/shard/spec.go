package shard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/auroradoc/auroradoc/config"
	"github.com/auroradoc/auroradoc/internal/names"
	"github.com/auroradoc/auroradoc/snapshot"
)

// Spec is one shard: the static targets (Static), or the AWS clusters of
// one region (of every configured account), of one account (in every
// configured region) or of one account in one region.
type Spec struct {
	Static          bool
	Account, Region string
}

// Parse reads a shard as written on the command line: "static",
// "region=<region>", "account=<key>" or "account=<key>,region=<region>"
// (the account key is the account's name:, else its id).
func Parse(s string) (Spec, error) {
	if s == "static" {
		return Spec{Static: true}, nil
	}
	var sp Spec
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch {
		case k == "region" && sp.Region == "" && names.ValidRegion(v):
			sp.Region = v
		case k == "account" && sp.Account == "" && names.ValidAccountKey(v):
			sp.Account = v
		default:
			return Spec{}, fmt.Errorf("shard %q: want static, region=<region>, account=<key> or account=<key>,region=<region>", s)
		}
	}
	return sp, nil
}

// String is the shard as Parse reads it; it also names the shard's record
// in the set.
func (s Spec) String() string {
	switch {
	case s.Static:
		return "static"
	case s.Account != "" && s.Region != "":
		return "account=" + s.Account + ",region=" + s.Region
	case s.Account != "":
		return "account=" + s.Account
	}
	return "region=" + s.Region
}

// Plan lists the shards that cover the configured fleet, split by "region",
// "account" or "account,region", plus "static" when the configuration has
// static targets.
func Plan(cfg *config.Config, by string) ([]Spec, error) {
	var out []Spec
	if len(cfg.Targets) > 0 {
		out = append(out, Spec{Static: true})
	}
	a := cfg.AWS
	if a == nil {
		return out, nil
	}
	if a.AllRegions && by != "account" {
		return nil, fmt.Errorf("sharding by %s needs the regions listed in aws.regions (regions: [all] is resolved only at run time)", by)
	}
	var keys []string
	for _, ac := range a.Accounts {
		keys = append(keys, ac.Key())
	}
	switch by {
	case "region":
		for _, r := range a.Regions {
			out = append(out, Spec{Region: r})
		}
	case "account", "account,region":
		if len(keys) == 0 {
			return nil, fmt.Errorf("sharding by %s needs aws.accounts", by)
		}
		for _, k := range keys {
			if by == "account" {
				out = append(out, Spec{Account: k})
				continue
			}
			for _, r := range a.Regions {
				out = append(out, Spec{Account: k, Region: r})
			}
		}
	default:
		return nil, fmt.Errorf("shard by %q: want region, account or account,region", by)
	}
	return out, nil
}

// Narrow returns the configuration of the shard's part of the fleet: the
// static targets only, or the aws: section cut down to its account and
// region. A shard the configuration does not cover is an error.
func (s Spec) Narrow(cfg *config.Config) (*config.Config, error) {
	c := *cfg
	if s.Static {
		if len(cfg.Targets) == 0 {
			return nil, fmt.Errorf("shard static: %s has no static targets", cfg.Source)
		}
		c.AWS = nil
		return &c, nil
	}
	if cfg.AWS == nil {
		return nil, fmt.Errorf("shard %s: %s has no aws: section", s, cfg.Source)
	}
	a := *cfg.AWS
	c.Targets, c.AWS = nil, &a
	if s.Region != "" {
		if !a.AllRegions && !slices.Contains(a.Regions, s.Region) {
			return nil, fmt.Errorf("shard %s: region %s is not in aws.regions of %s", s, s.Region, cfg.Source)
		}
		a.Regions, a.AllRegions = []string{s.Region}, false
	}
	if s.Account != "" {
		i := slices.IndexFunc(a.Accounts, func(ac config.Account) bool { return ac.Key() == s.Account })
		if i < 0 {
			return nil, fmt.Errorf("shard %s: no account %s in aws.accounts of %s", s, s.Account, cfg.Source)
		}
		a.Accounts = a.Accounts[i : i+1]
	}
	return &c, nil
}

// Failed returns the failed entries that stand for the shard's part of
// the fleet when it has no result (it never reported, or found nothing
// at all): "region:…" or "account:…" entries, which carry their clusters
// forward (snapshot.Unreached), or each static target.
func (s Spec) Failed(cfg *config.Config, why string) []*snapshot.Entry {
	var out []*snapshot.Entry
	add := func(name string) {
		out = append(out, &snapshot.Entry{Name: name, Status: snapshot.StatusFailed, Error: why})
	}
	switch {
	case s.Static:
		for _, t := range cfg.Targets {
			add(t.Name)
		}
	case s.Account != "" && s.Region != "":
		add("region:" + s.Account + "/" + s.Region)
	case s.Account != "":
		add("account:" + s.Account)
	case cfg.AWS != nil && len(cfg.AWS.Accounts) > 0:
		for _, ac := range cfg.AWS.Accounts {
			add("region:" + ac.Key() + "/" + s.Region)
		}
	default:
		add("region:" + s.Region)
	}
	return out
}

// Resolve returns the night's shards: those listed (space-separated, as
// Parse reads them) or, when list is empty, Plan(cfg, by).
func Resolve(cfg *config.Config, list, by string) ([]Spec, error) {
	if list == "" {
		return Plan(cfg, by)
	}
	var out []Spec
	for _, f := range strings.Fields(list) {
		sp, err := Parse(f)
		if err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, nil
}
