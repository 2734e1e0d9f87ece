package fakeaws_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// manyParams makes n parameters param_000..., every field set, the
// descriptions carrying XML metacharacters.
func manyParams(n int) []fakeaws.Parameter {
	var ps []fakeaws.Parameter
	for i := range n {
		p := fakeaws.Parameter{
			Name:                 fmt.Sprintf("param_%03d", i),
			Value:                fmt.Sprint(i),
			Source:               []string{"engine-default", "system", "user"}[i%3],
			ApplyType:            []string{"static", "dynamic"}[i%2],
			ApplyMethod:          []string{"pending-reboot", "immediate"}[i%2],
			DataType:             "integer",
			AllowedValues:        "0-18446744073709551615",
			Description:          fmt.Sprintf("<param %d> & \"more\"", i),
			IsModifiable:         i%4 != 0,
			MinimumEngineVersion: "8.0.mysql_aurora.3.01.0",
			SupportedEngineModes: []string{"provisioned"},
		}
		ps = append(ps, p)
	}
	return ps
}

func TestDescribeDBClusterParametersPaginatesWithEveryField(t *testing.T) {
	s := start(t)
	want := manyParams(450)
	s.AddClusterParameterGroup("us-east-1", "big-pg", "aurora-mysql8.0", want)
	client := rdsClient(t, s, "us-east-1")
	ctx := testContext(t)

	var got []types.Parameter
	p := rds.NewDescribeDBClusterParametersPaginator(client, &rds.DescribeDBClusterParametersInput{
		DBClusterParameterGroupName: aws.String("big-pg"),
	})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("NextPage: %v", err)
		}
		got = append(got, out.Parameters...)
	}
	if n := s.Count("rds", "DescribeDBClusterParameters", "us-east-1"); n != 5 {
		t.Errorf("Count = %d, want 5 pages", n)
		for _, c := range s.Calls() {
			t.Logf("%+v", c)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d parameters, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		gotS := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%t|%s|%v",
			aws.ToString(g.ParameterName), aws.ToString(g.ParameterValue), aws.ToString(g.Source),
			aws.ToString(g.ApplyType), g.ApplyMethod, aws.ToString(g.DataType), aws.ToString(g.AllowedValues),
			aws.ToString(g.Description), aws.ToBool(g.IsModifiable), aws.ToString(g.MinimumEngineVersion), g.SupportedEngineModes)
		wantS := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%t|%s|%v",
			w.Name, w.Value, w.Source, w.ApplyType, w.ApplyMethod, w.DataType, w.AllowedValues,
			w.Description, w.IsModifiable, w.MinimumEngineVersion, w.SupportedEngineModes)
		if gotS != wantS || g.IsModifiable == nil {
			t.Fatalf("parameter %d\n got %s\nwant %s", i, gotS, wantS)
		}
	}

	out, err := client.DescribeDBClusterParameters(ctx, &rds.DescribeDBClusterParametersInput{
		DBClusterParameterGroupName: aws.String("big-pg"), Source: aws.String("user"),
	})
	if err != nil {
		t.Fatalf("Source=user: %v", err)
	}
	if len(out.Parameters) != 100 || out.Marker == nil {
		t.Errorf("Source=user: first page %d parameters, marker %v; want 100 of 150 and a marker", len(out.Parameters), out.Marker)
	}
	for _, p := range out.Parameters {
		if aws.ToString(p.Source) != "user" {
			t.Fatalf("Source=user returned %s with source %s", aws.ToString(p.ParameterName), aws.ToString(p.Source))
		}
	}
}

