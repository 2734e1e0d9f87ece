package fakeaws_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

func regionNames(rs []types.Region) []string {
	var out []string
	for _, r := range rs {
		out = append(out, aws.ToString(r.RegionName))
	}
	return out
}

func TestDescribeRegions(t *testing.T) {
	s := start(t)
	client := ec2Client(t, s, "us-east-1")
	ctx := testContext(t)

	out, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	if got := regionNames(out.Regions); !slices.Equal(got, fakeaws.DefaultRegions()) {
		t.Errorf("default regions %q, want %q", got, fakeaws.DefaultRegions())
	}
	r := out.Regions[0]
	if aws.ToString(r.Endpoint) != "ec2.us-east-1.amazonaws.com" || aws.ToString(r.OptInStatus) != "opt-in-not-required" {
		t.Errorf("region %+v, want endpoint ec2.us-east-1.amazonaws.com, opt-in-not-required", r)
	}

	s.SetRegions("eu-central-1", "sa-east-1", "us-east-2")
	out, err = client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		t.Fatalf("DescribeRegions after SetRegions: %v", err)
	}
	if got := regionNames(out.Regions); !slices.Equal(got, []string{"eu-central-1", "sa-east-1", "us-east-2"}) {
		t.Errorf("after SetRegions: %q", got)
	}

	out, err = client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{RegionNames: []string{"sa-east-1"}})
	if err != nil {
		t.Fatalf("DescribeRegions RegionNames: %v", err)
	}
	if got := regionNames(out.Regions); !slices.Equal(got, []string{"sa-east-1"}) {
		t.Errorf("RegionNames sa-east-1: %q", got)
	}
	out, err = client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{
		Filters: []types.Filter{{Name: aws.String("region-name"), Values: []string{"us-east-2", "eu-central-1"}}},
	})
	if err != nil {
		t.Fatalf("DescribeRegions region-name filter: %v", err)
	}
	if got := regionNames(out.Regions); !slices.Equal(got, []string{"eu-central-1", "us-east-2"}) {
		t.Errorf("region-name filter: %q", got)
	}
	calls := s.Calls()
	if p := calls[len(calls)-1].Params; p.Get("Filter.1.Name") != "region-name" || p.Get("Filter.1.Value.2") != "eu-central-1" {
		t.Errorf("recorded EC2 filter params %v, want Filter.1.Name, Filter.1.Value.N", p)
	}

	_, err = client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{RegionNames: []string{"mars-north-1"}})
	if code := errorCode(err); code != "InvalidParameterValue" {
		t.Errorf("unknown region: error %v (code %q), want InvalidParameterValue", err, code)
	}
	_, err = client.DescribeVolumes(ctx, &ec2.DescribeVolumesInput{})
	if code := errorCode(err); code != "InvalidAction" {
		t.Errorf("DescribeVolumes: error %v (code %q), want InvalidAction", err, code)
	}
	if n := s.Count("ec2", "DescribeRegions", "us-east-1"); n != 5 {
		t.Errorf("Count(ec2, DescribeRegions, us-east-1) = %d, want 5", n)
	}
}
