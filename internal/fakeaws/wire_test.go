package fakeaws_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/auroradoc/auroradoc/internal/fakeaws"
)

// post sends a raw request, for what the SDK would never send.
func post(t *testing.T, s *fakeaws.Server, method, authorization, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(testContext(t), method, s.URL()+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read answer: %v", err)
	}
	return resp.StatusCode, string(b)
}

func signedFor(region, service string) string {
	return "AWS4-HMAC-SHA256 Credential=AKID/20261121/" + region + "/" + service +
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123"
}

func TestRequestsWithoutAUsableScopeAreRefused(t *testing.T) {
	s := start(t)
	form := url.Values{"Action": {"DescribeDBClusters"}, "Version": {"2014-10-31"}}.Encode()

	for _, c := range []struct {
		name, method, authorization string
		status                      int
		want                        []string
	}{
		{"unsigned", "POST", "", 403, []string{"<Code>MissingAuthenticationToken</Code>", "SigV4 credential scope", "<Type>Sender</Type>", "<RequestId>"}},
		{"not SigV4", "POST", "Bearer abc", 403, []string{"<Code>IncompleteSignature</Code>", "AWS4-HMAC-SHA256"}},
		{"scope without region", "POST", "AWS4-HMAC-SHA256 Credential=AKID/20261121/rds/aws4_request, Signature=0", 403,
			[]string{"<Code>IncompleteSignature</Code>", "ACCESS_KEY/DATE/REGION/SERVICE/aws4_request"}},
		{"unfaked service", "POST", signedFor("us-east-1", "iam"), 400, []string{"<Code>InvalidAction</Code>", "the service iam"}},
		{"GET", "GET", signedFor("us-east-1", "rds"), 400, []string{"<Code>InvalidAction</Code>", "want POST /"}},
		{"old API version", "POST", signedFor("us-east-1", "rds"), 400, nil},
	} {
		body := form
		if c.name == "old API version" {
			body = strings.Replace(form, "2014-10-31", "2013-09-09", 1)
			c.want = []string{"<Code>InvalidAction</Code>", "version 2013-09-09"}
		}
		status, answer := post(t, s, c.method, c.authorization, body)
		if status != c.status {
			t.Errorf("%s: status %d, want %d; %s", c.name, status, c.status, answer)
		}
		for _, w := range c.want {
			if !strings.Contains(answer, w) {
				t.Errorf("%s: answer lacks %q:\n%s", c.name, w, answer)
			}
		}
	}
	calls := s.Calls()
	if len(calls) != 6 || calls[0].Status != 403 || calls[0].Action != "DescribeDBClusters" || calls[3].Service != "iam" {
		t.Errorf("recorded calls %+v, want all 6 with their statuses", calls)
	}
}

func TestAnswersAreTheServicesXML(t *testing.T) {
	s := start(t)
	s.AddCluster("us-east-1", fakeaws.Cluster{ID: "a", Tags: map[string]string{"k": "<&>"}})
	form := url.Values{"Action": {"DescribeDBClusters"}, "Version": {"2014-10-31"}}.Encode()
	status, answer := post(t, s, "POST", signedFor("us-east-1", "rds"), form)
	for _, w := range []string{
		`<DescribeDBClustersResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">`,
		"<DescribeDBClustersResult><DBClusters><DBCluster><DBClusterIdentifier>a</DBClusterIdentifier>",
		"<TagList><Tag><Key>k</Key><Value>&lt;&amp;&gt;</Value></Tag></TagList>",
		"<ResponseMetadata><RequestId>",
	} {
		if status != 200 || !strings.Contains(answer, w) {
			t.Errorf("status %d, answer lacks %q:\n%s", status, w, answer)
		}
	}

	status, answer = post(t, s, "POST", signedFor("us-east-1", "ec2"), "Action=DescribeRegions&Version=2016-11-15")
	for _, w := range []string{
		`<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>`,
		"<regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>",
	} {
		if status != 200 || !strings.Contains(answer, w) {
			t.Errorf("status %d, answer lacks %q:\n%s", status, w, answer)
		}
	}
	status, answer = post(t, s, "POST", signedFor("us-east-1", "ec2"), "Action=DescribeVolumes&Version=2016-11-15")
	if status != 400 || !strings.Contains(answer, "<Response><Errors><Error><Code>InvalidAction</Code>") ||
		!strings.Contains(answer, "<RequestID>") {
		t.Errorf("EC2 error: status %d\n%s", status, answer)
	}
}

func TestConcurrentUse(t *testing.T) {
	s := start(t)
	regions := []string{"us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"}
	clients := map[string]*rds.Client{}
	for _, r := range regions {
		clients[r] = rdsClient(t, s, r)
	}
	s.AddClusterParameterGroup("us-east-1", "pg", "aurora-mysql8.0", manyParams(10))
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()

	errs := make(chan error, len(regions))
	for _, r := range regions {
		go func() {
			for range 20 {
				if _, err := clients[r].DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for i := range 50 {
		s.AddCluster(regions[i%len(regions)], fakeaws.Cluster{ID: "c" + string(rune('a'+i%26))})
		_ = s.SetClusterParameter("us-east-1", "pg", "param_001", "x")
		s.Throttle("Nothing", i)
		_ = s.Calls()
		_ = s.Count("rds", "", "")
	}
	for range regions {
		if err := <-errs; err != nil {
			t.Errorf("DescribeDBClusters: %v", err)
		}
	}
	if n := s.Count("rds", "DescribeDBClusters", ""); n != 80 {
		t.Errorf("Count = %d, want 80", n)
	}
}

func TestCloseStopsTheServer(t *testing.T) {
	s, err := fakeaws.New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	client := rds.NewFromConfig(sdkConfig(t, s, "us-east-1", config.WithRetryMaxAttempts(1)))
	if _, err := client.DescribeDBClusters(testContext(t), &rds.DescribeDBClustersInput{}); err != nil {
		t.Fatalf("before Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := client.DescribeDBClusters(testContext(t), &rds.DescribeDBClustersInput{}); err == nil {
		t.Error("a call after Close succeeded")
	}
}