func TestDescribeDBParametersReadsInstanceGroupsOnly(t *testing.T) {
	s := start(t)
	s.AddInstanceParameterGroup("us-east-1", "default.aurora-mysql8.0", "aurora-mysql8.0",
		[]fakeaws.Parameter{{Name: "max_connections", Value: "1000"}, {Name: "sql_mode"}})
	s.AddClusterParameterGroup("us-east-1", "default.aurora-mysql8.0", "aurora-mysql8.0",
		[]fakeaws.Parameter{{Name: "binlog_format", Value: "OFF", ApplyType: "static"}})
	client := rdsClient(t, s, "us-east-1")
	ctx := testContext(t)

	out, err := client.DescribeDBParameters(ctx, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String("default.aurora-mysql8.0")})
	if err != nil {
		t.Fatalf("DescribeDBParameters: %v", err)
	}
	if len(out.Parameters) != 2 || aws.ToString(out.Parameters[0].ParameterName) != "max_connections" {
		t.Fatalf("instance group parameters %+v, want max_connections, sql_mode", out.Parameters)
	}
	mc, sm := out.Parameters[0], out.Parameters[1]
	if aws.ToString(mc.Source) != "engine-default" || aws.ToString(mc.ApplyType) != "dynamic" ||
		mc.ApplyMethod != types.ApplyMethodImmediate || aws.ToString(mc.DataType) != "string" {
		t.Errorf("defaults: source %s, apply type %s, method %s, data type %s; want engine-default, dynamic, immediate, string",
			aws.ToString(mc.Source), aws.ToString(mc.ApplyType), mc.ApplyMethod, aws.ToString(mc.DataType))
	}
	if sm.ParameterValue != nil {
		t.Errorf("sql_mode ParameterValue = %q, want none", *sm.ParameterValue)
	}

	cl, err := client.DescribeDBClusterParameters(ctx, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String("default.aurora-mysql8.0")})
	if err != nil {
		t.Fatalf("DescribeDBClusterParameters: %v", err)
	}
	if len(cl.Parameters) != 1 || cl.Parameters[0].ApplyMethod != types.ApplyMethodPendingReboot {
		t.Errorf("cluster group parameters %+v, want binlog_format, pending-reboot", cl.Parameters)
	}

	var notFound *types.DBParameterGroupNotFoundFault
	_, err = client.DescribeDBParameters(ctx, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String("nope")})
	if !errors.As(err, &notFound) {
		t.Errorf("unknown instance group: error %v, want DBParameterGroupNotFoundFault", err)
	}
	_, err = client.DescribeDBClusterParameters(ctx, &rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String("nope")})
	if !errors.As(err, &notFound) {
		t.Errorf("unknown cluster group: error %v, want DBParameterGroupNotFoundFault", err)
	}
	_, err = client.DescribeDBParameters(ctx, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String("default.aurora-mysql8.0"), Source: aws.String("bogus")})
	if code := errorCode(err); code != "InvalidParameterValue" {
		t.Errorf("Source=bogus: error %v (code %q), want InvalidParameterValue", err, code)
	}
}

func TestSetParameterEditsInPlace(t *testing.T) {
	s := start(t)
	s.AddClusterParameterGroup("eu-west-1", "orders-pg", "aurora-mysql8.0",
		[]fakeaws.Parameter{{Name: "binlog_format", Value: "OFF"}, {Name: "time_zone"}})
	if err := s.SetClusterParameter("eu-west-1", "orders-pg", "binlog_format", "ROW"); err != nil {
		t.Fatalf("SetClusterParameter: %v", err)
	}
	out, err := rdsClient(t, s, "eu-west-1").DescribeDBClusterParameters(testContext(t),
		&rds.DescribeDBClusterParametersInput{DBClusterParameterGroupName: aws.String("orders-pg")})
	if err != nil {
		t.Fatalf("DescribeDBClusterParameters: %v", err)
	}
	bf := out.Parameters[0]
	if aws.ToString(bf.ParameterValue) != "ROW" || aws.ToString(bf.Source) != "user" {
		t.Errorf("binlog_format = %s (source %s), want ROW (user)", aws.ToString(bf.ParameterValue), aws.ToString(bf.Source))
	}

	for name, err := range map[string]error{
		"unknown parameter":      s.SetClusterParameter("eu-west-1", "orders-pg", "nope", "1"),
		"unknown group":          s.SetClusterParameter("eu-west-1", "nope", "binlog_format", "ROW"),
		"other region":           s.SetClusterParameter("us-east-1", "orders-pg", "binlog_format", "ROW"),
		"instance, not cluster,": s.SetInstanceParameter("eu-west-1", "orders-pg", "binlog_format", "ROW"),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
